package dev.socketsuite.client.bench;

import org.HdrHistogram.Histogram;

/** What one worker saw; merged into the report at the end. Microsecond latencies up to a minute. */
final class WorkerStats {

    final Histogram latencyMicros = new Histogram(60_000_000L, 3);
    long exchanges;
    long lost;
    long wrong;
    long errors;

    void add(WorkerStats other) {
        latencyMicros.add(other.latencyMicros);
        exchanges += other.exchanges;
        lost += other.lost;
        wrong += other.wrong;
        errors += other.errors;
    }
}
