package dev.socketsuite.runtime.web;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.runtime.RawListener;
import dev.socketsuite.runtime.limits.PerAddressLimit;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.tls.CertificateWatcher;
import dev.socketsuite.runtime.tls.TlsContext;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsRouting;
import io.helidon.websocket.WsCloseCodes;

/**
 * A web port: a Helidon WebServer serving one WebSocket endpoint and a few static pages.
 * Helidon does the HTTP and the framing; every peer still passes the raw listener's limits,
 * is counted in the service's connection metrics, and is drained at shutdown like a raw
 * connection (the service's own goodbye comes from its raw listener's drain).
 */
public final class WebSocketListener implements RawListener {

    private static final System.Logger LOG = System.getLogger(WebSocketListener.class.getName());

    private static final Duration SWEEP_EVERY = Duration.ofMillis(200);

    private final String name;
    private final WebSettings settings;
    private final String endpoint;
    private final WebSocketProtocol protocol;
    private final List<WebPage> pages;
    private final ServiceMetrics metrics;
    private final PerAddressLimit perAddress;
    /** Open peers, each with what ends its session: Helidon tells nobody when a peer just vanishes. */
    private final Map<WebPeer, Runnable> open = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private volatile WebServer server;
    /** Null unless the port serves https and wss. */
    private volatile CertificateWatcher certificates;
    private volatile boolean accepting;
    private volatile boolean stopped;

    public WebSocketListener(String name, WebSettings settings, String endpoint, WebSocketProtocol protocol,
                             List<WebPage> pages, ServiceMetrics metrics) {
        this.name = name;
        this.settings = settings;
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.pages = List.copyOf(pages);
        this.metrics = metrics;
        int perAddressMax = settings.listener().maxConnectionsPerAddress();
        this.perAddress = perAddressMax > 0 ? new PerAddressLimit(perAddressMax) : null;
    }

    @Override
    public void bind() throws IOException {
        // Helidon checks a browser's Origin: with no list, it must be the page's own (the request's
        // Host); with a list, it must be on it. A client that sends no Origin is no browser and passes.
        var ws = WsConfig.builder()
                .name("websocket")
                .origins(Set.copyOf(settings.allowedOrigins()))
                .maxFrameLength(settings.maxMessage())
                .build();
        var started = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .featuresDiscoverServices(false)
                .shutdownHook(false)
                .enableProxyProtocol(settings.listener().proxyProtocol())
                .idleConnectionTimeout(settings.listener().idleTimeout())
                // Helidon looks for idle connections every 2 minutes by default: too seldom for a short timeout.
                .idleConnectionPeriod(idleCheckPeriod(settings.listener().idleTimeout()))
                // A chat line is a small frame: Nagle's algorithm would hold it for the peer's delayed ACK (40 ms).
                .connectionOptions(options -> options.tcpNoDelay(true))
                .addProtocol(ws)
                .routing(this::routing)
                .addRouting(WsRouting.builder().endpoint(endpoint, () -> new WebSocketAdapter(this)))
                .update(builder -> tls(builder))
                .build()
                .start();
        if (!started.isRunning()) {
            throw new BindException("the web port did not start (is " + settings.host() + ":" + settings.port() + " taken?)");
        }
        server = started;
        accepting = true;
        var watcher = certificates;
        if (watcher != null) {
            watcher.start();
        }
        Thread.ofVirtual().name(name + "-websocket-sweeper").start(this::sweep);
    }

    /**
     * A peer that drops its connection without a close frame ends Helidon's read loop with no
     * callback to the listener; its closed socket is what is left to see, so look for it.
     */
    private void sweep() {
        while (!stopped) {
            open.forEach((peer, onGone) -> {
                if (!peer.connected()) {
                    onGone.run();
                }
            });
            try {
                Thread.sleep(SWEEP_EVERY);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** A quarter of the idle timeout, from 1 s to 2 min: a connection outlives it by at most that. */
    static Duration idleCheckPeriod(Duration idleTimeout) {
        var quarter = idleTimeout.dividedBy(4);
        var least = Duration.ofSeconds(1);
        var most = Duration.ofMinutes(2);
        return quarter.compareTo(least) < 0 ? least : quarter.compareTo(most) > 0 ? most : quarter;
    }

    private void routing(HttpRouting.Builder routing) {
        for (var page : pages) {
            routing.get(page.path(), (request, response) -> {
                response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, page.contentType()));
                page.headers().forEach((header, value) -> response.header(header, value));
                response.send(page.body());
            });
        }
        // Reached only by a request that was not upgraded: a plain GET, or one refused on the way.
        routing.get(endpoint, (request, response) -> {
            response.status(Status.UPGRADE_REQUIRED_426);
            response.header(HeaderNames.UPGRADE, "websocket");
            response.send("this endpoint speaks WebSocket: connect with a WebSocket client\n");
        });
    }

    /** A peer just upgraded, numbered on this port. */
    WebPeer peer(io.helidon.websocket.WsSession session, InetSocketAddress client) {
        return new WebPeer(ids.incrementAndGet(), session, client, metrics);
    }

    /**
     * Admits a peer, or says why not and closes it; false when refused. {@code onGone} ends it
     * when its connection turns out closed with nobody told.
     */
    boolean admit(WebPeer peer, Runnable onGone) {
        String refusal = null;
        if (!accepting) {
            refusal = "server restarting";
        } else if (active.incrementAndGet() > settings.listener().maxConnections()) {
            active.decrementAndGet();
            refusal = "server full";
        } else if (perAddress != null && !perAddress.tryAcquire(peer.address())) {
            active.decrementAndGet();
            refusal = perAddress.max() + " connections open from " + peer.address().getHostAddress();
        }
        if (refusal != null) {
            metrics.connectionRejected();
            LOG.log(Level.WARNING, "{0}: refused WebSocket peer {1}: {2}", name, peer.peer(), refusal);
            protocol.rejectBusy(peer, refusal);
            peer.close(accepting ? WsCloseCodes.TRY_AGAIN_LATER : WsCloseCodes.SERVICE_RESTART, refusal);
            return false;
        }
        open.put(peer, onGone);
        metrics.connectionOpened();
        LOG.log(Level.DEBUG, "opened WebSocket {0} (#{1})", peer.peer(), peer.id());
        return true;
    }

    /** Gives back what {@link #admit} took; once per admitted peer. */
    void release(WebPeer peer) {
        if (open.remove(peer) == null) {
            return;
        }
        active.decrementAndGet();
        if (perAddress != null) {
            perAddress.release(peer.address());
        }
        metrics.connectionClosed();
        LOG.log(Level.DEBUG, "closed WebSocket {0} (#{1})", peer.peer(), peer.id());
    }

    WebSettings settings() {
        return settings;
    }

    WebSocketProtocol protocol() {
        return protocol;
    }

    ServiceMetrics metrics() {
        return metrics;
    }

    @Override
    public void start() {
        LOG.log(Level.DEBUG, "{0}: WebSocket endpoint at {1}", name, endpoint());
    }

    @Override
    public boolean isServing() {
        var current = server;
        return accepting && current != null && current.isRunning();
    }

    @Override
    public boolean isAlive() {
        var current = server;
        return stopped || current != null && current.isRunning();
    }

    /**
     * With {@code PREFIX.tls}: Helidon's listener serves the certificate directory the raw
     * listener does, through an {@code SSLContext} of our loading (SEC1 and PKCS#1 keys
     * included), and is handed each reloaded pair.
     */
    private void tls(WebServerConfig.Builder builder) {
        if (settings.tls() == null) {
            return;
        }
        var context = TlsContext.load(settings.tls());
        builder.tls(helidonTls(context));
        certificates = new CertificateWatcher(context, metrics, name + "-web", () -> {
            var current = server;
            if (current != null) {
                current.reloadTls(helidonTls(context));
            }
        });
    }

    private Tls helidonTls(TlsContext context) {
        var clientAuth = switch (settings.tls().clientAuth()) {
            case NONE -> TlsClientAuth.NONE;
            case OPTIONAL -> TlsClientAuth.OPTIONAL;
            case REQUIRED -> TlsClientAuth.REQUIRED;
        };
        return Tls.builder().sslContext(context.sslContext()).clientAuth(clientAuth)
                .enabledProtocols(settings.tls().protocols()).build();
    }

    /** New peers are refused from now on; the page still loads, and open peers carry on. */
    @Override
    public void stopAccepting() {
        accepting = false;
        var watcher = certificates;
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Override
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        return RawListener.awaitEmpty(open.keySet(), timeout);
    }

    @Override
    public int closeRemaining() {
        int remaining = open.size();
        open.keySet().forEach(WebPeer::cut);
        stopped = true;
        accepting = false;
        var current = server;
        if (current != null) {
            current.stop();
        }
        return remaining;
    }

    @Override
    public int openConnections() {
        return open.size();
    }

    @Override
    public String endpoint() {
        return (settings.tls() == null ? "ws://" : "wss://") + settings.host() + ":" + port() + endpoint;
    }

    @Override
    public int port() {
        var current = server;
        return current == null ? settings.port() : current.port();
    }
}
