package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * A {@link ConnectionHandler} whose usual input can be answered on the event loops. Each
 * connection starts there and moves to a virtual thread of its own, served by
 * {@link #handle}, from the first input the loop cannot answer whole.
 *
 * <p>HTTP is the case: a keep-alive request nearly always arrives in one read and is
 * answered at once, with no thread to wake and no stack parked while the peer is quiet. A
 * request split over reads, a refused one or one that ends the connection needs timers,
 * blocking reads and a lingering close, which the thread has.
 */
public interface LoopFirstHandler extends ConnectionHandler {

    /** What the connection does after the replies to one read. */
    enum Next {
        /** Everything was answered: wait on the loop for more. */
        STAY,
        /** The rest of the read goes to {@link #handle} on a thread, before anything the peer sends later. */
        HAND_OVER,
        /** The last reply ends the connection: {@link #finish} on a thread. */
        FINISH
    }

    /** False when answering may block (shared state on Redis): every connection then has a thread from the start. */
    boolean answersOnLoop();

    /**
     * Answers the messages at the start of {@code received} that it holds whole, writing the
     * replies to {@code replies}, and advances {@code received} past them. Runs on a loop
     * thread, so it never blocks.
     *
     * @param readNanos when the bytes were read ({@link System#nanoTime()})
     */
    Next answer(ByteBuffer received, long readNanos, Connection connection, OutputStream replies) throws IOException;

    /** Ends the connection after its last reply was written; runs on the connection's thread. */
    void finish(Connection connection) throws IOException;
}
