package dev.socketsuite.runtime.stream;

import java.io.IOException;

/**
 * What a stream service does with connections that stay open and are mostly silent
 * (a chat): each one holds no thread while its peer says nothing. The session opens on
 * the connection's virtual thread; from then on the runtime's event loops wait for its
 * input, and a virtual thread runs only while there is input to handle
 * ({@link StreamListener#tcp(ServiceContext, StreamProtocol)}).
 */
public non-sealed interface SessionProtocol extends StreamProtocol {

    /**
     * Opens the session of a connection just accepted (and past its PROXY header), on the
     * connection's own virtual thread: it may block and write. Returns null when the
     * connection is done at once (the peer has been told why); the runtime then closes it.
     */
    Session open(Connection connection) throws IOException;

}
