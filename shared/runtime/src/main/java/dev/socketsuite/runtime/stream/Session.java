package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.time.Duration;

/**
 * The input side of one {@link SessionProtocol} connection. Its methods run on a virtual
 * thread, one at a time and in the order the bytes came, so they may block (on the shared
 * state, say). Writing to the peer goes through {@link Connection#output()}, from any one
 * thread at a time.
 */
public interface Session {

    /** Bytes from the peer (at least one), the session's to keep. */
    void received(byte[] bytes) throws IOException;

    /**
     * Asked each time all input so far has been handled: how long the peer must stay
     * silent before {@link #quiet()} is called. {@link Duration#ZERO} (the default): never.
     */
    default Duration quietPeriod() {
        return Duration.ZERO;
    }

    /** The peer has been silent for {@link #quietPeriod()}. */
    default void quiet() throws IOException {
    }

    /**
     * The last call, made once: {@code endOfStream} is true when the peer shut its output
     * after everything it sent was handled, false when the connection was closed or failed.
     * The runtime closes the connection when this returns.
     */
    void ended(boolean endOfStream) throws IOException;
}
