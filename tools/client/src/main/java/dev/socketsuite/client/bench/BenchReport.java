package dev.socketsuite.client.bench;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** The figures of one run, printed for people and stable enough to grep. */
record BenchReport(BenchCommand.Kind kind, String target, int connections, int size,
                   Duration elapsed, WorkerStats stats, long relayed, NumberLedger numbers) {

    /** A run fails when nothing succeeded or something came back wrong (a repeated number included). */
    boolean failed() {
        return stats.exchanges == 0 || stats.wrong > 0 || numbers.duplicates() > 0;
    }

    void print(PrintWriter out) {
        double seconds = elapsed.toNanos() / 1e9;
        var latency = stats.latencyMicros;
        var name = kind.name().toLowerCase(Locale.ROOT);
        out.printf(Locale.ROOT, "bench %s %s  connections=%d  size=%d  duration=%.1fs%n", name, target,
                connections, size, seconds);
        out.printf(Locale.ROOT, "  exchanges   %d  (%.0f/s)%n", stats.exchanges, stats.exchanges / seconds);
        if (kind != BenchCommand.Kind.HTTP) {
            out.printf(Locale.ROOT, "  payload     %.2f MB/s each way%n", stats.exchanges * (double) size / seconds / 1e6);
        }
        if (kind == BenchCommand.Kind.CHAT) {
            out.printf(Locale.ROOT, "  relayed     %d lines received from others  (%.0f/s)%n", relayed, relayed / seconds);
        }
        if (numbers.distinct() > 0) {
            out.printf(Locale.ROOT, "  numbers     %d distinct  duplicates=%d%n", numbers.distinct(), numbers.duplicates());
        }
        out.printf(Locale.ROOT, "  latency us  p50=%d  p99=%d  p99.9=%d  max=%d%n",
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue());
        out.printf(Locale.ROOT, "  errors      %d  lost=%d  wrong=%d%n", stats.errors, stats.lost, stats.wrong);
        out.flush();
    }
}
