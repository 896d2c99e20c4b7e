package dev.socketsuite.runtime.stream;

import java.io.IOException;

/**
 * Tells a peer that simply went away from a real I/O failure. A client that closes or
 * resets its connection while we read or write (a load generator stopping, a browser
 * tab closed, a proxy giving up) surfaces as {@code Connection reset} on a read and
 * {@code Broken pipe} or {@code Connection reset by peer} on a write. Those are part of
 * serving a network and are counted apart from errors; anything else (a timeout, an
 * unreachable host) is an error.
 */
final class PeerDisconnect {

    private PeerDisconnect() {
    }

    /** True when {@code e} says the peer closed or reset the connection. */
    static boolean isOrdinary(IOException e) {
        // The JDK reports these errno values only in the message (ECONNRESET, EPIPE).
        var message = e.getMessage();
        return message != null && (message.startsWith("Connection reset") || message.equals("Broken pipe"));
    }
}
