package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * One {@link Session} connection on an {@link EventLoop}. The loop reads; what it
 * reads is queued and handed to the session on a virtual thread that runs only while
 * there is input to handle or a quiet period to wait out, so a silent peer holds no
 * thread. Reading pauses while {@link #MAX_QUEUED} bytes or more wait, so a peer sending
 * faster than its session handles costs bounded memory. A thread writing to the peer
 * that finds the socket full waits for the loop to see it writable.
 */
final class SessionAdapter extends LoopAdapter {

    static final int MAX_QUEUED = 64 * 1024;
    private static final byte[] END = new byte[0];

    private final Session input;
    private final EventLoop loop;
    private volatile CompletableFuture<Void> writable;

    // Guarded by this, shared by the loop and the handling thread.
    /** Input not handled yet, or null when there is none. */
    private ArrayDeque<byte[]> queued;
    private int queuedBytes;
    private boolean readingPaused;
    /** A handling thread runs; it stays set once the input has ended, so none starts again. */
    private boolean handling;
    /** The handling thread while it waits out a quiet period. */
    private Thread waitingForMore;
    private boolean inputEnded;
    private boolean endOfStream;
    private Throwable failure;

    SessionAdapter(Connection connection, Session input, EventLoop loop) {
        super(connection);
        this.input = input;
        this.loop = loop;
    }

    @Override
    void received(byte[] early) {
        queue(early);
    }

    @Override
    void failed(Throwable failure) {
        endInput(false, failure);
    }

    @Override
    void serveReady(SelectionKey readyKey, ByteBuffer readBuffer) throws IOException {
        if (readyKey.isWritable()) {
            interest(SelectionKey.OP_WRITE, false);
            wakeWriter();
        }
        if (readyKey.isReadable()) {
            read(readBuffer);
        }
    }

    @Override
    void closedElsewhere() {
        wakeWriter();
        endInput(false, null);
    }

    @Override
    void awaitWritable() throws IOException {
        var wait = new CompletableFuture<Void>();
        writable = wait;
        // Checked after publishing the wait: a close from now on finds it and wakes us.
        if (!connection.isOpen()) {
            throw new ClosedChannelException();
        }
        loop.execute(this::wantWrite);
        wait.join(); // the loop completes it when the socket is writable or the channel closed
    }

    private void wantWrite() {
        if (key == null || !interest(SelectionKey.OP_WRITE, true)) {
            wakeWriter(); // its next write fails and tells it why
        }
    }

    private void wakeWriter() {
        var wait = writable;
        if (wait != null) {
            wait.complete(null);
        }
    }

    private void read(ByteBuffer buffer) throws IOException {
        buffer.clear();
        int count = connection.readAvailable(buffer);
        if (count < 0) {
            endInput(true, null);
        } else if (count > 0) {
            var bytes = new byte[count];
            buffer.flip().get(bytes);
            queue(bytes);
        }
    }

    /** On the loop: more input for the session. */
    private synchronized void queue(byte[] bytes) {
        if (inputEnded) {
            return; // the session failed and is closing
        }
        if (queued == null) {
            queued = new ArrayDeque<>(4);
        }
        queued.add(bytes);
        queuedBytes += bytes.length;
        if (queuedBytes >= MAX_QUEUED) {
            readingPaused = true;
            interest(SelectionKey.OP_READ, false);
        }
        wakeHandler();
    }

    /** On the loop: no more input will come; {@code cause} is why, or null at end of stream or a close noticed as such. */
    private synchronized void endInput(boolean peerShutOutput, Throwable cause) {
        if (inputEnded) {
            return;
        }
        inputEnded = true;
        endOfStream = peerShutOutput;
        failure = cause; // our own close (ClosedChannelException) is told from a peer's failure where the connection ends
        wakeHandler();
        if (key != null) {
            interest(SelectionKey.OP_READ, false); // at end of stream it would be ready for ever
        }
    }

    private void wakeHandler() {
        if (!handling) {
            handling = true;
            Thread.ofVirtual().name("session-" + connection.id()).start(this::handle);
        } else if (waitingForMore != null) {
            LockSupport.unpark(waitingForMore);
        }
    }

    /** The handling thread: hands the queued input over in order, then goes away. */
    private void handle() {
        boolean endedCalled = false;
        try {
            while (true) {
                var next = take();
                if (next == END) {
                    break;
                }
                if (next != null) {
                    input.received(next);
                    continue;
                }
                var quiet = input.quietPeriod();
                if (quiet.isZero() || quiet.isNegative()) {
                    if (stopHandling()) {
                        return;
                    }
                } else if (!waitForMore(quiet.toNanos())) {
                    input.quiet();
                }
            }
            Throwable cause;
            boolean peerShutOutput;
            synchronized (this) {
                cause = failure;
                peerShutOutput = endOfStream;
            }
            endedCalled = true;
            input.ended(peerShutOutput);
            if (cause == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(cause);
            }
        } catch (IOException | RuntimeException | Error e) {
            // Errors too (a stack overflow in the session): the connection must still end and be released.
            synchronized (this) {
                inputEnded = true; // the session is over: nothing more is queued for it
            }
            if (!endedCalled) {
                try {
                    input.ended(false);
                } catch (IOException | RuntimeException | Error again) {
                    e.addSuppressed(again);
                }
            }
            done.completeExceptionally(e);
        }
    }

    /** The next input, {@link #END} once all of it is taken and no more will come, or null for now. */
    private synchronized byte[] take() {
        var next = queued == null ? null : queued.poll();
        if (next == null) {
            return inputEnded ? END : null;
        }
        queuedBytes -= next.length;
        if (queued.isEmpty()) {
            queued = null;
            if (readingPaused) {
                readingPaused = false;
                loop.execute(this::resumeReading);
            }
        }
        return next;
    }

    private void resumeReading() {
        if (!inputEnded()) {
            interest(SelectionKey.OP_READ, true);
        }
    }

    /** Turns {@code op} on or off; false when the key is cancelled, as closing the channel does at any time. */
    private boolean interest(int op, boolean on) {
        try {
            if (on) {
                key.interestOpsOr(op);
            } else {
                key.interestOpsAnd(~op);
            }
            return true;
        } catch (CancelledKeyException closed) {
            return false;
        }
    }

    private synchronized boolean inputEnded() {
        return inputEnded;
    }

    /** True when the thread may go: nothing came meanwhile, and whatever comes next starts another. */
    private synchronized boolean stopHandling() {
        if (queued != null || inputEnded) {
            return false;
        }
        handling = false;
        return true;
    }

    /** Waits up to {@code nanos} for input or its end; false when the time passed without either. */
    private boolean waitForMore(long nanos) {
        long deadline = System.nanoTime() + nanos;
        synchronized (this) {
            waitingForMore = Thread.currentThread();
        }
        try {
            while (true) {
                synchronized (this) {
                    if (queued != null || inputEnded) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            synchronized (this) {
                waitingForMore = null;
            }
        }
    }
}
