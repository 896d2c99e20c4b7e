package dev.socketsuite.client.bench;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Every number the services handed out during a run (counter-udp's message numbers,
 * http-info's visitor numbers), so a number seen twice, from any replica, is caught.
 * A bitmap in chunks of 2^20 numbers: a million replies cost 128 KiB, not a million boxes.
 */
final class NumberLedger {

    private static final int CHUNK_BITS = 20;
    private static final int WORDS = (1 << CHUNK_BITS) / 64;

    private final ConcurrentHashMap<Long, AtomicLongArray> chunks = new ConcurrentHashMap<>();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    /** Records {@code number}; false when it had been seen before. */
    boolean record(long number) {
        var chunk = chunks.computeIfAbsent(number >>> CHUNK_BITS, index -> new AtomicLongArray(WORDS));
        int bit = (int) (number & ((1 << CHUNK_BITS) - 1));
        long mask = 1L << (bit & 63);
        long previous = chunk.getAndAccumulate(bit >>> 6, mask, (word, m) -> word | m);
        if ((previous & mask) != 0) {
            duplicates.incrementAndGet();
            return false;
        }
        distinct.incrementAndGet();
        return true;
    }

    long distinct() {
        return distinct.get();
    }

    long duplicates() {
        return duplicates.get();
    }
}
