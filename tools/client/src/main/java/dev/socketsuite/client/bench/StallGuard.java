package dev.socketsuite.client.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Breaks a connection whose exchange has waited for its reply longer than a limit, so one
 * silent server cannot hang a benchmark. One sweeping thread checks every connection,
 * instead of a read timeout on each, which costs a timer per read and halved the load a
 * connection could generate. The sweeper is a platform thread: a virtual one sleeping on
 * a busy carrier can wake up seconds late.
 */
final class StallGuard implements AutoCloseable {

    private final long limitNanos;
    /** Per connection: when its exchange began, 0 between exchanges. */
    private final AtomicLongArray waitingSince;
    private final AtomicReferenceArray<Closeable> connections;
    private final Thread sweeper;

    StallGuard(int connections, Duration limit) {
        this.limitNanos = limit.toNanos();
        this.waitingSince = new AtomicLongArray(connections);
        this.connections = new AtomicReferenceArray<>(connections);
        this.sweeper = Thread.ofPlatform().daemon().name("bench-stall-guard").start(() -> sweep(limit.dividedBy(5)));
    }

    /** One exchange of connection {@code index}, broken if its reply takes longer than the limit. */
    void exchange(int index, LoadWorker worker) throws IOException {
        connections.set(index, worker);
        waitingSince.set(index, System.nanoTime());
        try {
            worker.exchange();
        } finally {
            waitingSince.set(index, 0);
        }
    }

    private void sweep(Duration period) {
        try {
            while (true) {
                Thread.sleep(period);
                long now = System.nanoTime();
                for (int i = 0; i < waitingSince.length(); i++) {
                    long since = waitingSince.get(i);
                    if (since != 0 && now - since > limitNanos && waitingSince.compareAndSet(i, since, 0)) {
                        closeQuietly(connections.get(i)); // its blocked read fails and the loop replaces it
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private static void closeQuietly(Closeable connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // breaking it is all we wanted
        }
    }

    @Override
    public void close() {
        sweeper.interrupt();
    }
}
