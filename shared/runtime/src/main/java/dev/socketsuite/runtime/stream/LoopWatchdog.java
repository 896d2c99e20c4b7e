package dev.socketsuite.runtime.stream;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sees an {@link EventLoop} stall: work queued for it (a task, a hand-over) that waited
 * longer than a bound before it ran, because the loop was busy or blocked too long or never
 * heard it was there. Each turn of the loop that ran such work counts one stall, in
 * {@code socket_loop_stalls_total}, and logs one line, so a stalled loop shows in production
 * instead of looking like a slow client. Fed by the loop's thread alone.
 */
public final class LoopWatchdog {

    /** Waits beyond this are stalls: a loop turn takes microseconds, a request timeout seconds. */
    static final Duration DEFAULT_BOUND = Duration.ofMillis(500);
    private static final System.Logger LOG = System.getLogger(LoopWatchdog.class.getName());
    /** Every loop's stalls in this process; each service's metrics read it. */
    private static final LongAdder ALL_STALLS = new LongAdder();

    private final String loopName;
    private final long boundNanos;
    private volatile long stalls; // written by the loop thread alone, read by anyone
    private long longestWaitNanos;
    private int waitedTooLong;

    LoopWatchdog(String loopName, Duration bound) {
        this.loopName = loopName;
        this.boundNanos = bound.toNanos();
    }

    public static LongAdder allStalls() {
        return ALL_STALLS;
    }

    /** Work queued at {@code sinceNanos} runs now, at {@code nowNanos}. */
    void ran(long sinceNanos, long nowNanos) {
        long waited = nowNanos - sinceNanos;
        if (waited > boundNanos) {
            waitedTooLong++;
            longestWaitNanos = Math.max(longestWaitNanos, waited);
        }
    }

    /** The loop finished a turn: counts it as a stall when any of its work waited too long. */
    void endTurn() {
        if (waitedTooLong == 0) {
            return;
        }
        stalls++;
        ALL_STALLS.increment();
        LOG.log(Level.WARNING, "event loop {0} stalled: {1} queued tasks or hand-overs waited up to {2} ms (bound {3} ms)",
                loopName, waitedTooLong, longestWaitNanos / 1_000_000, boundNanos / 1_000_000);
        waitedTooLong = 0;
        longestWaitNanos = 0;
    }

    /** This loop's stalls so far. */
    long stalls() {
        return stalls;
    }
}
