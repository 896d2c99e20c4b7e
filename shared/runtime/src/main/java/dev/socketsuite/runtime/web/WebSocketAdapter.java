package dev.socketsuite.runtime.web;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import dev.socketsuite.protocol.Utf8;
import dev.socketsuite.protocol.http.ForwardedFor;
import dev.socketsuite.protocol.http.HttpHeaders;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * One WebSocket connection between Helidon and the service: admits it, puts fragments
 * together up to the size bound, refuses binary messages, and ends the session once.
 */
final class WebSocketAdapter implements WsListener {

    private static final System.Logger LOG = System.getLogger(WebSocketAdapter.class.getName());

    private final WebSocketListener listener;
    private final int maxMessage;
    /** The upgrade request's forwarding headers, for a trusted proxy's client. */
    private final HttpHeaders forwarding = new HttpHeaders();
    private final StringBuilder partial = new StringBuilder();
    private int partialBytes;
    /** Set before the peer is admitted, so the sweeper that may end it always finds it. */
    private volatile WebPeer peer;
    private final AtomicReference<WebSocketSession> session = new AtomicReference<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Its end is counted already (a bound it crossed): how the connection then closes is no news. */
    private volatile boolean counted;

    WebSocketAdapter(WebSocketListener listener) {
        this.listener = listener;
        this.maxMessage = listener.settings().maxMessage();
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        for (var name : ForwardedFor.HEADERS) {
            headers.all(HeaderNames.create(name), List::of).forEach(value -> forwarding.add(name, value));
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        peer = listener.peer(ws, client(ws));
        if (!listener.admit(peer, this::lost)) {
            peer = null;
            return;
        }
        var opened = listener.protocol().open(peer);
        if (opened == null) {
            end();
            peer.close(WsCloseCodes.NORMAL_CLOSE, "done");
            return;
        }
        session.set(opened);
        if (ended.get()) { // the peer vanished while its session opened
            endSession();
        }
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        var current = session.get();
        if (current == null) {
            return;
        }
        int bytes = Utf8.length(text);
        listener.metrics().bytesReceived(bytes);
        partialBytes += bytes;
        if (partialBytes > maxMessage) {
            refuse(WsCloseCodes.TOO_BIG, "message_too_long", "message over " + maxMessage + " bytes");
            return;
        }
        partial.append(text);
        if (last) {
            var message = partial.toString();
            partial.setLength(0);
            partialBytes = 0;
            current.received(message);
        }
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        if (session.get() != null) {
            refuse(WsCloseCodes.CANNOT_ACCEPT, "binary_message", "text messages only");
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        if (status != WsCloseCodes.NORMAL_CLOSE && status != WsCloseCodes.GOING_AWAY
                && status != WsCloseCodes.NO_STATUS_CODE && peer != null && !counted) {
            counted = true;
            listener.metrics().error("websocket_close_error");
            LOG.log(Level.DEBUG, "WebSocket {0} closed with {1} {2}", peer.peer(), String.valueOf(status), reason);
        }
        end();
    }

    @Override
    public void onError(WsSession ws, Throwable error) {
        if (peer != null && !counted) {
            counted = true;
            listener.metrics().error("websocket_error");
            LOG.log(Level.DEBUG, "WebSocket {0} failed: {1}", peer.peer(), error.toString());
        }
        end();
    }

    /** A bound crossed: counted, logged, and the peer is closed with {@code code}; it will not be read again. */
    private void refuse(int code, String kind, String why) {
        counted = true;
        listener.metrics().error(kind);
        LOG.log(Level.WARNING, "WebSocket {0} closed: {1}", peer.peer(), why);
        partial.setLength(0);
        peer.close(code, why); // first: the session's own goodbye on ending must not take its place
        endSession();
    }

    /**
     * The connection closed with no close handshake we saw: the peer vanished, or Helidon refused
     * a frame (unmasked, over the size bound, malformed), sent its close code and dropped the
     * connection without telling the listener. Counted as one kind: from here they look alike.
     */
    private void lost() {
        if (!ended.get() && !counted) {
            counted = true;
            listener.metrics().error("websocket_abnormal_close");
            LOG.log(Level.DEBUG, "WebSocket {0} ended without a close handshake", peer.peer());
        }
        end();
    }

    /** Once, from Helidon's thread or the sweeper's. */
    private void end() {
        if (peer == null || !ended.compareAndSet(false, true)) {
            return;
        }
        endSession();
        listener.release(peer);
    }

    private void endSession() {
        var ending = session.getAndSet(null);
        if (ending != null) {
            ending.ended();
        }
    }

    /** The client: the PROXY header's, a trusted proxy's client, or the socket's peer. */
    private InetSocketAddress client(WsSession ws) {
        var context = ws.socketContext();
        var address = (InetSocketAddress) context.remotePeer().address();
        if (context instanceof ConnectionContext connection && connection.proxyProtocolData().isPresent()) {
            var proxied = connection.proxyProtocolData().get();
            address = new InetSocketAddress(proxied.sourceAddress(), proxied.sourcePort());
        }
        var forwarded = listener.settings().trustedProxies().clientOf(address.getAddress(), forwarding);
        return forwarded == null ? address : new InetSocketAddress(forwarded, 0);
    }
}
