package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link StreamProtocol} answered on the event loop: each read is handed to
 * {@link #answer}, which never blocks, and its replies are written by the loop. A peer that
 * does not read holds one reply's bytes and no thread. This is echo (every read answered as
 * it is) and HTTP (a keep-alive request that arrives whole is answered at once).
 *
 * <p>Input the loop cannot answer whole (a request split over reads, one that needs timers
 * and error replies) goes with the connection to a virtual thread of its own, for good
 * ({@link Next#HAND_OVER}, then {@link #continueOnThread}). A reply that depends on something
 * slow (a round trip to the shared state) is given later ({@link LoopReplies#later}): the
 * connection stops reading until it comes, and neither the loop nor a thread waits for it.
 */
public non-sealed interface LoopProtocol extends StreamProtocol {

    /** What the connection does once the replies to one read are written. */
    enum Next {
        /** Everything was answered: wait on the loop for more. */
        STAY,
        /** The rest of the read goes to {@link #continueOnThread} on a virtual thread, before anything later. */
        HAND_OVER,
        /** The last reply ends the connection: {@link #finish} on a virtual thread. */
        FINISH
    }

    /**
     * Answers the messages at the start of {@code received} that it holds whole, giving the
     * replies to {@code replies}, and advances {@code received} past them. Runs on a loop
     * thread, so it never blocks; {@code received} is the loop's buffer, to keep nothing of.
     *
     * @param readNanos when the bytes were read ({@link System#nanoTime()})
     */
    Next answer(ByteBuffer received, long readNanos, Connection connection, LoopReplies replies) throws IOException;

    /** The whole reply to the bytes read at {@code readNanos} is written; runs on the loop. */
    default void replied(long readNanos) {
    }

    /**
     * Serves the connection on its own virtual thread, with blocking reads and writes, from
     * the bytes it was handed over with ({@link Next#HAND_OVER}), or from its first byte
     * when {@link #answersOnLoop()} is false. The runtime closes it when this returns.
     */
    default void continueOnThread(Connection connection) throws IOException {
        throw new IllegalStateException(getClass().getSimpleName() + " answers everything on the loop");
    }

    /** Ends the connection after its last reply was written ({@link Next#FINISH}); runs on a virtual thread. */
    default void finish(Connection connection) throws IOException {
    }

    /**
     * True when a connection between messages may be closed as soon as shutdown begins,
     * rather than when the peer ends it or {@code shutdown.grace} runs out: an HTTP/1.1
     * keep-alive connection, which a client may find closed while idle and opens again
     * (RFC 9112, section 9.3.1), as nginx and Helidon close theirs. False by default: an idle
     * echo connection may still have more to send.
     */
    default boolean closesIdleAtDrain() {
        return false;
    }

    /**
     * False when answering may block (routes that wait on the network): then every
     * connection runs {@link #continueOnThread} from the start, as a blocking protocol would.
     */
    default boolean answersOnLoop() {
        return true;
    }
}
