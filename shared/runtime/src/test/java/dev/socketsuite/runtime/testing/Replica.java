package dev.socketsuite.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a service: its own JVM on ephemeral ports with the shared state on Redis,
 * as a Deployment with several pods runs it.
 */
public record Replica(ServiceProcess process, int port, HealthClient health) implements AutoCloseable {

    /** Starts {@code mainClass} on Redis at {@code redisUrl} and waits for its ready line. */
    public static Replica onRedis(String mainClass, String redisUrl, Map<String, String> env)
            throws IOException, InterruptedException {
        var all = new HashMap<>(env);
        // A round trip may take long on a machine busy with the rest of the build.
        all.putIfAbsent("STATE_REDIS_TIMEOUT", "3s");
        // Replicas share one host here: chat's web port is off unless a test gives each its own.
        all.putIfAbsent("CHAT_WEB_PORT", "0");
        all.putAll(Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0",
                "STATE_BACKEND", "redis", "STATE_REDIS_URL", redisUrl));
        var process = ServiceProcess.launch(mainClass, all);
        var ports = process.awaitReady(Duration.ofSeconds(30));
        return new Replica(process, ports[0], new HealthClient(ports[1]));
    }

    /** Same, and asserts the replica reports ready: Redis is up. */
    public static Replica readyOnRedis(String mainClass, String redisUrl, Map<String, String> env)
            throws IOException, InterruptedException {
        var replica = onRedis(mainClass, redisUrl, env);
        replica.awaitProbe("ready", 200, Duration.ofSeconds(10));
        return replica;
    }

    /** Waits until {@code probe} answers {@code status}; fails the test otherwise. */
    public void awaitProbe(String probe, int status, Duration deadline) throws InterruptedException {
        HealthClient.await(deadline, () -> health.probe(probe) == status);
        assertEquals(status, health.probe(probe), probe + " probe");
    }

    /**
     * Waits until every replica reports not ready after Redis went away. One whose check
     * fell between a stop and a restart still holds connections to the old server, and its
     * first request after the restart would be refused.
     */
    public static void awaitOutageSeenByAll(List<Replica> replicas) throws InterruptedException {
        for (var replica : replicas) {
            replica.awaitProbe("ready", 503, Duration.ofSeconds(5));
        }
    }

    /** The readiness body, where the state check names its backend and the reason it is down. */
    public String readiness() throws IOException, InterruptedException {
        return health.get("/observe/health/ready").body();
    }

    /** Waits until the error counter of {@code kind} reaches {@code atLeast}; fails the test otherwise. */
    public void awaitErrors(String kind, double atLeast) throws InterruptedException {
        assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> errors(kind) >= atLeast),
                kind + " errors were not counted");
    }

    private double errors(String kind) {
        try {
            return health.counter("socket_errors_total", "kind=\"" + kind + "\"");
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Stops the JVM at once, as SIGKILL or a lost node would. */
    @Override
    public void close() {
        process.close();
    }
}
