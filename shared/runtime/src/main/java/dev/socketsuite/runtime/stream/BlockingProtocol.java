package dev.socketsuite.runtime.stream;

import java.io.IOException;

/**
 * A {@link StreamProtocol} that may block anywhere: each connection is served on a virtual
 * thread of its own, from its first byte to its end, with blocking reads and writes
 * (echo-tcp's one-message modes).
 */
@FunctionalInterface
public non-sealed interface BlockingProtocol extends StreamProtocol {

    /**
     * Serves one connection on its own virtual thread. Return when done; the runtime
     * closes the connection. An {@link IOException} means the peer went away.
     */
    void serve(Connection connection) throws IOException;
}
