package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.env;
import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The production overlay's HA Redis: three pods of Redis and a sentinel each. Its shape is
 * read from the rendered manifests; its behaviour comes from running each pod's own
 * configure script, arguments and config with Debian's redis-server on loopback (each pod
 * a pair of ports), then killing the primary.
 */
class RedisHaComponentTest {

    private static final List<Map<String, Object>> PRODUCTION = Manifests.overlay("production");
    private static final String PASSWORD = "ha-test-pw";

    @TempDir
    Path root;

    @Test
    void threePodsWithPersistenceSpreadAndABudget() {
        var set = statefulSet();
        var spec = map(set, "spec");
        assertEquals(3, spec.get("replicas"));
        var pod = map(map(spec, "template"), "spec");
        assertTrue(map(map(pod, "affinity"), "podAntiAffinity").containsKey("preferredDuringSchedulingIgnoredDuringExecution"));
        assertEquals("topology.kubernetes.io/zone", list(pod, "topologySpreadConstraints").getFirst().get("topologyKey"));
        assertEquals("data", map(list(spec, "volumeClaimTemplates").getFirst(), "metadata").get("name"));
        var security = map(pod, "securityContext");
        assertEquals(true, security.get("runAsNonRoot"));
        assertEquals("RuntimeDefault", map(security, "seccompProfile").get("type"));
        var containers = new ArrayList<>(list(pod, "containers"));
        containers.addAll(list(pod, "initContainers"));
        for (var container : containers) {
            var where = "redis-ha/" + container.get("name");
            var restricted = map(container, "securityContext");
            assertEquals(false, restricted.get("allowPrivilegeEscalation"), where);
            assertEquals(true, restricted.get("readOnlyRootFilesystem"), where);
            assertEquals(List.of("ALL"), map(restricted, "capabilities").get("drop"), where);
            assertTrue(map(map(container, "resources"), "limits").containsKey("memory"), where);
        }
        for (var container : list(pod, "containers")) {
            assertTrue(container.containsKey("readinessProbe") && container.containsKey("livenessProbe"),
                    "redis-ha/" + container.get("name") + " has no probes");
        }
        var budget = Manifests.ofKind(PRODUCTION, "PodDisruptionBudget").stream()
                .filter(pdb -> "redis-ha".equals(name(pdb))).findFirst().orElseThrow();
        assertEquals(1, map(budget, "spec").get("maxUnavailable"));
    }

    @Test
    void theServicesFindTheSentinelsWithTheSecretsPassword() {
        var sentinelPort = list(container("sentinel"), "ports").getFirst().get("containerPort");
        for (var service : Manifests.STATEFUL) {
            var deployment = Manifests.ofKind(PRODUCTION, "Deployment").stream()
                    .filter(d -> service.equals(name(d))).findFirst().orElseThrow();
            var env = env(serviceContainer(deployment), PRODUCTION);
            var sentinels = env.get("STATE_REDIS_SENTINELS").split(",");
            assertEquals(3, sentinels.length, service);
            for (int i = 0; i < 3; i++) {
                assertEquals("redis-ha-" + i + ".redis-ha:" + sentinelPort, sentinels[i], service);
            }
            var redisEnv = env(container("redis"), PRODUCTION);
            assertEquals(redisEnv.get("REDIS_PASSWORD"), env.get("STATE_REDIS_PASSWORD"), service);
            assertEquals(redisEnv.get("REDIS_PASSWORD"), env.get("STATE_REDIS_SENTINEL_PASSWORD"), service);
            assertEquals(redisEnv.get("MASTER_NAME"), env.get("STATE_REDIS_MASTER_NAME"), service);
        }
        var headless = Manifests.named(PRODUCTION, "Service", "redis-ha");
        assertEquals("None", map(headless, "spec").get("clusterIP"));
        assertEquals("redis-ha", map(statefulSet(), "spec").get("serviceName"));
    }

    @Test
    void thePodsOwnConfigFormsASetThatFailsOverAndTakesItsOldPrimaryBack() throws Exception {
        var pods = new ArrayList<Pod>();
        try {
            int[] redisPorts = {freePort(), freePort(), freePort()};
            int[] sentinelPorts = {freePort(), freePort(), freePort()};
            var sentinels = java.util.Arrays.stream(sentinelPorts).mapToObj(p -> "127.0.0.1:" + p)
                    .collect(Collectors.joining(","));
            for (int i = 0; i < 3; i++) {
                pods.add(new Pod(i, redisPorts, sentinels, sentinelPorts[i]));
            }
            for (var pod : pods) {
                pod.configure();
            }
            for (var pod : pods) {
                pod.start();
            }
            var first = pods.getFirst();
            assertTrue(HealthClient.await(Duration.ofSeconds(20), () -> onlineReplicas(first.redisPort) == 2),
                    "the replicas did not follow the first pod");
            assertEquals("master", role(first.redisPort));
            for (var pod : pods) {
                assertTrue(HealthClient.await(Duration.ofSeconds(30), () -> primaryPort(pod.sentinelPort) == first.redisPort
                                && knownSentinels(pod.sentinelPort) == 2 && knownReplicas(pod.sentinelPort) == 2),
                        "sentinel " + pod.index + " does not follow the first pod with both replicas and the two others");
            }
            assertEquals(1L, command(first.redisPort, "INCR", "n"));

            first.kill();
            int newPrimary = awaitNewPrimary(pods.get(1).sentinelPort, first.redisPort);
            // min-replicas-to-write 1: the new primary takes writes once the other replica follows it.
            assertTrue(HealthClient.await(Duration.ofSeconds(20), () -> onlineReplicas(newPrimary) == 1),
                    "the remaining replica did not follow the new primary");
            assertEquals(2L, command(newPrimary, "INCR", "n"), "the new primary lost the replicated count");

            // The old primary's pod restarts: its configure step asks the sentinels and joins as a replica.
            first.configure();
            assertTrue(Files.readString(first.conf.resolve("redis.conf")).contains("replicaof 127.0.0.1 " + newPrimary),
                    "a restarted pod would come back as a second primary");
            first.start();
            assertTrue(HealthClient.await(Duration.ofSeconds(20), () -> "slave".equals(role(first.redisPort))),
                    "the old primary did not rejoin as a replica");
            assertTrue(HealthClient.await(Duration.ofSeconds(20), () -> "2".equals(get(first.redisPort, "n"))),
                    "the old primary did not catch up");
        } finally {
            pods.forEach(Pod::kill);
        }
    }

    /** One pod on loopback: its own ports and folders, its own env from the manifest. */
    private final class Pod {
        final int index;
        final int redisPort;
        final int sentinelPort;
        final Path conf;
        final Path data;
        final Map<String, String> env;
        final List<Process> processes = new ArrayList<>();

        Pod(int index, int[] redisPorts, String sentinels, int sentinelPort) throws IOException {
            this.index = index;
            this.redisPort = redisPorts[index];
            this.sentinelPort = sentinelPort;
            this.conf = Files.createDirectories(root.resolve("pod-" + index + "/conf"));
            this.data = Files.createDirectories(root.resolve("pod-" + index + "/data"));
            var manifest = env(initContainer(), PRODUCTION);
            env = new HashMap<>();
            for (var name : manifest.keySet()) {
                env.put(name, manifest.get(name));
            }
            // What differs on loopback: every pod is 127.0.0.1 with ports of its own, and a sentinel
            // calls a primary down after 1 s, not 5 s, so the failover fits a test.
            env.putAll(Map.of("SELF_HOST", "127.0.0.1", "FIRST_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(redisPort),
                    "FIRST_PORT", String.valueOf(redisPorts[0]), "SENTINEL_PORT", String.valueOf(sentinelPort),
                    "SENTINEL_ADDRESSES", sentinels, "CONF_DIR", conf.toString(), "DATA_DIR", data.toString(),
                    "DOWN_AFTER_MS", "1000"));
            env.put("REDIS_PASSWORD", PASSWORD);
            env.put("REDISCLI_AUTH", PASSWORD);
            assertTrue(manifest.keySet().containsAll(Map.of("SELF_HOST", 1, "FIRST_HOST", 1, "REDIS_PORT", 1,
                    "SENTINEL_PORT", 1, "SENTINEL_ADDRESSES", 1, "CONF_DIR", 1, "DATA_DIR", 1, "DOWN_AFTER_MS", 1).keySet()),
                    "the script's inputs are not all set in the manifest: " + manifest.keySet());
        }

        /** The init container: the component's own script with this pod's env. */
        void configure() throws Exception {
            var script = root.resolve("configure.sh");
            Files.writeString(script, script());
            var builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
            builder.environment().putAll(env);
            var process = builder.start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "configure.sh failed:\n" + output);
        }

        /** The two containers, with their args from the manifest; bound to loopback only. */
        void start() throws IOException {
            for (var name : List.of("redis", "sentinel")) {
                var command = new ArrayList<>(List.of(RedisServer.executable()));
                for (var arg : args(container(name))) {
                    command.add(arg.replace("/conf", conf.toString()));
                }
                command.addAll(List.of("--bind", "127.0.0.1"));
                var builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(root.resolve("pod-" + index + "-" + name + ".log").toFile());
                builder.environment().putAll(env);
                processes.add(builder.start());
            }
        }

        void kill() {
            for (var process : processes) {
                process.destroyForcibly();
                try {
                    process.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            processes.clear();
        }
    }

    private static int awaitNewPrimary(int sentinelPort, int oldPort) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() - end < 0) {
            int port = primaryPort(sentinelPort);
            if (port > 0 && port != oldPort && "master".equals(role(port))) {
                return port;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no failover within 30 s");
    }

    private static int primaryPort(int sentinelPort) {
        try (var sentinel = connect(sentinelPort)) {
            return Integer.parseInt(sentinel.sentinelGetMasterAddrByName("mymaster").get(1));
        } catch (JedisException | NullPointerException e) {
            return -1;
        }
    }

    /** The replicas this sentinel found (in the primary's INFO, every 10 s): only they are moved to a new primary. */
    private static int knownReplicas(int sentinelPort) {
        try (var sentinel = connect(sentinelPort)) {
            return sentinel.sentinelReplicas("mymaster").size();
        } catch (JedisException e) {
            return -1;
        }
    }

    /** The other sentinels this one heard from: a failover needs a majority that knows each other. */
    private static int knownSentinels(int sentinelPort) {
        try (var sentinel = connect(sentinelPort)) {
            return sentinel.sentinelSentinels("mymaster").size();
        } catch (JedisException e) {
            return -1;
        }
    }

    private static String role(int port) {
        try (var redis = connect(port)) {
            var first = redis.role().getFirst();
            return first instanceof byte[] bytes ? new String(bytes, StandardCharsets.US_ASCII) : String.valueOf(first);
        } catch (JedisException e) {
            return "unreachable";
        }
    }

    private static long onlineReplicas(int port) {
        try (var redis = connect(port)) {
            return redis.info("replication").lines().filter(line -> line.contains("state=online")).count();
        } catch (JedisException e) {
            return -1;
        }
    }

    private static Object command(int port, String... words) {
        try (var redis = connect(port)) {
            return redis.incr(words[1]);
        }
    }

    private static String get(int port, String key) {
        try (var redis = connect(port)) {
            return redis.get(key);
        } catch (JedisException e) {
            return null;
        }
    }

    private static Jedis connect(int port) {
        var jedis = new Jedis("127.0.0.1", port);
        jedis.auth(PASSWORD);
        return jedis;
    }

    private static Map<String, Object> statefulSet() {
        return Manifests.ofKind(PRODUCTION, "StatefulSet").stream().filter(s -> "redis-ha".equals(name(s)))
                .findFirst().orElseThrow(() -> new AssertionError("production has no StatefulSet redis-ha"));
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(statefulSet(), "spec"), "template"), "spec");
    }

    private static Map<String, Object> container(String name) {
        return list(podSpec(), "containers").stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
    }

    private static Map<String, Object> initContainer() {
        return list(podSpec(), "initContainers").getFirst();
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(Map<String, Object> container) {
        return (List<String>) container.get("args");
    }

    /** The script as the ConfigMap holds it. */
    private static String script() {
        var configMap = Manifests.ofKind(PRODUCTION, "ConfigMap").stream()
                .filter(c -> name(c).startsWith("redis-ha-scripts")).findFirst().orElseThrow();
        return (String) map(configMap, "data").get("configure.sh");
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
