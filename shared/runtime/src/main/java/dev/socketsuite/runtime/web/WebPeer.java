package dev.socketsuite.runtime.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

import dev.socketsuite.protocol.Utf8;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import io.helidon.common.uri.UriQuery;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsSession;

/**
 * One WebSocket peer as a service sees it: who it is, and the ways to talk to it and end it.
 * Sending blocks while the peer is slow to read; {@link #cut()} never does.
 */
public final class WebPeer {

    /** How long a peer has to answer our close frame before its socket is closed under it. */
    private static final Duration CLOSE_LINGER = Duration.ofSeconds(2);

    private final long id;
    private final WsSession session;
    private final InetSocketAddress address;
    private final UriQuery query;
    private final ServiceMetrics metrics;

    WebPeer(long id, WsSession session, InetSocketAddress address, ServiceMetrics metrics) {
        this.id = id;
        this.session = session;
        this.address = address;
        this.query = session.prologue().query();
        this.metrics = metrics;
    }

    /** Sequence number of this peer on its port, from 1. */
    public long id() {
        return id;
    }

    /** The client as {@code host:port}: the PROXY header's or trusted proxy's client when there is one. */
    public String peer() {
        var host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The client's address, as {@link #peer()} names it. */
    public InetAddress address() {
        return address.getAddress();
    }

    /** The upgrade request's query parameter {@code name} (the first one), or null. */
    public String parameter(String name) {
        return query.first(name).orElse(null);
    }

    /** Sends one text message; an IOException when the peer is gone. */
    public void send(String text) throws IOException {
        try {
            session.send(text, true);
            metrics.bytesSent(Utf8.length(text));
        } catch (RuntimeException e) {
            throw new IOException("peer " + peer() + " is gone: " + e.getMessage(), e);
        }
    }

    /**
     * Ends the connection with a close frame ({@code code}, {@code reason}); a peer that does not
     * answer it within a moment is cut off. Waits for a send in progress, so never call it where
     * a slow peer must not hold you up: {@link #cut()} is for that.
     */
    public void close(int code, String reason) {
        try {
            session.close(code, reason);
        } catch (RuntimeException e) {
            cut();
            return;
        }
        Thread.ofVirtual().name("ws-linger-" + id).start(() -> {
            try {
                Thread.sleep(CLOSE_LINGER);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cut();
        });
    }

    /** False once the connection is closed, whoever closed it. */
    boolean connected() {
        return !(session.socketContext() instanceof ConnectionContext context) || context.serverSocket().isConnected();
    }

    /** Closes the socket at once, under any send in progress; the peer's thread then ends it. */
    public void cut() {
        if (session.socketContext() instanceof ConnectionContext context) {
            try {
                context.serverSocket().close();
            } catch (UncheckedIOException alreadyClosed) {
                // gone already: nothing to cut
            }
        }
    }
}
