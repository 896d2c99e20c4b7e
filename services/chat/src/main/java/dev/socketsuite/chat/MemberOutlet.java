package dev.socketsuite.chat;

import java.io.IOException;
import java.util.List;

/**
 * Where a member's lines go: its TCP connection ({@link TcpOutlet}) or its WebSocket
 * ({@link WebSocketOutlet}). The room speaks in lines; each outlet puts them on its wire.
 */
interface MemberOutlet {

    /** Unique among this replica's members, whichever way they came in. */
    String id();

    /** The client's address, for logs. */
    String peer();

    /** The SHA-256 of the certificate the client showed in its TLS handshake, or null (none, or no TLS). */
    default String certificateSha256() {
        return null;
    }

    /** Writes lines in order; blocks while the client is slow to read, and fails once it is gone. */
    void write(List<String> lines) throws IOException;

    /** Ends the connection after what was written, saying why where the wire can ({@code restarting} or not). */
    void finish(boolean restarting);

    /** Cuts the client off at once; never blocks, so the room may call it under its lock. */
    void close();
}
