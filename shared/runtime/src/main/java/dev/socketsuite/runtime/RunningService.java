package dev.socketsuite.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.runtime.config.ShutdownSettings;
import dev.socketsuite.runtime.state.SharedState;
import io.helidon.config.Config;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * A started service: its raw listener and the Helidon server beside it that serves
 * {@code /observe/health} and {@code /observe/metrics}, and the ordered way to stop both.
 */
public final class RunningService {

    private static final System.Logger LOG = System.getLogger(RunningService.class.getName());

    private final String name;
    private final RawListener listener;
    private final SharedState sharedState;
    private final ShutdownSettings shutdown;
    /** Null unless control.enabled: then an operator can take readiness down on purpose. */
    private final ReadinessSwitch readinessSwitch;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile WebServer webServer;
    private volatile String state = "starting";
    private volatile boolean started;
    private volatile boolean shuttingDown;

    RunningService(String name, RawListener listener, SharedState sharedState, ShutdownSettings shutdown,
                   boolean control) {
        this.name = name;
        this.listener = listener;
        this.sharedState = sharedState;
        this.shutdown = shutdown;
        this.readinessSwitch = control ? new ReadinessSwitch(name) : null;
    }

    void startWebServer(Config serverConfig) {
        var observe = ObserveFeature.builder()
                .addObserver(ServiceHealth.observer(this))
                .addObserver(MetricsObserver.create())
                .build();
        var builder = WebServer.builder()
                .config(serverConfig)
                .featuresDiscoverServices(false)
                .addFeature(observe);
        if (readinessSwitch != null) {
            builder.routing(readinessSwitch::addTo);
        }
        webServer = builder
                .shutdownHook(false)
                .build()
                .start();
        // Helidon logs a bind failure and returns a stopped server rather than throwing.
        if (!webServer.isRunning()) {
            throw new IllegalStateException("the health server did not start");
        }
    }

    void markStarted() {
        state = "serving";
        started = true;
    }

    /** The raw listener. */
    public RawListener listener() {
        return listener;
    }

    /** The operator's readiness switch, or null when control is not enabled. */
    ReadinessSwitch readinessSwitch() {
        return readinessSwitch;
    }

    /** The state backend the service uses, or null when it keeps no shared state. */
    SharedState sharedState() {
        return sharedState;
    }

    /** Port of the health and metrics server. */
    public int healthPort() {
        return webServer.port();
    }

    /** Port of the raw listener (-1 for a Unix socket). */
    public int listenerPort() {
        return listener.port();
    }

    /** Port of the raw listener's TLS side, -1 when {@code listener.tls.port} is 0. */
    public int tlsPort() {
        return listener.tlsPort();
    }

    boolean isStarted() {
        return started;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    String state() {
        return state;
    }

    /**
     * Stops in the order a load balancer needs: readiness DOWN, wait {@code shutdown.delay},
     * stop accepting, give open connections {@code shutdown.grace}, close the rest, stop
     * the health server. Safe to call more than once; later calls wait for the first.
     */
    public void shutdown() {
        synchronized (this) {
            if (shuttingDown) {
                awaitStopped();
                return;
            }
            shuttingDown = true;
        }
        long begin = System.nanoTime();
        try {
            state = "draining";
            LOG.log(Level.INFO, "{0}: shutting down; readiness is DOWN, closing the listener in {1} (shutdown.delay)",
                    name, DurationText.format(shutdown.delay()));
            sleep(shutdown.delay());
            listener.stopAccepting();
            LOG.log(Level.INFO, "{0}: stopped accepting on {1}; {2} connection(s) open, waiting up to {3} (shutdown.grace)",
                    name, listener.endpoint(), String.valueOf(listener.openConnections()),
                    DurationText.format(shutdown.grace()));
            boolean drained = awaitDrained(shutdown.grace());
            int closed = listener.closeRemaining();
            if (!drained) {
                LOG.log(Level.WARNING, "{0}: closed {1} connection(s) still open after the grace period", name,
                        String.valueOf(closed));
                awaitDrained(Duration.ofSeconds(1));
            }
            var server = webServer;
            if (server != null) {
                server.stop();
            }
            if (sharedState != null) {
                sharedState.close();
            }
            state = "stopped";
            LOG.log(Level.INFO, "{0}: stopped in {1} ms", name, String.valueOf((System.nanoTime() - begin) / 1_000_000));
        } finally {
            stopped.countDown();
        }
    }

    /** Blocks until {@link #shutdown()} has finished. */
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean awaitDrained(Duration timeout) {
        try {
            return listener.awaitDrained(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
