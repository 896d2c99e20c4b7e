package dev.socketsuite.client.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * When each exchange of one connection is due, at a constant rate. The schedule never waits
 * for replies: an exchange that could not be sent on time goes out as soon as the previous
 * one is back, and its latency still counts from when it was due.
 */
final class Pacer {

    private final long interval;
    private long next;

    /**
     * Connection {@code index} of {@code connections} sharing {@code totalRate} exchanges per
     * second; their first sends are spread over one interval so they do not all go at once.
     */
    Pacer(long startNanos, double totalRate, int index, int connections) {
        interval = Math.max(1, Math.round(connections * 1e9 / totalRate));
        next = startNanos + interval * index / connections;
    }

    /** The due time of the next exchange, after waiting for it; the slot is then taken. */
    long awaitNext() {
        long due = next;
        next += interval;
        for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
            LockSupport.parkNanos(wait);
        }
        return due;
    }

    /** The next due time, without taking it. */
    long peek() {
        return next;
    }

    /** Exchanges due before {@code deadline} that were never sent: the schedule was ahead of the replies. */
    long unsentBefore(long deadline) {
        return next - deadline < 0 ? (deadline - next + interval - 1) / interval : 0;
    }
}
