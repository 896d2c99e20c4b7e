package dev.socketsuite.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;

/**
 * One connection on an {@link EventLoop}: read, answer, write. A reply the peer does not
 * take at once is kept, and reading stops until it is written, so a peer that does not
 * read costs one reply's bytes and never more. When the peer shuts its output, we shut
 * ours: the protocol answers only what it reads, so nothing more can come.
 */
final class AnsweringSession extends LoopSession {

    private final LoopProtocol protocol;
    /** The part of a reply the socket has not taken yet, or null. */
    private ByteBuffer pending;
    private long pendingReadNanos;

    AnsweringSession(Connection connection, LoopProtocol protocol) {
        super(connection);
        this.protocol = protocol;
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

    /** The channel was closed by another thread: end the session as a blocking read would. */
    @Override
    void closedElsewhere() {
        failed(new AsynchronousCloseException());
    }

    @Override
    void awaitWritable() {
        throw new IllegalStateException("the loop writes this connection's replies");
    }

    private void read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int count = connection.readAvailable(buffer);
        if (count < 0) {
            // Nothing is pending while we read, so every reply is written and none can follow.
            key.cancel();
            connection.shutdownOutput();
            done.complete(null);
        } else if (count > 0) {
            answer(buffer.flip(), System.nanoTime());
        }
    }

    private void answer(ByteBuffer received, long readNanos) throws IOException {
        var reply = protocol.received(received);
        connection.writeAvailable(reply);
        if (reply.hasRemaining()) {
            pending = ByteBuffer.allocate(reply.remaining()).put(reply).flip();
            pendingReadNanos = readNanos;
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            protocol.replied(readNanos);
        }
    }

    private void flush() throws IOException {
        connection.writeAvailable(pending);
        if (!pending.hasRemaining()) {
            pending = null;
            protocol.replied(pendingReadNanos);
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    @Override
    void failed(Throwable failure) {
        if (key != null) {
            key.cancel();
        }
        done.completeExceptionally(failure);
    }
}
