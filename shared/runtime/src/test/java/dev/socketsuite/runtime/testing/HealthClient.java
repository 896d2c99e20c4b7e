package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/** Talks to the Helidon side of a service the way a kubelet or Prometheus would. */
public final class HealthClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int port;

    public HealthClient(int port) {
        this.port = port;
    }

    /** A GET on the health port; status code and body. */
    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A POST with no body on the health port; status code and body. */
    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Status code of {@code /observe/health/<probe>}, or -1 when the server does not answer. */
    public int probe(String probe) {
        try {
            return get("/observe/health/" + probe).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** {@code openConnections} from the readiness details, or -1 when it cannot be read. */
    public int openConnections() {
        try {
            var body = get("/observe/health/ready").body();
            var matcher = Pattern.compile("\"openConnections\"\\s*:\\s*(\\d+)").matcher(body);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The value of a Prometheus sample whose name is {@code metric} and whose labels
     * include every {@code label="value"} given, or empty when there is none.
     */
    public OptionalDouble metric(String metric, String... labels) throws IOException, InterruptedException {
        var body = get("/observe/metrics").body();
        var line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(body);
        while (line.find()) {
            boolean all = true;
            for (var label : labels) {
                all &= line.group(1).contains(label);
            }
            if (all) {
                return OptionalDouble.of(Double.parseDouble(line.group(2)));
            }
        }
        return OptionalDouble.empty();
    }

    /**
     * The bucket counts of the Prometheus histogram {@code metric} whose labels include every
     * {@code label="value"} given, in the order served (bounds ascending, {@code +Inf} last);
     * empty when the histogram has no samples yet.
     */
    public List<Double> buckets(String metric, String... labels) throws IOException, InterruptedException {
        var body = get("/observe/metrics").body();
        var line = Pattern.compile("^" + Pattern.quote(metric + "_bucket") + "\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(body);
        var counts = new ArrayList<Double>();
        while (line.find()) {
            if (Arrays.stream(labels).allMatch(line.group(1)::contains)) {
                counts.add(Double.parseDouble(line.group(2)));
            }
        }
        return counts;
    }

    /**
     * How many observations the latency histogram of {@code work} holds, after checking that
     * its buckets are cumulative (the last is {@code +Inf}); 0 when it has none yet.
     */
    public double latencyCount(String work, String... labels) throws IOException, InterruptedException {
        var wanted = new ArrayList<>(List.of(labels));
        wanted.add("work=\"" + work + "\"");
        var counts = buckets("socket_latency_seconds", wanted.toArray(String[]::new));
        for (int i = 1; i < counts.size(); i++) {
            if (counts.get(i) < counts.get(i - 1)) {
                throw new AssertionError("buckets of " + work + " are not cumulative: " + counts);
            }
        }
        return counts.isEmpty() ? 0 : counts.getLast();
    }

    /**
     * Waits up to 5 s for the latency histogram of {@code work} to hold {@code expected}
     * observations (services record just after they reply), and returns what it holds then.
     */
    public double awaitLatencyCount(double expected, String work, String... labels) throws InterruptedException {
        return awaitAtLeast(expected, () -> latencyCount(work, labels));
    }

    /**
     * Waits up to 5 s for a counter to reach {@code expected} (services count just after they
     * act), and returns its value then.
     */
    public double awaitCounter(double expected, String metric, String... labels) throws InterruptedException {
        return awaitAtLeast(expected, () -> counter(metric, labels));
    }

    /** A reading of the metrics endpoint. */
    @FunctionalInterface
    private interface Reading {
        double read() throws IOException, InterruptedException;
    }

    private static double awaitAtLeast(double expected, Reading reading) throws InterruptedException {
        var seen = new double[1];
        await(Duration.ofSeconds(5), () -> {
            try {
                seen[0] = reading.read();
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
            return seen[0] >= expected;
        });
        return seen[0];
    }

    /** Counter value, 0 when it has not been created yet. */
    public double counter(String metric, String... labels) throws IOException, InterruptedException {
        return metric(metric, labels).orElse(0);
    }

    /** Polls {@code condition} every 20 ms until true or the deadline passes; returns the last result. */
    public static boolean await(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() - end < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }
}
