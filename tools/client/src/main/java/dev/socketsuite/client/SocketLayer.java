package dev.socketsuite.client;

import java.io.IOException;
import java.net.Socket;

/** What goes over a connected TCP socket before the protocol: nothing, or TLS ({@link TlsOptions}). */
@FunctionalInterface
public interface SocketLayer {

    /** Plain TCP: the socket as it is. */
    SocketLayer PLAIN = (socket, host) -> socket;

    /** {@code plain}, connected to {@code host}, with the layer on top (a finished TLS handshake). */
    Socket over(Socket plain, String host) throws IOException;
}
