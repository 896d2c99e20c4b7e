package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;

/**
 * A connection on an {@link EventLoop} that answers what it reads, on the loop. A reply the
 * peer does not take at once is kept, and reading stops until it is written, so a peer that
 * does not read costs one reply's bytes and never more.
 */
abstract sealed class ReplyingSession extends LoopSession permits AnsweringSession, LoopFirstSession {

    /** The part of a reply the socket has not taken yet, or null. */
    private ByteBuffer pending;
    private long pendingReadNanos;

    ReplyingSession(Connection connection) {
        super(connection);
    }

    /** Answers {@code received}, read at {@code readNanos}, through {@link #send}. */
    abstract void answer(ByteBuffer received, long readNanos) throws IOException;

    /** The whole reply to the bytes read at {@code readNanos} is written. */
    abstract void replied(long readNanos);

    /** The peer shut its output; every reply is written, as reading stops while one is not. */
    abstract void inputEnded() throws IOException;

    @Override
    final void received(byte[] early) throws IOException {
        answer(ByteBuffer.wrap(early), System.nanoTime());
    }

    @Override
    final void serveReady(SelectionKey readyKey, ByteBuffer readBuffer) throws IOException {
        if (readyKey.isWritable()) {
            flush();
        } else if (readyKey.isReadable()) {
            read(readBuffer);
        }
    }

    /** The channel was closed by another thread: end the session as a blocking read would. */
    @Override
    void closedElsewhere() {
        failed(new AsynchronousCloseException());
    }

    @Override
    final void awaitWritable() {
        throw new IllegalStateException("the loop writes this connection's replies");
    }

    @Override
    final void failed(Throwable failure) {
        if (key != null) {
            key.cancel();
        }
        done.completeExceptionally(failure);
    }

    /** Writes what the socket takes of {@code reply} now and keeps the rest, which may be the loop's buffer. */
    final void send(ByteBuffer reply, long readNanos) throws IOException {
        connection.writeAvailable(reply);
        if (reply.hasRemaining()) {
            pending = ByteBuffer.allocate(reply.remaining()).put(reply).flip();
            pendingReadNanos = readNanos;
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            replied(readNanos);
        }
    }

    private void read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int count = connection.readAvailable(buffer);
        if (count < 0) {
            inputEnded();
        } else if (count > 0) {
            answer(buffer.flip(), System.nanoTime());
        }
    }

    private void flush() throws IOException {
        connection.writeAvailable(pending);
        if (!pending.hasRemaining()) {
            pending = null;
            key.interestOps(SelectionKey.OP_READ);
            replied(pendingReadNanos);
        }
    }
}
