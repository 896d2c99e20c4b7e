package dev.socketsuite.client.bench;

/** What one connection counted; merged into the report at the end. Latencies go to {@link Latencies}. */
final class WorkerStats {

    long exchanges;
    long lost;
    long wrong;
    long errors;
    long unsent;

    void add(WorkerStats other) {
        exchanges += other.exchanges;
        lost += other.lost;
        wrong += other.wrong;
        errors += other.errors;
        unsent += other.unsent;
    }
}
