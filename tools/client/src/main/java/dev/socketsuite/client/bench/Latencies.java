package dev.socketsuite.client.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * The latencies of a whole run, recorded by every connection into one pair of histograms
 * (microseconds, three significant digits). Under a constant rate each exchange is measured
 * twice: from the time the schedule meant to send it, which counts the wait behind a slow
 * reply (coordinated omission corrected, as wrk2 does), and from when it was actually sent.
 */
final class Latencies {

    /** The longest run plus the longest wait for a reply fits well under this. */
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Histogram fromIntended = new AtomicHistogram(MAX_MICROS, 3);
    private final Histogram fromSent = new AtomicHistogram(MAX_MICROS, 3);

    void record(long intendedNanos, long sentNanos, long doneNanos) {
        fromIntended.recordValue(micros(doneNanos - intendedNanos));
        fromSent.recordValue(micros(doneNanos - sentNanos));
    }

    /** From each exchange's intended send time: the latency a user of the service would see. */
    Histogram corrected() {
        return fromIntended;
    }

    /** From the moment each exchange was sent: the service time alone. */
    Histogram uncorrected() {
        return fromSent;
    }

    private static long micros(long nanos) {
        return Math.clamp(nanos / 1000, 1, MAX_MICROS);
    }
}
