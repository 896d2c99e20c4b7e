package dev.socketsuite.runtime.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.stream.LongStream;

import dev.socketsuite.runtime.stream.LoopWatchdog;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.service.registry.Services;
import io.prometheus.client.Histogram;

/**
 * The meters every service gets, tagged with the service name, served as Prometheus
 * text at {@code /observe/metrics}. Names start with {@code socket.}, so on the wire they
 * read {@code socket_connections_opened_total{service="echo-tcp"}}.
 */
public final class ServiceMetrics {

    /** The per-exchange counts of every service in this process, by meter name and tags (see {@link #adder}). */
    private static final Map<String, LongAdder> SUMS = new ConcurrentHashMap<>();
    /**
     * Histogram bucket bounds for these services' latencies: a loopback exchange takes tens
     * of microseconds, a slow peer or a state backend timing out takes seconds.
     */
    static final Duration[] LATENCY_BUCKETS = LongStream.of(
                    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000,
                    100_000, 250_000, 500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000)
            .mapToObj(micros -> Duration.ofNanos(micros * 1000))
            .toArray(Duration[]::new);

    private final String service;
    private final MeterRegistry registry;
    private final Counter opened;
    private final Counter rejected;
    private final Counter reset;
    private final LongAdder bytesReceived;
    private final LongAdder bytesSent;
    private final LongAdder messages;
    private final AtomicInteger active = new AtomicInteger();
    /** Counters by name and tags: callers count per request or per error, and the registry lookup is not cheap. */
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public ServiceMetrics(String service) {
        this.service = service;
        this.registry = Services.get(MeterRegistry.class);
        LatencyHistograms.serveThrough(registry);
        this.opened = counter("socket.connections.opened", "Connections accepted and handed to the protocol");
        this.rejected = counter("socket.connections.rejected", "Connections refused because the service was full");
        this.reset = counter("socket.connections.reset",
                "Connections the peer closed or reset while we read or wrote: a client leaving mid-exchange, not an error");
        this.bytesReceived = adder("socket.bytes.received", "Bytes read from peers");
        this.bytesSent = adder("socket.bytes.sent", "Bytes written to peers");
        this.messages = adder("socket.messages", "Protocol messages handled");
        gauge("socket.connections.active", "Connections open now", active::get);
        registry.getOrCreate(FunctionalCounter.builder("socket.loop.stalls", LoopWatchdog.allStalls(), LongAdder::sum)
                .description("Event loop turns whose queued work waited longer than the loop's watchdog bound; "
                        + "the loops are the process's, so every service in it reports the same count")
                .tags(tags()));
    }

    /**
     * A counter for the counts taken once or more per exchange (bytes, messages, datagrams):
     * a plain adder that the registry reads when scraped. A registry counter's increment goes
     * through a composite meter and cost 18% of echo-tcp's CPU at 8 connections (JFR). Kept
     * per process like the registry's own meters, so every instance of a service in one
     * JVM adds to the same count.
     */
    public LongAdder adder(String name, String description) {
        return SUMS.computeIfAbsent(key(name, "service", service), k -> {
            var adder = new LongAdder();
            registry.getOrCreate(FunctionalCounter.builder(name, adder, LongAdder::sum)
                    .description(description).tags(tags()));
            return adder;
        });
    }

    /** A counter of this service, created on first use. */
    public Counter counter(String name, String description, String... tagPairs) {
        return counters.computeIfAbsent(key(name, tagPairs), k ->
                registry.getOrCreate(Counter.builder(name).description(description).tags(tags(tagPairs))));
    }

    /** A timer of this service with histogram buckets from 50 us to 10 s, created on first use. */
    public Timer timer(String name, String description) {
        return timers.computeIfAbsent(name, k -> registry.getOrCreate(Timer.builder(name).description(description)
                .tags(tags()).buckets(LATENCY_BUCKETS).percentiles(new double[0])));
    }

    /**
     * The latency histogram of one unit of the service's work, {@code socket_latency_seconds{work=...}}:
     * an echo exchange, a datagram, a chat line relayed. Keep it in a field: recording is then
     * one call on the hot path.
     */
    public Latency latency(String work) {
        return new Latency(LatencyHistograms.of(service, work, ""));
    }

    /** The latency histogram of HTTP requests answered with a status of {@code statusClass} ({@code "2xx"}...). */
    public Latency httpLatency(String statusClass) {
        return new Latency(LatencyHistograms.of(service, "http_request", statusClass));
    }

    /** A latency histogram to record into. */
    public static final class Latency {
        private final Histogram.Child histogram;

        private Latency(Histogram.Child histogram) {
            this.histogram = histogram;
        }

        /** Records the time from {@code startNanos} ({@link System#nanoTime()}) until now. */
        public void since(long startNanos) {
            histogram.observe((System.nanoTime() - startNanos) / 1e9);
        }
    }

    /** A gauge of this service, read from the supplier at scrape time. */
    public void gauge(String name, String description, Supplier<? extends Number> value) {
        registry.getOrCreate(Gauge.builder(name, () -> value.get().doubleValue())
                .description(description).tags(tags()));
    }

    /** Counts datagrams dropped without a reply; {@code reason} is a short snake_case label. */
    public void datagramsDropped(String reason, int count) {
        counter("socket.datagrams.dropped", "Datagrams dropped without a reply, by reason", "reason", reason)
                .increment(count);
    }

    /** Counts one protocol-level error; {@code kind} is a short snake_case label. */
    public void error(String kind) {
        counter("socket.errors", "Errors by kind", "kind", kind).increment();
    }

    /** Stream connections open now, across all of the service's listeners. */
    public int activeConnections() {
        return active.get();
    }

    public void connectionOpened() {
        opened.increment();
        active.incrementAndGet();
    }

    public void connectionClosed() {
        active.decrementAndGet();
    }

    public void connectionRejected() {
        rejected.increment();
    }

    public void connectionReset() {
        reset.increment();
    }

    public void bytesReceived(long count) {
        bytesReceived.add(count);
    }

    public void bytesSent(long count) {
        bytesSent.add(count);
    }

    /** Counts one protocol message (a request, a datagram, a chat line). */
    public void message() {
        messages.increment();
    }

    /** The cache key of a meter: its name and tags, as the registry tells meters apart. */
    private static String key(String name, String... tagPairs) {
        return tagPairs.length == 0 ? name : name + "|" + String.join("|", tagPairs);
    }

    private List<Tag> tags(String... pairs) {
        var tags = new java.util.ArrayList<Tag>();
        tags.add(Tag.create("service", service));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            tags.add(Tag.create(pairs[i], pairs[i + 1]));
        }
        return tags;
    }
}
