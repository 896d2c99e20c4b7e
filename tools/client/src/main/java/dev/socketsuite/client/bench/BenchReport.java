package dev.socketsuite.client.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.socketsuite.protocol.JsonText;
import org.HdrHistogram.Histogram;

/** The figures of one run: a table for people, JSON for programs, files for plotting tools. */
record BenchReport(Settings settings, Duration elapsed, WorkerStats stats, Latencies latencies,
                   long relayed, NumberLedger numbers) {

    /** What was asked for; {@code path} is null unless http, {@code rate} null for a closed loop. */
    record Settings(BenchCommand.Kind kind, String target, int connections, int size, String path, Integer rate,
                    Duration warmup) {

        String kindName() {
            return kind.name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String[] PERCENTILE_NAMES = {"p50", "p90", "p99", "p99_9"};
    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** A run fails when nothing succeeded or something came back wrong (a repeated number included). */
    boolean failed() {
        return stats.exchanges == 0 || stats.wrong > 0 || numbers.duplicates() > 0;
    }

    void print(PrintWriter out) {
        var kind = settings.kind();
        out.printf(Locale.ROOT, "bench %s %s  connections=%d  size=%d  duration=%.1fs  warmup=%.1fs  rate=%s%n",
                settings.kindName(), settings.target(), settings.connections(), settings.size(), seconds(),
                settings.warmup().toMillis() / 1000.0, settings.rate() == null ? "closed-loop" : settings.rate() + "/s");
        out.printf(Locale.ROOT, "  exchanges   %d  (%.0f/s)%n", stats.exchanges, throughput());
        if (kind != BenchCommand.Kind.HTTP) {
            out.printf(Locale.ROOT, "  payload     %.2f MB/s each way%n", payloadMegabytes());
        }
        if (kind == BenchCommand.Kind.CHAT || kind == BenchCommand.Kind.WS) {
            out.printf(Locale.ROOT, "  relayed     %d lines received from others  (%.0f/s)%n", relayed, relayed / seconds());
        }
        if (numbers.distinct() > 0) {
            out.printf(Locale.ROOT, "  numbers     %d distinct  duplicates=%d%n", numbers.distinct(), numbers.duplicates());
        }
        out.printf(Locale.ROOT, "  errors      %d  lost=%d  wrong=%d%n", stats.errors, stats.lost, stats.wrong);
        if (settings.rate() != null) {
            out.printf(Locale.ROOT, "  unsent      %d  (due before the end but still waiting on earlier replies)%n", stats.unsent);
        }
        out.printf("  %-12s %9s %9s %9s %9s %9s %9s%n", "latency us", "p50", "p90", "p99", "p99.9", "max", "mean");
        if (settings.rate() == null) {
            row(out, "exchange", latencies.corrected());
        } else {
            row(out, "corrected", latencies.corrected());
            row(out, "uncorrected", latencies.uncorrected());
            out.println("  corrected: from each exchange's intended send time, so waiting behind a slow reply counts");
            out.println("  (coordinated omission corrected); uncorrected: from when it was actually sent.");
        }
        out.flush();
    }

    private static void row(PrintWriter out, String name, Histogram latency) {
        out.printf(Locale.ROOT, "  %-12s %9d %9d %9d %9d %9d %9.0f%n", name,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(90), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), latency.getMean());
    }

    void printJson(PrintWriter out) {
        var report = new LinkedHashMap<String, Object>();
        report.put("kind", settings.kindName());
        report.put("target", settings.target());
        report.put("connections", settings.connections());
        report.put("size", settings.size());
        if (settings.path() != null) {
            report.put("path", settings.path());
        }
        report.put("rate", settings.rate());
        report.put("duration_s", round(seconds(), 3));
        report.put("warmup_s", settings.warmup().toMillis() / 1000.0);
        report.put("exchanges", stats.exchanges);
        report.put("throughput_per_s", round(throughput(), 1));
        if (settings.kind() != BenchCommand.Kind.HTTP) {
            report.put("payload_mb_per_s", round(payloadMegabytes(), 3));
        }
        if (settings.kind() == BenchCommand.Kind.CHAT || settings.kind() == BenchCommand.Kind.WS) {
            report.put("relayed", relayed);
        }
        if (numbers.distinct() > 0) {
            report.put("numbers", JsonText.fields("distinct", numbers.distinct(), "duplicates", numbers.duplicates()));
        }
        report.put("errors", JsonText.fields("io", stats.errors, "lost", stats.lost, "wrong", stats.wrong));
        if (settings.rate() != null) {
            report.put("unsent", stats.unsent);
        }
        report.put("latency_corrected", settings.rate() != null);
        report.put("latency_us", percentiles(latencies.corrected()));
        if (settings.rate() != null) {
            report.put("latency_uncorrected_us", percentiles(latencies.uncorrected()));
        }
        report.put("failed", failed());
        out.println(JsonText.object(report));
        out.flush();
    }

    private static Map<String, Object> percentiles(Histogram latency) {
        var values = new LinkedHashMap<String, Object>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            values.put(PERCENTILE_NAMES[i], latency.getValueAtPercentile(PERCENTILES[i]));
        }
        values.put("max", latency.getMaxValue());
        values.put("mean", round(latency.getMean(), 1));
        return values;
    }

    /** The SVG plot and the .hgrm percentile file, each when asked for. */
    void writeFiles(Path plot, Path hgrm) throws IOException {
        if (plot != null) {
            var curves = new LinkedHashMap<String, Histogram>();
            if (settings.rate() == null) {
                curves.put("latency", latencies.corrected());
            } else {
                curves.put("corrected", latencies.corrected());
                curves.put("uncorrected", latencies.uncorrected());
            }
            var title = "bench " + settings.kindName() + " " + settings.target() + ", " + settings.connections()
                    + " connections, " + (settings.rate() == null ? "closed loop" : settings.rate() + "/s");
            Files.writeString(plot, LatencyPlot.svg(title, curves));
        }
        if (hgrm != null) {
            try (var out = new PrintStream(Files.newOutputStream(hgrm), false, StandardCharsets.UTF_8)) {
                latencies.corrected().outputPercentileDistribution(out, 5, 1000.0);
            }
        }
    }

    private double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    private double throughput() {
        return stats.exchanges / seconds();
    }

    private double payloadMegabytes() {
        return stats.exchanges * (double) settings.size() / seconds() / 1e6;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
