package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * Failed accepts come in bursts: out of file descriptors, every attempt fails until a
 * connection closes. Each failure is counted ({@code socket_errors_total{kind="accept"}}),
 * but a burst is logged twice, when it starts and when accepting works again, and the
 * retries back off so a full backlog cannot spin the accept loop. While a burst lasts the
 * listener is not ready: it cannot take new peers, though it keeps serving the ones it has.
 */
final class AcceptFailures {

    private static final System.Logger LOG = System.getLogger(AcceptFailures.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
    private static final Duration MAX_BACKOFF = Duration.ofMillis(500);

    private final String endpoint;
    private final ServiceMetrics metrics;
    private volatile String reason;
    private long burstStartNanos;
    private long failures;
    private Duration backoff = FIRST_BACKOFF;

    AcceptFailures(String endpoint, ServiceMetrics metrics) {
        this.endpoint = endpoint;
        this.metrics = metrics;
    }

    /** Counts a failed accept, logs it if it starts a burst, and waits before the next try. */
    void failed(IOException e, int openConnections) throws InterruptedException {
        metrics.error("accept");
        if (reason == null) {
            burstStartNanos = System.nanoTime();
            failures = 0;
            backoff = FIRST_BACKOFF;
            LOG.log(Level.WARNING, "accept on {0} is failing: {1}; still serving the {2} open connections and"
                    + " retrying (is the descriptor limit, ulimit -n, too low?)", endpoint, e.getMessage(),
                    String.valueOf(openConnections));
        }
        reason = String.valueOf(e.getMessage());
        failures++;
        Thread.sleep(backoff);
        var doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
    }

    /** An accept worked: ends a burst, if one was on, with one line. */
    void succeeded() {
        if (reason != null) {
            LOG.log(Level.WARNING, "accept on {0} works again after {1} failed attempts over {2} ms", endpoint,
                    String.valueOf(failures), String.valueOf((System.nanoTime() - burstStartNanos) / 1_000_000));
            reason = null;
        }
    }

    /** Why accepting fails now, or null when it does not. */
    String reason() {
        return reason;
    }
}
