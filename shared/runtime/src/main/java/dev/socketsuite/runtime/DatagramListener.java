package dev.socketsuite.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;

import io.helidon.metrics.api.Counter;

/**
 * A UDP listener: one receive loop that filters each datagram, asks the
 * {@link DatagramHandler} for a reply and sends it to the sender.
 *
 * <p>UDP services are reflection and amplification targets (a forged source address
 * turns a reply into an attack on someone else), so before the handler sees anything:
 * datagrams from source ports below 1024 get no reply (that is how echo/chargen loops
 * start), and each source address is rate-limited. Every drop is counted by reason.
 */
public final class DatagramListener implements RawListener {

    private static final System.Logger LOG = System.getLogger(DatagramListener.class.getName());
    /** The largest UDP payload over IPv4, plus one byte to tell a full datagram from a cut one. */
    private static final int RECEIVE_BUFFER = 65_507 + 1;

    private final String name;
    private final InetSocketAddress address;
    private final DatagramHandler handler;
    private final ServiceMetrics metrics;
    private final SourceRateLimiter rateLimiter;
    private final Counter received;
    private final Counter replied;
    private final ListenLoop loop = new ListenLoop();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private volatile DatagramChannel channel;
    private volatile String boundEndpoint;
    private volatile int boundPort = -1;

    private DatagramListener(ServiceContext context, DatagramHandler handler) {
        var settings = context.settings();
        this.name = context.name();
        this.address = new InetSocketAddress(context.listener().host(), context.listener().port());
        this.handler = handler;
        this.metrics = context.metrics();
        this.rateLimiter = new SourceRateLimiter(
                settings.integer("listener.rate-limit.per-second", 500, 1, 10_000_000),
                settings.integer("listener.rate-limit.burst", 1000, 1, 10_000_000),
                settings.integer("listener.rate-limit.max-sources", 100_000, 1, 10_000_000));
        this.received = metrics.counter("socket.datagrams.received", "Datagrams received");
        this.replied = metrics.counter("socket.datagrams.replied", "Datagrams answered");
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
        var opened = DatagramChannel.open();
        try {
            opened.bind(address);
        } catch (BindException e) {
            opened.close();
            throw new StartupException("cannot listen on " + boundEndpoint + ": " + e.getMessage()
                    + " (change " + Settings.describe("listener.port") + " or listener.host)", e);
        }
        channel = opened;
        var local = (InetSocketAddress) opened.getLocalAddress();
        boundPort = local.getPort();
        boundEndpoint = "udp://" + local.getHostString() + ":" + boundPort;
    }

    @Override
    public void start() {
        loop.start(name + "-receive", boundEndpoint, this::receiveOne);
    }

    /** Datagrams are served on the receive thread, one at a time, in arrival order. */
    private boolean receiveOne() {
        buffer.clear();
        InetSocketAddress sender;
        try {
            sender = (InetSocketAddress) channel.receive(buffer);
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "receive on {0} failed: {1}", boundEndpoint, e.getMessage());
            metrics.error("receive");
            return true;
        }
        buffer.flip();
        serve(buffer, sender);
        return true;
    }

    private void serve(ByteBuffer payload, InetSocketAddress sender) {
        received.increment();
        metrics.bytesReceived(payload.remaining());
        if (sender.getPort() < 1024) {
            drop("privileged_source_port", sender);
            return;
        }
        if (!rateLimiter.tryAcquire(sender.getAddress(), System.nanoTime())) {
            drop("rate_limited", sender);
            return;
        }
        byte[] reply;
        try {
            reply = handler.reply(payload.asReadOnlyBuffer(), sender);
        } catch (RuntimeException e) {
            metrics.error("handler");
            LOG.log(Level.WARNING, "handler failed for a datagram from " + sender, e);
            return;
        }
        if (reply == null) {
            return;
        }
        try {
            channel.send(ByteBuffer.wrap(reply), sender);
            replied.increment();
            metrics.bytesSent(reply.length);
        } catch (IOException e) {
            metrics.error("send");
            LOG.log(Level.WARNING, "reply to {0} failed: {1}", sender, e.getMessage());
        }
    }

    private void drop(String reason, InetSocketAddress sender) {
        metrics.counter("socket.datagrams.dropped", "Datagrams dropped without a reply, by reason",
                "reason", reason).increment();
        LOG.log(Level.DEBUG, "dropped a datagram from {0}: {1}", sender, reason);
    }

    @Override
    public boolean isServing() {
        return loop.serving(channel);
    }

    @Override
    public boolean isAlive() {
        return loop.isAlive();
    }

    @Override
    public void stopAccepting() {
        loop.stop(channel, boundEndpoint);
    }

    /** Datagrams are answered on the receive thread: once it stops there is nothing in flight. */
    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return loop.join(timeout);
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
