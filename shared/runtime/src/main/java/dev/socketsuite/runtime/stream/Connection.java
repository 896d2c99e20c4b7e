package dev.socketsuite.runtime.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.tls.Negotiated;

/**
 * One accepted stream connection (TCP or Unix domain) as a protocol handler sees it:
 * blocking streams that count bytes and mark activity for the idle timeout (or, once
 * handed to the event loops, its non-blocking reads and writes, counted the same way).
 *
 * <p>Reading and writing may happen on different threads (chat does); each direction
 * must stay on one thread at a time.
 */
public final class Connection implements Closeable {

    private final long id;
    private final SocketChannel channel;
    private volatile InetSocketAddress peerAddress;
    private volatile String peer;
    private final ServiceMetrics metrics;
    private final ConnectionInput input = new ConnectionInput(this);
    private final OutputStream output = new ChannelOutput();
    private final AtomicReference<Deadline> deadline = new AtomicReference<>();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile String closeReason;
    /** Run once the channel is closed, by whoever closes it; null when nobody needs to know. */
    private volatile Runnable closeListener;
    /** The event loop adapter serving this connection, or null while it has a thread of its own. */
    private volatile LoopAdapter loopAdapter;
    /** Encrypts and decrypts its bytes once a TLS handshake finished; null on a plain connection. */
    private volatile TlsTransport tls;
    /** What its TLS handshake settled; null on a plain connection. */
    private volatile Negotiated negotiated;

    /** When to give up on the peer, what to tell it then, and the error kind to count (or null). */
    private record Deadline(long atNanos, byte[] farewell, String errorKind) {
    }

    Connection(long id, SocketChannel channel, ServiceMetrics metrics) {
        this.id = id;
        this.channel = channel;
        this.metrics = metrics;
        var remote = remoteAddress(channel);
        this.peerAddress = remote instanceof InetSocketAddress inet ? inet : null;
        this.peer = describe(remote);
    }

    /** Sequence number of this connection in this process, from 1. */
    public long id() {
        return id;
    }

    /**
     * The peer as {@code host:port}, or {@code unix} for a Unix-domain peer: the original
     * client's when a PROXY protocol header named it. For logs and for showing back.
     */
    public String peer() {
        return peer;
    }

    /** The peer's address (the original client's behind a PROXY header), or null for a Unix-domain peer. */
    public InetSocketAddress peerAddress() {
        return peerAddress;
    }

    /** The PROXY header named the original client: from now on it is the peer. */
    void proxiedFor(InetSocketAddress client) {
        peerAddress = client;
        peer = describe(client);
    }

    /** Hands {@code bytes[from..to)} to the handler's first reads, before anything from the channel. */
    void unread(byte[] bytes, int from, int to) {
        input.unread(bytes, from, to);
    }

    /** The bytes a PROXY header was followed by, which no read has taken yet; null when none. */
    byte[] takeUnread() {
        return input.takeUnread();
    }

    SocketChannel channel() {
        return channel;
    }

    /** The handshake finished, settling {@code settled}: from now on every byte goes through {@code transport}. */
    void secured(TlsTransport transport, Negotiated settled) {
        negotiated = settled;
        tls = transport;
    }

    /** What the TLS handshake settled (version, SNI, ALPN, client certificate, fingerprints), or null on a plain connection. */
    public Negotiated tls() {
        return negotiated;
    }

    /** True while an event loop serves this connection (its channel non-blocking). */
    boolean servedByLoop() {
        return loopAdapter != null;
    }

    /** From now on {@code adapter} serves this connection on an event loop, its channel non-blocking. */
    void servedBy(LoopAdapter adapter) {
        loopAdapter = adapter;
    }

    /** Shutdown began: closed now if its loop finds it between messages of a protocol that allows that. */
    void drain() {
        var adapter = loopAdapter;
        if (adapter != null) {
            adapter.drain();
        }
    }

    /** Runs {@code listener} when the channel closes, or now if it already has. */
    void whenClosed(Runnable listener) {
        closeListener = listener;
        if (!channel.isOpen()) {
            listener.run();
        }
    }

    /** Reads what a non-blocking channel has; counted and marked as activity like the streams' reads. */
    int readAvailable(ByteBuffer buffer) throws IOException {
        var transport = tls;
        if (transport != null) {
            return transport.read(buffer, this::received);
        }
        int count = channel.read(buffer);
        if (count > 0) {
            received(count);
        }
        return count;
    }

    /**
     * Writes what the channel takes now (all of it, when blocking), counted and marked as
     * activity; the rest stays in {@code buffer}.
     */
    int writeAvailable(ByteBuffer buffer) throws IOException {
        var transport = tls;
        if (transport != null) {
            return transport.write(buffer, this::sent);
        }
        int count = channel.write(buffer);
        if (count > 0) {
            sent(count);
        }
        return count;
    }

    /**
     * True when everything written has reached the socket. Always so on a plain connection;
     * on TLS a record the socket did not take whole waits, and the writer waits for it.
     */
    boolean flushed() {
        var transport = tls;
        return transport == null || transport.flushed();
    }

    /**
     * Bytes from the peer; {@code read} returns -1 when the peer shut its output. Only for a
     * connection on a thread of its own: while an event loop serves it, the loop reads, and
     * {@code read} throws {@link IllegalStateException}.
     */
    public InputStream input() {
        return input;
    }

    /** Bytes to the peer; every write is complete when it returns. */
    public OutputStream output() {
        return output;
    }

    /** Sends FIN: the peer reads end-of-stream, while we can still read what it sends. */
    public void shutdownOutput() throws IOException {
        var transport = tls;
        if (transport != null) {
            transport.closeOutput(this::sent); // close_notify: the peer reads the end of the TLS stream
        }
        channel.shutdownOutput();
    }

    /**
     * Arms a deadline: once {@code limit} has passed, even if the peer is still active, the
     * runtime sends {@code farewell} (if not null), counts {@code errorKind} (if not null)
     * and closes. Replaces any armed deadline.
     */
    public void expireWithin(Duration limit, byte[] farewell, String errorKind) {
        deadline.set(new Deadline(System.nanoTime() + limit.toNanos(), farewell, errorKind));
    }

    /**
     * Disarms the deadline. Returns false when it already fired: the farewell is being
     * written and the connection closed, so the handler must not write any more.
     */
    public boolean cancelExpiry() {
        var armed = deadline.get();
        return armed == null || deadline.compareAndSet(armed, null);
    }

    /**
     * Ends a one-reply exchange politely: sends FIN, then reads and drops what the peer
     * still sends (up to {@code limit}) so closing with unread bytes does not turn into a
     * reset that could destroy the reply before the peer reads it.
     */
    public void finishAfterReply(Duration limit) throws IOException {
        shutdownOutput();
        expireWithin(limit, null, null);
        var sink = new byte[1024];
        while (input.read(sink) >= 0) {
            // discard
        }
    }

    /**
     * Closes after a clean end of the connection's service: on TLS, close_notify goes first,
     * so the peer can tell the end from a cut connection.
     */
    void finish() {
        var transport = tls;
        if (transport != null && channel.isOpen()) {
            try {
                transport.closeOutput(this::sent);
            } catch (IOException | RuntimeException ignored) {
                // the peer is gone or the socket full: closing is all that is left
            }
        }
        close();
    }

    /** True once closed by anyone. */
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort: nothing left to tell the peer
        }
        var listener = closeListener;
        if (listener != null) {
            listener.run();
        }
    }

    /** Closes from another thread, remembering why; a blocked read or write then fails. */
    void closeFor(String reason) {
        closeReason = reason;
        close();
    }

    /** Why the runtime closed this connection ({@code idle_timeout}, {@code shutdown}), or null. */
    String closeReason() {
        return closeReason;
    }

    boolean idleLongerThan(long idleNanos, long nowNanos) {
        return nowNanos - lastActivityNanos > idleNanos;
    }

    /**
     * Fires the deadline if it is due; only one caller wins against {@link #cancelExpiry()}.
     * The farewell is written on its own virtual thread, so a peer that does not read
     * cannot stall the caller. Returns true when it fired.
     */
    boolean expireIfDue(long nowNanos) {
        var armed = deadline.get();
        if (armed == null || nowNanos - armed.atNanos() < 0 || !deadline.compareAndSet(armed, null)) {
            return false;
        }
        var reason = armed.errorKind() == null ? "deadline" : armed.errorKind();
        if (armed.errorKind() != null) {
            metrics.error(armed.errorKind());
        }
        if (armed.farewell() == null) {
            closeFor(reason);
        } else {
            closeReason = reason;
            Thread.ofVirtual().start(() -> {
                try {
                    output.write(armed.farewell());
                } catch (IOException ignored) {
                    // the peer is gone already; closing is all that is left
                } finally {
                    closeFor(reason);
                }
            });
        }
        return true;
    }

    private void received(int count) {
        touch();
        metrics.bytesReceived(count);
    }

    private void sent(int count) {
        touch();
        metrics.bytesSent(count);
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    private static SocketAddress remoteAddress(SocketChannel channel) {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return address == null ? "unknown" : "unix";
    }

    private final class ChannelOutput extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, bytes.length);
            var buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining() || !flushed()) {
                // Only a non-blocking channel, served by a loop, takes nothing (or, on TLS, not all of a record).
                if (writeAvailable(buffer) == 0 && loopAdapter != null && (buffer.hasRemaining() || !flushed())) {
                    loopAdapter.awaitWritable();
                }
            }
        }
    }
}
