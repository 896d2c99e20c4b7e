package dev.socketsuite.runtime.stream;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * Closes connections that have been silent past the idle timeout, or that outlived a
 * deadline set by their handler. One sweeper per listener instead of a timeout per
 * read, because Unix-domain channels have no read timeout.
 */
final class IdleReaper {

    private static final System.Logger LOG = System.getLogger(IdleReaper.class.getName());

    private final List<? extends Collection<Connection>> groups;
    private final Duration idleTimeout;
    private final ServiceMetrics metrics;
    private final Duration period;
    private volatile Thread thread;

    IdleReaper(List<? extends Collection<Connection>> groups, Duration idleTimeout, ServiceMetrics metrics) {
        this.groups = groups;
        this.idleTimeout = idleTimeout;
        this.metrics = metrics;
        // Sweep often enough that a connection lives at most about a tenth past its timeout.
        long tenth = Math.max(10, idleTimeout.toMillis() / 10);
        this.period = Duration.ofMillis(Math.min(tenth, 1000));
    }

    void start(String name) {
        thread = Thread.ofVirtual().name(name + "-idle-reaper").start(this::run);
    }

    void stop() {
        var running = thread;
        if (running != null) {
            running.interrupt();
        }
    }

    private void sweep(Connection connection, long now, long idleNanos) {
        if (connection.expireIfDue(now) || !connection.idleLongerThan(idleNanos, now)) {
            return;
        }
        LOG.log(Level.DEBUG, "closing {0}: idle for more than {1}", connection.peer(), DurationText.format(idleTimeout));
        metrics.error("idle_timeout");
        connection.closeFor("idle_timeout");
    }

    private void run() {
        long idleNanos = idleTimeout.toNanos();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period);
                long now = System.nanoTime();
                for (var connections : groups) {
                    connections.forEach(connection -> sweep(connection, now, idleNanos));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
