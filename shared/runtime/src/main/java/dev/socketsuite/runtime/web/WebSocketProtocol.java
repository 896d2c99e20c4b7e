package dev.socketsuite.runtime.web;

/**
 * What a service plugs into {@link WebSocketListener}: the sessions of its WebSocket peers.
 * Each callback runs on the peer's own virtual thread and may block.
 */
public interface WebSocketProtocol {

    /**
     * A peer has connected and passed the limits. Returns its session, or null when it is
     * done at once (it has been told why); the runtime then closes it.
     */
    WebSocketSession open(WebPeer peer);

    /** Tells a peer refused for a limit why, in the protocol's words, before the runtime closes it. */
    default void rejectBusy(WebPeer peer, String why) {
    }
}
