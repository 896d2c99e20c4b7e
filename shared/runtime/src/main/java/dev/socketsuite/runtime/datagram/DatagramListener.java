package dev.socketsuite.runtime.datagram;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import dev.socketsuite.runtime.ListenerThread;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.limits.SourceRateLimiter;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * A UDP listener: one receive that filters each datagram, hands it to the
 * {@link DatagramHandler} and sends each reply to its sender. For a handler that serves a
 * batch in one round trip, an event loop takes every datagram already waiting as one batch
 * and goes on receiving while batches wait for their answers ({@link LoopReceiver}); for any
 * other, a thread blocks for one datagram at a time, as a plain {@code recvfrom} loop does.
 *
 * <p>UDP services are reflection and amplification targets (a forged source address
 * turns a reply into an attack on someone else), so before the handler sees anything:
 * datagrams from source ports below 1024 get no reply (that is how echo/chargen loops
 * start), and each source address is rate-limited. Every drop is counted by reason.
 */
public final class DatagramListener implements RawListener {

    private static final System.Logger LOG = System.getLogger(DatagramListener.class.getName());
    /** Datagrams answered together at most: bounds the burst of replies and the memory held. */
    private static final int MAX_BATCH = 256;
    /** The largest UDP payload over IPv4, plus one byte to tell a full datagram from a cut one. */
    private static final int RECEIVE_BUFFER = 65_507 + 1;

    private final String name;
    private final InetSocketAddress address;
    private final DatagramHandler handler;
    /** Datagrams taken per batch: {@link #MAX_BATCH} for a handler that batches (received on an event loop), else 1. */
    private final int batchLimit;
    private final ServiceMetrics metrics;
    private final SourceRateLimiter rateLimiter;
    private final LongAdder received;
    private final ServiceMetrics.Latency latency;
    private final LongAdder replied;
    private final ListenerThread loop = new ListenerThread();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    /** Replies are copied here: sending a heap buffer would borrow and return a direct one each time. */
    private final ByteBuffer replyBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private volatile DatagramChannel channel;
    /** The receive on an event loop, for a handler that batches; null for the blocking receive. */
    private volatile LoopReceiver onLoop;
    private volatile String boundEndpoint;
    private volatile int boundPort = -1;

    private DatagramListener(ServiceContext context, DatagramHandler handler) {
        var settings = context.settings();
        this.name = context.name();
        this.address = new InetSocketAddress(context.listener().host(), context.listener().port());
        this.handler = handler;
        this.batchLimit = handler.batchesPayOff() ? MAX_BATCH : 1;
        this.metrics = context.metrics();
        this.rateLimiter = new SourceRateLimiter(
                settings.integer("listener.rate-limit.per-second", 500, 1, 10_000_000),
                settings.integer("listener.rate-limit.burst", 1000, 1, 10_000_000),
                settings.integer("listener.rate-limit.max-sources", 100_000, 1, 10_000_000));
        this.received = metrics.adder("socket.datagrams.received", "Datagrams received");
        this.latency = metrics.latency("datagram");
        this.replied = metrics.adder("socket.datagrams.replied", "Datagrams answered");
        this.boundEndpoint = "udp://" + address.getHostString() + ":" + address.getPort();
    }

    /** A UDP listener on {@code listener.host}:{@code listener.port}. */
    public static DatagramListener udp(ServiceContext context, DatagramHandler handler) {
        return new DatagramListener(context, handler);
    }

    @Override
    public void bind() throws IOException {
        if (address.isUnresolved()) {
            throw new StartupException(Settings.describe("listener.host") + ": cannot resolve '"
                    + address.getHostString() + "'");
        }
        // An IPv4 address gets an IPv4 socket: the JDK's default, a dual-stack IPv6 one, takes
        // the kernel's longer v4-mapped path for every datagram, in and out.
        var opened = DatagramChannel.open(address.getAddress() instanceof Inet4Address
                ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            opened.bind(address);
        } catch (BindException e) {
            opened.close();
            throw new StartupException("cannot listen on " + boundEndpoint + ": " + e.getMessage()
                    + " (change " + Settings.describe("listener.port") + " or listener.host)", e);
        }
        if (batchLimit > 1) {
            opened.configureBlocking(false); // an event loop takes what is waiting and waits for more
        }
        channel = opened;
        var local = (InetSocketAddress) opened.getLocalAddress();
        boundPort = local.getPort();
        boundEndpoint = "udp://" + local.getHostString() + ":" + boundPort;
    }

    @Override
    public void start() {
        if (batchLimit > 1) {
            onLoop = new LoopReceiver(this, handler);
            onLoop.start(channel);
        } else {
            loop.start(name + "-receive", boundEndpoint, this::serveBatch);
        }
    }

    /** One pass of the blocking receive: one datagram, answered before the next is taken. */
    private boolean serveBatch() {
        var batch = new ArrayList<DatagramHandler.Datagram>(1);
        long taken = takeWaiting(batch);
        if (taken < 0) {
            return false;
        }
        if (!batch.isEmpty()) {
            try {
                answer(batch, handler.replies(batch), taken);
            } catch (RuntimeException e) {
                handlerFailed(batch, e);
            }
        }
        return true;
    }

    /**
     * Takes the datagrams waiting, up to the batch limit, into {@code batch} (those the guards
     * admit): a blocking channel waits for one. Returns when the first was taken off the
     * socket, from which each reply's latency counts (0 when none was), or -1 once the channel is closed.
     */
    long takeWaiting(List<DatagramHandler.Datagram> batch) {
        long taken = 0;
        while (batch.size() < batchLimit) {
            buffer.clear();
            InetSocketAddress sender;
            try {
                sender = (InetSocketAddress) channel.receive(buffer);
            } catch (ClosedChannelException e) {
                return -1;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "receive on {0} failed: {1}", boundEndpoint, e.getMessage());
                metrics.error("receive");
                break;
            }
            if (sender == null) {
                break;
            }
            buffer.flip();
            long now = System.nanoTime();
            if (admit(buffer.remaining(), sender, now)) {
                if (batch.isEmpty()) {
                    taken = now;
                }
                var payload = new byte[buffer.remaining()];
                buffer.get(payload);
                batch.add(new DatagramHandler.Datagram(payload, sender));
            }
        }
        return taken;
    }

    /** The reflection guards: privileged source ports and the per-source rate limit. */
    private boolean admit(int size, InetSocketAddress sender, long now) {
        received.increment();
        metrics.bytesReceived(size);
        if (sender.getPort() < 1024) {
            drop("privileged_source_port", sender);
            return false;
        }
        if (!rateLimiter.tryAcquire(sender.getAddress(), now)) {
            drop("rate_limited", sender);
            return false;
        }
        return true;
    }

    /**
     * Sends a batch's replies (none when null: the handler dropped it); each reply's latency
     * counts from {@code taken}, when the first datagram was taken off the socket.
     */
    void answer(List<DatagramHandler.Datagram> batch, List<byte[]> replies, long taken) {
        if (replies == null) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            var reply = replies.get(i);
            if (reply != null) {
                send(reply, batch.get(i).sender());
                latency.since(taken);
            }
        }
    }

    /** A handler that threw: counted and logged, its batch gets no reply, the service goes on. */
    void handlerFailed(List<DatagramHandler.Datagram> batch, Throwable error) {
        metrics.error("handler");
        LOG.log(Level.WARNING, "handler failed for " + batch.size() + " datagram(s) from " + batch.getFirst().sender(), error);
    }

    private void send(byte[] reply, InetSocketAddress sender) {
        try {
            // One too long for UDP is sent as it is, to fail like any other send.
            var out = reply.length <= replyBuffer.capacity() ? replyBuffer.clear().put(reply).flip() : ByteBuffer.wrap(reply);
            if (channel.send(out, sender) == 0) {
                // The socket's send buffer is full: UDP may drop, and waiting would stall everyone.
                drop("send_buffer_full", sender);
                return;
            }
            replied.increment();
            metrics.bytesSent(reply.length);
        } catch (IOException e) {
            metrics.error("send");
            LOG.log(Level.WARNING, "reply to {0} failed: {1}", sender, e.getMessage());
        }
    }

    private void drop(String reason, InetSocketAddress sender) {
        metrics.datagramsDropped(reason, 1);
        LOG.log(Level.DEBUG, "dropped a datagram from {0}: {1}", sender, reason);
    }

    @Override
    public boolean isServing() {
        return onLoop != null ? channel.isOpen() && onLoop.serving() : loop.serving(channel);
    }

    @Override
    public boolean isAlive() {
        return onLoop != null || loop.isAlive();
    }

    @Override
    public void stopAccepting() {
        if (onLoop == null) {
            loop.stop(channel, boundEndpoint); // wakes the blocked receive
            return;
        }
        // The channel stays open for the replies of the batches being answered; awaitDrained closes it.
        onLoop.stop();
    }

    /** Once the receive stops and the batches it took are answered, nothing is in flight. */
    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        boolean stopped = onLoop != null ? onLoop.awaitAnswered(timeout) : loop.join(timeout);
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "closing {0}: {1}", boundEndpoint, e.getMessage());
        }
        return stopped;
    }

    @Override
    public int closeRemaining() {
        return 0;
    }

    @Override
    public int openConnections() {
        return 0;
    }

    @Override
    public String endpoint() {
        return boundEndpoint;
    }

    @Override
    public int port() {
        return boundPort;
    }
}
