package dev.socketsuite.runtime;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;

/**
 * A service's raw socket, whatever its kind (TCP, UDP, Unix domain), as the lifecycle
 * drives it: bind, serve, stop accepting, drain, close.
 */
public interface RawListener {

    /** Binds the socket; a failure is a {@link StartupException} naming the key to change. */
    void bind() throws IOException;

    /** Starts the accept or receive loop on its own thread. */
    void start();

    /** Bound, loop running, still accepting: what readiness reports. */
    boolean isServing();

    /** Why new connections cannot be accepted now (out of descriptors), or null; readiness shows it. */
    default String acceptProblem() {
        return null;
    }

    /** The loop has not died unexpectedly: what liveness reports. */
    boolean isAlive();

    /** Closes the listening socket; open connections carry on. */
    void stopAccepting();

    /** Waits up to {@code timeout} for open connections to finish; true when none is left. */
    boolean awaitDrained(Duration timeout) throws InterruptedException;

    /** Waits up to {@code timeout} for {@code open} (connections that remove themselves) to empty; true when it did. */
    static boolean awaitEmpty(Collection<?> open, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!open.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        return open.isEmpty();
    }

    /** Closes whatever is still open; returns how many were. */
    int closeRemaining();

    /** Connections (or in-flight datagrams) being served now. */
    int openConnections();

    /** Where it listens, for logs and health details, such as {@code tcp://127.0.0.1:8080}. */
    String endpoint();

    /** The bound port, useful when port 0 was asked for; -1 for a Unix socket. */
    int port();

    /** The TLS port beside the plain one ({@code listener.tls.port}), or -1 when there is none. */
    default int tlsPort() {
        return -1;
    }

    /** Where the TLS port listens, such as {@code tls://127.0.0.1:8443}, or null when there is none. */
    default String tlsEndpoint() {
        return null;
    }
}
