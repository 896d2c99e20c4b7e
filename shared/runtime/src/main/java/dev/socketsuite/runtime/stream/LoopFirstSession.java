package dev.socketsuite.runtime.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One {@link LoopFirstHandler} connection on an {@link EventLoop}. What the handler answers
 * whole is answered on the loop; from the first read it does not, the connection leaves the
 * loop for a virtual thread of its own, its channel blocking again and the unanswered bytes
 * read there first. The move waits until the replies before it are written, so replies keep
 * their order.
 */
final class LoopFirstSession extends ReplyingSession {

    private final LoopFirstHandler handler;
    private final EventLoop loop;
    private final String threadName;
    /** What the connection does once the replies to the last read are written. */
    private LoopFirstHandler.Next after = LoopFirstHandler.Next.STAY;
    private boolean onThread;

    LoopFirstSession(Connection connection, LoopFirstHandler handler, EventLoop loop, String threadName) {
        super(connection);
        this.handler = handler;
        this.loop = loop;
        this.threadName = threadName;
    }

    @Override
    void answer(ByteBuffer received, long readNanos) throws IOException {
        var replies = new ByteArrayOutputStream(512);
        after = handler.answer(received, readNanos, connection, replies);
        if (after == LoopFirstHandler.Next.HAND_OVER) {
            // The thread's first reads take these; the loop reads no more of this connection.
            var rest = new byte[received.remaining()];
            received.get(rest);
            connection.unread(rest, 0, rest.length);
        }
        send(ByteBuffer.wrap(replies.toByteArray()), readNanos);
    }

    @Override
    void replied(long readNanos) {
        if (after != LoopFirstHandler.Next.STAY) {
            onThread = true;
            loop.release(key, this::startThread);
        }
    }

    @Override
    void inputEnded() {
        key.cancel();
        done.complete(null);
    }

    @Override
    void closedElsewhere() {
        if (!onThread) {
            super.closedElsewhere();
        } // on its thread, the close fails that thread's read or write, which ends the session
    }

    /** Runs on the loop once the selector let the channel go, which it must before the channel blocks again. */
    private void startThread() {
        try {
            connection.channel().configureBlocking(true);
        } catch (IOException | RuntimeException e) {
            failed(e); // closed meanwhile
            return;
        }
        connection.servedBy(null);
        var finishing = after == LoopFirstHandler.Next.FINISH;
        Thread.ofVirtual().name(threadName).start(() -> {
            try {
                if (finishing) {
                    handler.finish(connection);
                } else {
                    handler.handle(connection);
                }
                done.complete(null);
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
    }
}
