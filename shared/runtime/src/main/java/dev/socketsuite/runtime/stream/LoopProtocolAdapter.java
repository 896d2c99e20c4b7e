package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;

/**
 * Serves one {@link LoopProtocol} connection on an {@link EventLoop}: read, answer, write.
 * A reply the peer does not take at once is kept, and reading stops until it is written, so
 * a peer that does not read costs one reply's bytes and never more; replies keep their order
 * whatever comes later. From the first read the protocol hands over, the connection leaves
 * the loop for a virtual thread of its own, its channel blocking again; the move waits until
 * the replies before it are written. When the peer shuts its output, we shut ours.
 */
final class LoopProtocolAdapter extends LoopAdapter {

    private final LoopProtocol protocol;
    private final EventLoop loop;
    /**
     * The thread a hand-over starts is named this and the connection's id, as a connection
     * that starts on a thread is; one string for the listener, none kept per connection.
     */
    private final String threadPrefix;
    /** The part of the replies the socket has not taken yet, or null. */
    private ByteBuffer pending;
    private long pendingReadNanos;
    /** What the connection does once the replies to the last read are written. */
    private LoopProtocol.Next after = LoopProtocol.Next.STAY;
    /** A reply is to come later: read nothing until it is sent. */
    private boolean waiting;
    /** Bytes of the read a later reply stopped, answered once it is sent; or null. */
    private byte[] held;
    private boolean onThread;
    /** Shutdown began and the protocol lets an idle connection go: close it once it is between messages. */
    private boolean closeWhenIdle;

    LoopProtocolAdapter(Connection connection, LoopProtocol protocol, EventLoop loop, String threadPrefix) {
        super(connection);
        this.protocol = protocol;
        this.loop = loop;
        this.threadPrefix = threadPrefix;
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
            if (waiting) {
                // More input while a reply is awaited: read it once that reply is out.
                key.interestOps(0);
                return;
            }
            readBuffer.clear();
            int count = connection.readAvailable(readBuffer);
            if (count < 0) {
                inputEnded();
            } else if (count > 0) {
                answer(readBuffer.flip(), System.nanoTime());
            }
        }
    }

    private void answer(ByteBuffer received, long readNanos) throws IOException {
        var replies = loop.replies();
        replies.reset();
        after = protocol.answer(received, readNanos, connection, replies);
        var later = replies.later();
        if (after == LoopProtocol.Next.HAND_OVER) {
            var rest = new byte[received.remaining()];
            received.get(rest);
            connection.unread(rest, 0, rest.length); // the thread's first reads take these
        } else if (later != null && received.hasRemaining()) {
            held = new byte[received.remaining()];
            received.get(held);
        }
        waiting = later != null;
        send(replies.now(), readNanos);
        if (later != null) {
            later.whenComplete((reply, failure) -> loop.execute(() -> arrived(reply, failure, readNanos)));
        }
    }

    /** On the loop: the reply that was to come later is here, or failed. */
    private void arrived(byte[] reply, Throwable failure, long readNanos) {
        if (done.isDone() || !key.isValid()) {
            return; // the connection ended while it waited
        }
        try {
            if (failure != null) {
                failed(failure);
                return;
            }
            waiting = false;
            send(ByteBuffer.wrap(reply), readNanos);
            var rest = held;
            held = null;
            if (rest != null && after == LoopProtocol.Next.STAY) {
                answer(ByteBuffer.wrap(rest), System.nanoTime());
            }
            updateInterest(); // reading again, unless a reply is pending or awaited once more
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Writes what the socket takes of {@code reply} now, after anything still pending, and keeps the rest. */
    private void send(ByteBuffer reply, long readNanos) throws IOException {
        if (pending != null) {
            pending = ByteBuffer.allocate(pending.remaining() + reply.remaining()).put(pending).put(reply).flip();
            return;
        }
        connection.writeAvailable(reply);
        if (reply.hasRemaining() || !connection.flushed()) {
            // The reply may be the loop's buffer: keep a copy.
            pending = ByteBuffer.allocate(reply.remaining()).put(reply).flip();
            pendingReadNanos = readNanos;
            updateInterest();
        } else {
            replied(readNanos);
        }
    }

    private void flush() throws IOException {
        connection.writeAvailable(pending);
        if (!pending.hasRemaining() && connection.flushed()) {
            pending = null;
            updateInterest();
            replied(pendingReadNanos);
        }
    }

    private void replied(long readNanos) {
        protocol.replied(readNanos);
        if (!waiting && after != LoopProtocol.Next.STAY && !onThread) {
            onThread = true;
            loop.release(key, this::startThread);
        }
        closeIfIdle();
    }

    /**
     * Write while replies are pending, else read. While a reply is awaited the read interest
     * stays until the peer actually sends more ({@link #serveReady}): a peer that waits for its
     * reply, as most do, then costs no interest change per request.
     */
    private void updateInterest() {
        if (key.isValid()) {
            key.interestOps(pending != null ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** The peer shut its output; every reply is written, as reading stops while one is not. */
    private void inputEnded() throws IOException {
        key.cancel();
        connection.shutdownOutput();
        done.complete(null);
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
        var finishing = after == LoopProtocol.Next.FINISH;
        Thread.ofVirtual().name(threadPrefix + connection.id()).start(() -> {
            try {
                if (finishing) {
                    protocol.finish(connection);
                } else {
                    protocol.continueOnThread(connection);
                }
                done.complete(null);
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
    }

    /**
     * A connection between messages (nothing read that is unanswered, no reply pending or to
     * come, still on the loop) is closed at once when its protocol allows it, so an idle
     * keep-alive client does not hold the drain for all of {@code shutdown.grace}. Checked on
     * the loop, which alone changes that state.
     */
    @Override
    void drain() {
        if (protocol.closesIdleAtDrain()) {
            loop.execute(() -> {
                closeWhenIdle = true;
                closeIfIdle();
            });
        }
    }

    /** After {@link #drain}: closes the connection once it is between messages, on the loop. */
    private void closeIfIdle() {
        if (closeWhenIdle && !onThread && pending == null && !waiting && held == null && !done.isDone()) {
            connection.closeFor("shutdown");
        }
    }

    @Override
    void closedElsewhere() {
        if (!onThread) {
            failed(new AsynchronousCloseException());
        } // on its thread, the close fails that thread's read or write, which ends the service
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
}
