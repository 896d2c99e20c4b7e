package dev.socketsuite.runtime.web;

/** One WebSocket peer's input, as {@link WebSocketProtocol#open} began it. */
public interface WebSocketSession {

    /** One whole text message, within the size bound; on the peer's thread, which may block. */
    void received(String message);

    /** The peer is gone, whichever side ended it; called once. */
    void ended();
}
