package dev.socketsuite.runtime;

import java.io.IOException;

/**
 * What a stream service does with one connection: the protocol, nothing else. The
 * runtime opens, counts, times out and closes connections around it.
 */
@FunctionalInterface
public interface ConnectionHandler {

    /**
     * Serves one connection on its own virtual thread. Return when done; the runtime
     * closes the connection. An {@link IOException} means the peer went away.
     */
    void handle(Connection connection) throws IOException;

    /**
     * Tells a peer the service is full, in the protocol's words, before the runtime
     * closes it. The default says nothing: a bare close is all some protocols have.
     */
    default void rejectBusy(Connection connection) throws IOException {
    }

    /**
     * The listener stopped accepting at shutdown: sessions that would stay open for good
     * (a chat) can say goodbye now and end within {@code shutdown.grace}. The default does
     * nothing: request-reply connections end by themselves.
     */
    default void onDrain() {
    }
}
