package dev.socketsuite.runtime.metrics;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import io.helidon.metrics.api.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Histogram;

/**
 * The latency histograms of every service in this process, {@code socket_latency_seconds}:
 * one Prometheus client histogram, registered in the Prometheus registry behind Helidon's
 * meters, so {@code /observe/metrics} serves it beside them.
 *
 * <p>Why not a registry timer: latency is recorded once per exchange, datagram or request,
 * on every hot path. A timer's record goes through a composite meter, a time-window maximum
 * and a histogram ring; this histogram's adds one to a bucket and the value to a sum. That
 * difference was about 3% of the datagrams counter-udp answers with 16 senders.
 */
final class LatencyHistograms {

    private static final System.Logger LOG = System.getLogger(LatencyHistograms.class.getName());
    /** What every other meter of a service carries: Helidon tags application meters with it. */
    private static final String SCOPE = "application";
    private static final Histogram FAMILY = Histogram.build()
            .name("socket_latency_seconds")
            .help("Time to handle one unit of work, by kind")
            // class is an HTTP request's status class; empty, which Prometheus reads as absent, for other work
            .labelNames("scope", "service", "work", "class")
            .buckets(Arrays.stream(ServiceMetrics.LATENCY_BUCKETS).mapToDouble(LatencyHistograms::seconds).toArray())
            .withoutExemplars()
            .create();
    /** The Prometheus registries the family is in: each registry of a process, once. */
    private static final Set<CollectorRegistry> SERVED_BY = Collections.newSetFromMap(new IdentityHashMap<>());

    private LatencyHistograms() {
    }

    /** Registers the histograms with the Prometheus registry behind {@code registry}, unless they are already. */
    static synchronized void serveThrough(MeterRegistry registry) {
        var prometheus = prometheusRegistry(registry);
        if (prometheus == null) {
            if (SERVED_BY.isEmpty()) {
                LOG.log(Level.WARNING, "no Prometheus registry behind the metrics: socket_latency_seconds is not served");
            }
            return;
        }
        if (SERVED_BY.add(prometheus)) {
            FAMILY.register(prometheus);
        }
    }

    /** The histogram of one service's {@code work}; {@code statusClass} is empty unless the work is an HTTP request. */
    static Histogram.Child of(String service, String work, String statusClass) {
        return FAMILY.labels(SCOPE, service, work, statusClass);
    }

    private static CollectorRegistry prometheusRegistry(MeterRegistry registry) {
        io.micrometer.core.instrument.MeterRegistry micrometer;
        try {
            micrometer = registry.unwrap(io.micrometer.core.instrument.MeterRegistry.class);
        } catch (ClassCastException | IllegalArgumentException e) {
            return null;
        }
        var candidates = micrometer instanceof CompositeMeterRegistry composite
                ? composite.getRegistries()
                : Set.of(micrometer);
        return candidates.stream()
                .filter(PrometheusMeterRegistry.class::isInstance)
                .map(found -> ((PrometheusMeterRegistry) found).getPrometheusRegistry())
                .findFirst()
                .orElse(null);
    }

    private static double seconds(Duration bound) {
        return bound.toNanos() / 1e9;
    }
}
