package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;

/**
 * An event loop as a client connection of the runtime's own sees it (the shared state's
 * connection to Redis): it registers its channel with the loop that holds the requests, is
 * told when the channel is ready, and sets timers, all on that loop's thread, so requests,
 * writes, replies and timeouts never leave it.
 */
public final class LoopClient {

    private static final ThreadLocal<LoopClient> CURRENT = new ThreadLocal<>();

    private final EventLoop loop;
    private final int index;

    LoopClient(EventLoop loop, int index) {
        this.loop = loop;
        this.index = index;
    }

    /** What the loop calls when a registered channel is ready, or when serving it threw. */
    public interface Ready {
        /** {@code readBuffer} is the loop's, shared by all its channels: use it now and keep nothing of it. */
        void ready(SelectionKey key, ByteBuffer readBuffer) throws IOException;

        void failed(Throwable failure);
    }

    /** A timer set on a loop; cancelling one that already ran does nothing. */
    public interface Timer {
        void cancel();
    }

    /** The loop whose thread is calling, or null on any other thread. */
    public static LoopClient current() {
        return CURRENT.get();
    }

    /** One of the process's loops, each in turn: for a caller on no loop. */
    public static LoopClient next() {
        return EventLoops.shared().nextClient();
    }

    /** The process's loop at {@code index}, below {@link #count()}. */
    public static LoopClient of(int index) {
        return EventLoops.shared().client(index);
    }

    /** How many loops the process has; {@link #index()} is below it. */
    public static int count() {
        return EventLoops.shared().size();
    }

    /** This loop's place among the process's loops, from 0. */
    public int index() {
        return index;
    }

    /** Runs {@code task} on this loop's thread. */
    public void execute(Runnable task) {
        loop.execute(task);
    }

    /** Registers {@code channel} (non-blocking) for {@code ops}; on this loop's thread only. */
    public SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws ClosedChannelException {
        return loop.register(channel, ops, ready);
    }

    /** Runs {@code task} on this loop's thread once {@code after} has passed; on this loop's thread only. */
    public Timer schedule(Duration after, Runnable task) {
        return loop.schedule(after, task);
    }

    /** Marks the calling thread as this loop's. */
    void bindToThread() {
        CURRENT.set(this);
    }
}
