package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The one place a connection's path is chosen, by the kind of its {@link StreamProtocol}:
 * onto an event loop, as a session whose input a loop waits for, or served to its end on the
 * calling thread.
 */
final class ProtocolPaths {

    private final StreamProtocol protocol;
    /** Null when every connection runs on a thread of its own. */
    private final EventLoops loops;

    ProtocolPaths(StreamProtocol protocol) {
        this.protocol = protocol;
        // Started with the listener, not at the first connection: that one may have taken the
        // last free descriptor, and a selector needs two.
        this.loops = onThreadOnly(protocol) ? null : EventLoops.shared();
    }

    /** True when a connection can go from the accept thread straight to a loop: nothing on the way blocks. */
    boolean startsOnLoop() {
        return protocol instanceof LoopProtocol answering && answering.answersOnLoop();
    }

    /**
     * Serves {@code connection}: returns the future of its life on a loop, or null when it was
     * served to its end on this thread (or its session did not open). A thread the loop moves
     * it to later is named {@code threadPrefix} and the connection's id.
     */
    CompletableFuture<Void> serve(Connection connection, String threadPrefix) throws IOException {
        return switch (protocol) {
            case LoopProtocol answering when answering.answersOnLoop() -> loops.serve(connection, answering, threadPrefix);
            case LoopProtocol onThread -> {
                onThread.continueOnThread(connection);
                yield null;
            }
            case SessionProtocol sessions -> openSession(connection, sessions);
            case BlockingProtocol blocking -> {
                blocking.serve(connection);
                yield null;
            }
        };
    }

    /** Shutdown began: sessions that would stay open for good may say goodbye now. */
    void onDrain() {
        protocol.onDrain();
    }

    /** Opens the connection's session and hands its input to the loops; null when it did not open. */
    private CompletableFuture<Void> openSession(Connection connection, SessionProtocol sessions) throws IOException {
        var input = sessions.open(connection);
        if (input == null) {
            return null;
        }
        try {
            return loops.serve(connection, input);
        } catch (IOException | RuntimeException e) {
            // Closed while it opened (its first write found the peer gone): it still hears of its end.
            try {
                input.ended(false);
            } catch (IOException | RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
    }

    private static boolean onThreadOnly(StreamProtocol protocol) {
        return switch (protocol) {
            case LoopProtocol answering -> !answering.answersOnLoop();
            case SessionProtocol sessions -> false;
            case BlockingProtocol blocking -> true;
        };
    }
}
