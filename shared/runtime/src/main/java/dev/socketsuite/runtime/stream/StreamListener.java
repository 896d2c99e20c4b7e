package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.runtime.ListenerThread;
import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.ServiceContext;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.ListenerSettings;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.limits.PerAddressLimit;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.tls.CertificateWatcher;
import dev.socketsuite.runtime.tls.TlsContext;
import dev.socketsuite.runtime.tls.TlsSettings;

/**
 * A stream listener (TCP or Unix domain): accepts, admits within
 * {@code listener.max-connections} (and per address), reads the PROXY header when one is
 * required, then serves each connection the way its {@link StreamProtocol} asks: on the
 * process's {@link EventLoops}, on a virtual thread, or on a loop first. Idle connections
 * are closed after {@code listener.idle-timeout}.
 */
public final class StreamListener implements RawListener {

    private static final System.Logger LOG = System.getLogger(StreamListener.class.getName());

    private final String name;
    /** A connection's thread, the one it starts on or the one a loop hands it to, is named this and its id. */
    private final String threadPrefix;
    private final ProtocolFamily family;
    private final SocketAddress address;
    private final ListenerSettings settings;
    private final ProtocolPaths paths;
    /** True when a connection goes from the accept thread to a loop, with no thread in between. */
    private final boolean straightToLoop;
    private final ServiceMetrics metrics;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final Refusals refusals;
    private final AtomicInteger active = new AtomicInteger();
    /** Null when only the global limit applies (no per-address limit set, or a Unix socket). */
    private final PerAddressLimit perAddress;
    /** Null unless TCP connections must start with a PROXY header. */
    private final ProxyHeaderStep proxyHeader;
    private final AtomicLong ids = new AtomicLong();
    private final IdleReaper reaper;
    private final UnixSocketFile socketFile;
    private final ListenerThread loop = new ListenerThread();
    private volatile AcceptFailures acceptFailures;
    private volatile ServerSocketChannel server;
    private volatile String boundEndpoint;
    private volatile int boundPort = -1;
    /** The TLS port's door, or null when {@code listener.tls.port} is 0 (and on a Unix socket). */
    private final TlsDoor tls;

    /** The TLS port: its own socket and accept thread; admission, limits and connections are the listener's. */
    private static final class TlsDoor {
        final TlsSettings settings;
        final TlsHandshakeStep handshake;
        final CertificateWatcher watcher;
        final ListenerThread loop = new ListenerThread();
        volatile ServerSocketChannel server;
        volatile AcceptFailures acceptFailures;
        volatile String endpoint;
        volatile int port = -1;

        TlsDoor(TlsContext context, StreamProtocol protocol, ServiceMetrics metrics, String name) {
            this.settings = context.settings();
            this.handshake = new TlsHandshakeStep(context, protocol, metrics);
            this.watcher = new CertificateWatcher(context, metrics, name);
        }
    }

    private StreamListener(ServiceContext context, ProtocolFamily family, SocketAddress address,
                           UnixSocketFile socketFile, StreamProtocol protocol) {
        this.name = context.name();
        this.threadPrefix = name + "-conn-";
        this.socketFile = socketFile;
        this.family = family;
        this.address = address;
        this.settings = context.listener();
        this.paths = new ProtocolPaths(protocol);
        this.metrics = context.metrics();
        this.refusals = new Refusals(name, protocol, metrics);
        this.reaper = new IdleReaper(List.of(open, refusals.finishing()), settings.idleTimeout(), metrics);
        this.boundEndpoint = describe(address);
        this.perAddress = socketFile == null && settings.maxConnectionsPerAddress() > 0
                ? new PerAddressLimit(settings.maxConnectionsPerAddress()) : null;
        this.proxyHeader = socketFile == null && settings.proxyProtocol()
                ? new ProxyHeaderStep(settings.idleTimeout(), metrics) : null;
        // Only a PROXY header (read with a blocking read) or a protocol's blocking start needs a thread first.
        this.straightToLoop = proxyHeader == null && paths.startsOnLoop();
        var tlsSettings = socketFile == null ? TlsSettings.from(context.settings()) : TlsSettings.OFF;
        this.tls = tlsSettings.enabled() ? new TlsDoor(TlsContext.load(tlsSettings), protocol, metrics, name) : null;
    }

    /** A TCP listener on {@code listener.host}:{@code listener.port} serving {@code protocol}. */
    public static StreamListener tcp(ServiceContext context, StreamProtocol protocol) {
        var settings = context.listener();
        return new StreamListener(context, null, new InetSocketAddress(settings.host(), settings.port()),
                null, protocol);
    }

    /**
     * A Unix domain listener on {@code listener.path}, its file created with
     * {@code listener.socket-mode} (default 0660) and removed at shutdown.
     */
    public static StreamListener unix(ServiceContext context, StreamProtocol protocol) {
        var path = context.listener().path();
        if (path.isBlank()) {
            throw new StartupException(Settings.describe("listener.path") + " must name the socket file");
        }
        var socketPath = Path.of(path);
        var mode = context.settings().string("listener.socket-mode", "0660");
        return new StreamListener(context, StandardProtocolFamily.UNIX, UnixDomainSocketAddress.of(socketPath),
                new UnixSocketFile(socketPath, mode), protocol);
    }

    @Override
    public void bind() throws IOException {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            throw new StartupException(Settings.describe("listener.host") + ": cannot resolve '"
                    + inet.getHostString() + "'");
        }
        if (socketFile != null) {
            socketFile.prepare();
        }
        var channel = family == null ? ServerSocketChannel.open() : ServerSocketChannel.open(family);
        try {
            if (socketFile == null) {
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            }
            channel.bind(address, settings.backlog());
            if (socketFile != null) {
                socketFile.claim();
            }
        } catch (BindException | UnresolvedAddressException e) {
            channel.close();
            var key = socketFile == null ? "listener.port" : "listener.path";
            throw new StartupException("cannot listen on " + describe(address) + ": " + e.getMessage()
                    + " (change " + Settings.describe(key) + ")", e);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        server = channel;
        var local = channel.getLocalAddress();
        boundEndpoint = describe(local);
        boundPort = local instanceof InetSocketAddress inet ? inet.getPort() : -1;
        if (tls != null) {
            bindTls((InetSocketAddress) address);
        }
    }

    private void bindTls(InetSocketAddress plain) throws IOException {
        var address = new InetSocketAddress(plain.getAddress(), tls.settings.port());
        var channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, settings.backlog());
        } catch (IOException | RuntimeException e) {
            channel.close();
            server.close();
            throw new StartupException("cannot listen on " + describe(address).replace("tcp://", "tls://") + ": "
                    + e.getMessage() + " (change " + Settings.describe("listener.tls.port") + ")", e);
        }
        tls.server = channel;
        tls.port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        tls.endpoint = describe(channel.getLocalAddress()).replace("tcp://", "tls://");
    }

    @Override
    public void start() {
        acceptFailures = new AcceptFailures(endpoint(), metrics);
        reaper.start(name);
        loop.start(name + "-accept", endpoint(), () -> acceptOne(server, acceptFailures, false));
        if (tls != null) {
            tls.acceptFailures = new AcceptFailures(tls.endpoint, metrics);
            tls.watcher.start();
            tls.loop.start(name + "-accept-tls", tls.endpoint, () -> acceptOne(tls.server, tls.acceptFailures, true));
        }
    }

    private boolean acceptOne(ServerSocketChannel from, AcceptFailures failures, boolean secure) throws InterruptedException {
        SocketChannel channel;
        try {
            channel = from.accept();
        } catch (ClosedChannelException e) {
            return false;
        } catch (IOException e) {
            // Typically out of file descriptors: keep serving the peers we have and retry.
            failures.failed(e, open.size());
            return true;
        }
        failures.succeeded();
        admit(channel, secure);
        return true;
    }

    private void admit(SocketChannel channel, boolean secure) {
        if (socketFile == null) {
            // Replies are small and written whole: send them now, not after the peer's delayed ACK.
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "TCP_NODELAY: {0}", e.getMessage());
            }
        }
        var connection = new Connection(ids.incrementAndGet(), channel, metrics);
        if (active.incrementAndGet() > settings.maxConnections()) {
            active.decrementAndGet();
            refusals.refuse(connection, settings.maxConnections() + " connections open", "listener.max-connections");
            return;
        }
        // Behind a PROXY header the source is known only once the header is read, on the connection's thread.
        var source = perAddress == null || proxyHeader != null ? null : sourceAddress(channel);
        if (source != null && !perAddress.tryAcquire(source)) {
            active.decrementAndGet();
            refusals.refuse(connection, overPerAddress(source), "listener.max-connections-per-address");
            return;
        }
        open.add(connection);
        metrics.connectionOpened();
        LOG.log(Level.DEBUG, "opened {0} (#{1})", connection.peer(), connection.id());
        if (straightToLoop && !secure) {
            serve(connection, source, false);
        } else {
            Thread.ofVirtual().name(threadPrefix + connection.id()).start(() -> serve(connection, source, secure));
        }
    }

    private String overPerAddress(InetAddress source) {
        return perAddress.max() + " connections open from " + source.getHostAddress();
    }

    private static InetAddress sourceAddress(SocketChannel channel) {
        try {
            return channel.getRemoteAddress() instanceof InetSocketAddress inet ? inet.getAddress() : null;
        } catch (IOException e) {
            return null; // already gone: the handler will find out at its first read
        }
    }

    private void serve(Connection connection, InetAddress acquired, boolean secure) {
        var source = acquired;
        Throwable failure = null;
        boolean handedOff = false;
        try {
            if (proxyHeader != null) {
                if (!proxyHeader.pass(connection)) {
                    return;
                }
                var client = connection.peerAddress().getAddress();
                if (perAddress != null && !perAddress.tryAcquire(client)) {
                    refusals.refuseHere(connection, overPerAddress(client), "listener.max-connections-per-address");
                    return;
                }
                source = perAddress == null ? null : client;
            }
            if (secure && !tls.handshake.pass(connection)) {
                return;
            }
            var onLoop = paths.serve(connection, threadPrefix);
            if (onLoop != null) {
                var held = source;
                onLoop.whenComplete((done, loopFailure) -> ended(connection, held, loopFailure));
                handedOff = true;
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            if (!handedOff) {
                ended(connection, source, failure);
            }
        }
    }

    /** Closes and releases a connection whose service ended, normally or with {@code failure}. */
    private void ended(Connection connection, InetAddress source, Throwable failure) {
        ConnectionEnds.record(connection, failure, metrics);
        if (failure == null) {
            connection.finish();
        } else {
            connection.close();
        }
        open.remove(connection);
        if (source != null) {
            perAddress.release(source);
        }
        active.decrementAndGet();
        metrics.connectionClosed();
        LOG.log(Level.DEBUG, "closed {0} (#{1})", connection.peer(), connection.id());
    }

    @Override
    public boolean isServing() {
        return loop.serving(server) && (tls == null || tls.loop.serving(tls.server)) && acceptProblem() == null;
    }

    @Override
    public String acceptProblem() {
        var failures = acceptFailures;
        var problem = failures == null ? null : failures.reason();
        if (problem == null && tls != null && tls.acceptFailures != null) {
            problem = tls.acceptFailures.reason();
        }
        return problem;
    }

    @Override
    public boolean isAlive() {
        return loop.isAlive() && (tls == null || tls.loop.isAlive());
    }

    @Override
    public void stopAccepting() {
        loop.stop(server, endpoint());
        if (tls != null && tls.server != null) {
            tls.loop.stop(tls.server, tls.endpoint);
            tls.watcher.stop();
        }
        paths.onDrain();
        open.forEach(Connection::drain);
        if (socketFile != null) {
            socketFile.removeIfOurs();
        }
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return RawListener.awaitEmpty(open, timeout);
    }

    @Override
    public int closeRemaining() {
        reaper.stop();
        int count = 0;
        for (var connection : open) {
            connection.closeFor("shutdown");
            count++;
        }
        return count;
    }

    @Override
    public int openConnections() {
        return open.size();
    }

    @Override
    public String endpoint() {
        return boundEndpoint;
    }

    @Override
    public int port() {
        return boundPort;
    }

    @Override
    public int tlsPort() {
        return tls == null ? -1 : tls.port;
    }

    @Override
    public String tlsEndpoint() {
        return tls == null ? null : tls.endpoint;
    }

    private static String describe(SocketAddress socketAddress) {
        if (socketAddress instanceof InetSocketAddress inet) {
            return "tcp://" + inet.getHostString() + ":" + inet.getPort();
        }
        return socketAddress instanceof UnixDomainSocketAddress unix ? "unix://" + unix.getPath() : String.valueOf(socketAddress);
    }
}
