package dev.socketsuite.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;

/**
 * One {@link LoopFirstHandler} connection on an {@link EventLoop}. What the handler answers
 * whole is answered on the loop; from the first read it does not, the connection leaves the
 * loop for a virtual thread of its own, its channel blocking again and the unanswered bytes
 * read first. A reply the peer does not take at once is kept, and reading stops until it is
 * written, so a pipelining peer that does not read costs one read's replies; a move to the
 * thread waits for that write too, so replies keep their order.
 */
final class LoopFirstSession extends LoopSession {

    private final LoopFirstHandler handler;
    private final EventLoop loop;
    private final String threadName;
    /** The part of the replies the socket has not taken yet, or null. */
    private ByteBuffer pending;
    /** Set once the replies are written, when the connection is to move to a thread: what it does there. */
    private LoopFirstHandler.Next after = LoopFirstHandler.Next.STAY;
    /** The unanswered input the thread reads first. */
    private byte[] handedOver;
    private boolean onThread;

    LoopFirstSession(Connection connection, LoopFirstHandler handler, EventLoop loop, String threadName) {
        super(connection);
        this.handler = handler;
        this.loop = loop;
        this.threadName = threadName;
    }

    @Override
    void received(byte[] early) throws IOException {
        answer(ByteBuffer.wrap(early), System.nanoTime());
    }

    @Override
    void serveReady(SelectionKey readyKey, ByteBuffer readBuffer) throws IOException {
        if (readyKey.isWritable()) {
            flush();
        } else if (readyKey.isReadable()) {
            read(readBuffer);
        }
    }

    @Override
    void closedElsewhere() {
        if (!onThread) {
            failed(new AsynchronousCloseException());
        } // on its thread, the close fails that thread's read or write, which ends the session
    }

    @Override
    void awaitWritable() {
        throw new IllegalStateException("the loop writes this connection's replies");
    }

    @Override
    void failed(Throwable failure) {
        if (key != null) {
            key.cancel();
        }
        done.completeExceptionally(failure);
    }

    private void read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int count = connection.readAvailable(buffer);
        if (count < 0) {
            // Every read was answered and written (reading stops while a reply is pending): nothing is owed.
            key.cancel();
            done.complete(null);
        } else if (count > 0) {
            answer(buffer.flip(), System.nanoTime());
        }
    }

    private void answer(ByteBuffer received, long readNanos) throws IOException {
        var replies = new ByteArrayOutputStream(512);
        after = handler.answer(received, readNanos, connection, replies);
        if (after == LoopFirstHandler.Next.HAND_OVER) {
            handedOver = new byte[received.remaining()];
            received.get(handedOver);
        }
        var reply = ByteBuffer.wrap(replies.toByteArray());
        connection.writeAvailable(reply);
        if (reply.hasRemaining()) {
            pending = reply;
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            replied();
        }
    }

    private void flush() throws IOException {
        connection.writeAvailable(pending);
        if (!pending.hasRemaining()) {
            pending = null;
            key.interestOps(SelectionKey.OP_READ);
            replied();
        }
    }

    private void replied() {
        if (after != LoopFirstHandler.Next.STAY) {
            onThread = true;
            loop.release(key, this::startThread);
        }
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
        if (handedOver != null) {
            connection.unread(handedOver, 0, handedOver.length);
            handedOver = null;
        }
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
