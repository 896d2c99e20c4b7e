package dev.socketsuite.runtime;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Large buffers lent to connections only while data flows, so that a silent connection
 * holds none: with thousands of idle peers a buffer each would be most of the memory.
 * Keeps at most {@code maxKept} returned buffers for reuse and lets the rest go.
 */
public final class BufferPool {

    private final int bufferSize;
    private final int maxKept;
    private final ConcurrentLinkedQueue<byte[]> kept = new ConcurrentLinkedQueue<>();
    private final AtomicInteger keptCount = new AtomicInteger();

    public BufferPool(int bufferSize, int maxKept) {
        this.bufferSize = bufferSize;
        this.maxKept = maxKept;
    }

    /** A buffer of the pool's size, reused when one is free. Its contents are undefined. */
    public byte[] borrow() {
        var buffer = kept.poll();
        if (buffer == null) {
            return new byte[bufferSize];
        }
        keptCount.decrementAndGet();
        return buffer;
    }

    /** Returns a buffer taken with {@link #borrow()}; the caller must not use it afterwards. */
    public void giveBack(byte[] buffer) {
        if (keptCount.incrementAndGet() <= maxKept) {
            kept.offer(buffer);
        } else {
            keptCount.decrementAndGet();
        }
    }
}
