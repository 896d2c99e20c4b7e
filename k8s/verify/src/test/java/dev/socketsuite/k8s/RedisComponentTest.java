package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.env;
import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-pod Redis component for small setups, from the services' side (the URL and the
 * Secret they use reach it) and from its own (its arguments and probes, run with a real
 * redis-server). Production uses redis-ha instead ({@link RedisHaComponentTest}).
 */
class RedisComponentTest {

    private static final List<Map<String, Object>> ONE_POD =
            Manifests.render(Manifests.ROOT.resolve("k8s/verify/src/test/resources/one-pod-redis"));
    private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    @TempDir
    Path data;

    @Test
    void theServicesUrlAndSecretReachTheRedisPod() {
        var redis = deployment("redis");
        var container = serviceContainer(redis);
        var podLabels = map(map(map(redis, "spec"), "template"), "metadata").get("labels");
        for (var service : Manifests.STATEFUL) {
            var env = env(serviceContainer(deployment(service)), ONE_POD);
            assertEquals("redis", env.get("STATE_BACKEND"), service);
            var url = URI.create(env.get("STATE_REDIS_URL"));
            var target = Manifests.ofKind(ONE_POD, "Service").stream().filter(s -> url.getHost().equals(name(s)))
                    .findFirst().orElseThrow(() -> new AssertionError(service + ": no Service named " + url.getHost()));
            assertTrue(((Map<?, ?>) podLabels).entrySet().containsAll(map(map(target, "spec"), "selector").entrySet()),
                    "Service " + name(target) + " does not select the Redis pod");
            var port = list(map(target, "spec"), "ports").stream().filter(p -> p.get("port").equals(url.getPort()))
                    .findFirst().orElseThrow(() -> new AssertionError(url + ": Service has no port " + url.getPort()));
            var containerPort = list(container, "ports").stream()
                    .filter(p -> p.get("name").equals(port.get("targetPort"))).findFirst();
            assertTrue(containerPort.isPresent(), "targetPort " + port.get("targetPort") + " is not a Redis container port");
            assertEquals(env(container, ONE_POD).get("REDIS_PASSWORD"), env.get("STATE_REDIS_PASSWORD"),
                    service + " and Redis read their password from different Secrets");
        }
    }

    @Test
    void oneUnpersistedPodReplacedNeverDoubled() {
        var redis = deployment("redis");
        assertEquals(1, map(redis, "spec").get("replicas"));
        assertEquals("Recreate", map(map(redis, "spec"), "strategy").get("type"),
                "two Redis pods side by side would each hold their own counters");
        var args = args(serviceContainer(redis));
        assertEquals("", args.get(args.indexOf("--save") + 1), "snapshots are off unless configured");
        assertEquals("no", args.get(args.indexOf("--appendonly") + 1), "the append-only file is off unless configured");
        var dataDir = args.get(args.indexOf("--dir") + 1);
        assertTrue(list(serviceContainer(redis), "volumeMounts").stream().anyMatch(m -> dataDir.equals(m.get("mountPath"))),
                "the data directory must be a volume: the root filesystem is read-only");
    }

    @Test
    void theArgumentsAndProbesWorkWithARealServer() throws Exception {
        var container = serviceContainer(deployment("redis"));
        var env = env(container, ONE_POD);
        int port = freePort();
        var command = new ArrayList<>(List.of(RedisServer.executable(), "--bind", "127.0.0.1", "--daemonize", "no"));
        var args = args(container);
        for (int i = 0; i < args.size(); i++) {
            var arg = VARIABLE.matcher(args.get(i)).replaceAll(m -> env.get(m.group(1)));
            if (i > 0 && "--port".equals(args.get(i - 1))) {
                arg = String.valueOf(port);
            } else if (i > 0 && "--dir".equals(args.get(i - 1))) {
                arg = data.toString();
            }
            command.add(arg);
        }
        var server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(data.resolve("redis.log").toFile()).start();
        try {
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> tcpConnects(port)), "redis did not start");
            var readiness = readinessCommand(container, port);
            assertEquals(0, run(readiness, env.get("REDISCLI_AUTH")), "the readiness probe fails on a healthy server");
            assertNotEquals(0, run(readiness, "wrong-password"), "the readiness probe passes without the password");
            assertEquals(list(container, "ports").getFirst().get("name"),
                    map(map(container, "livenessProbe"), "tcpSocket").get("port"), "liveness checks the Redis port");
            assertTrue(cli(port, null, "INCR", "check").startsWith("NOAUTH"), "the server accepts anyone");
            assertEquals("1", cli(port, env.get("REDIS_PASSWORD"), "INCR", "check"));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Map<String, Object> deployment(String name) {
        return Manifests.ofKind(ONE_POD, "Deployment").stream().filter(d -> name.equals(name(d))).findFirst()
                .orElseThrow(() -> new AssertionError("the one-pod setup has no Deployment " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> container) {
        return (List<String>) container.get("args");
    }

    /** The exec readiness probe, with the container port moved to the local one. */
    @SuppressWarnings("unchecked")
    private static List<String> readinessCommand(Map<String, Object> container, int port) {
        var command = (List<String>) map(map(container, "readinessProbe"), "exec").get("command");
        var declared = String.valueOf(list(container, "ports").getFirst().get("containerPort"));
        return command.stream().map(part -> part.replace("-p " + declared, "-p " + port)).toList();
    }

    private static int run(List<String> command, String password) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("REDISCLI_AUTH", password);
        var process = builder.start();
        process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), command + " hung");
        return process.exitValue();
    }

    private static String cli(int port, String password, String... arguments) throws Exception {
        var command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(arguments));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("REDISCLI_AUTH");
        if (password != null) {
            builder.environment().put("REDISCLI_AUTH", password);
        }
        var process = builder.start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    private static boolean tcpConnects(int port) {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
