package dev.socketsuite.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.Test;

class PeerDisconnectTest {

    @Test
    void aPeerClosingOrResettingIsOrdinary() {
        // The messages the JDK gives on Linux for ECONNRESET (read, write) and EPIPE.
        assertTrue(PeerDisconnect.isOrdinary(new SocketException("Connection reset")));
        assertTrue(PeerDisconnect.isOrdinary(new IOException("Connection reset by peer")));
        assertTrue(PeerDisconnect.isOrdinary(new IOException("Broken pipe")));
    }

    @Test
    void networkFailuresAreErrors() {
        assertFalse(PeerDisconnect.isOrdinary(new SocketException("Connection timed out")));
        assertFalse(PeerDisconnect.isOrdinary(new SocketException("No route to host")));
        assertFalse(PeerDisconnect.isOrdinary(new SocketTimeoutException("Read timed out")));
        assertFalse(PeerDisconnect.isOrdinary(new IOException()));
    }
}
