package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.env;
import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.name;
import static dev.socketsuite.k8s.Manifests.podSpec;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.UnixClient;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each service Deployment of each overlay, run for real: the service jar started with exactly
 * the container's environment (ports moved to free loopback ports; a real redis-server, with
 * the Secret's password, where the overlay keeps the state on Redis), then every probe done as
 * the kubelet does it, every Service port checked against what the process listens on,
 * and SIGTERM checked to take readiness down before the listener and to exit 0 in time.
 * A probe path, port name, env key or Service port that drifts from the code fails here.
 */
class ProbeTest {

    /** The pod's identity from the downward API: read as it is (http-info shows it), no config key. */
    private static final Set<String> DOWNWARD_API = Set.of("POD_NAME", "POD_NAMESPACE", "NODE_NAME", "POD_IP");

    /** A container port, where the manifest says it is and where the test moved it. */
    record Port(String name, int containerPort, String protocol, int local) {
    }

    @TempDir
    Path sockets;

    static Stream<Arguments> deployments() {
        var cases = new ArrayList<Arguments>();
        for (var overlay : Manifests.OVERLAYS) {
            var documents = Manifests.overlay(overlay);
            for (var deployment : Manifests.ofKind(documents, "Deployment")) {
                if (!Manifests.SERVICES.contains(name(deployment))) {
                    continue; // supporting servers (Redis) are checked by their own test
                }
                cases.add(Arguments.of(overlay, name(deployment), deployment, documents));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deployments")
    void theManifestMatchesWhatTheServiceDoes(String overlay, String service, Map<String, Object> deployment,
                                              List<Map<String, Object>> documents) throws Exception {
        var jar = ServiceJar.of(service);
        var container = serviceContainer(deployment);
        var env = new HashMap<>(env(container, documents));
        for (var key : env.keySet()) {
            assertTrue(jar.knowsEnv(key) || DOWNWARD_API.contains(key),
                    service + ": env " + key + " is not a config key of the service");
        }
        boolean onRedis = "redis".equals(env.get("STATE_BACKEND"));
        boolean onSentinels = onRedis && env.containsKey("STATE_REDIS_SENTINELS");
        // The in-cluster addresses are checked against the Redis Services by the Redis component tests.
        try (var redis = onRedis && !onSentinels ? RedisServer.start(env.get("STATE_REDIS_PASSWORD")) : null;
             var sentinels = onSentinels ? RedisSentinels.start(env.get("STATE_REDIS_PASSWORD")) : null) {
            if (redis != null) {
                env.put("STATE_REDIS_URL", redis.url());
            }
            if (sentinels != null) {
                assertEquals(env.get("STATE_REDIS_PASSWORD"), env.get("STATE_REDIS_SENTINEL_PASSWORD"),
                        service + ": the sentinels and Redis share one password in the HA component");
                env.put("STATE_REDIS_URL", sentinels.url());
                env.put("STATE_REDIS_SENTINELS", sentinels.sentinels());
            }
            runAsTheKubeletWould(service, jar, deployment, container, env, documents);
        }
    }

    private void runAsTheKubeletWould(String service, ServiceJar jar, Map<String, Object> deployment,
                                      Map<String, Object> container, Map<String, String> env,
                                      List<Map<String, Object>> documents) throws Exception {

        var ports = movePorts(jar, container, env);
        env.put("LISTENER_HOST", "127.0.0.1");
        env.put("SERVER_HOST", "127.0.0.1");
        var socketPath = jar.effective(env, "listener.path");
        Path localSocket = null;
        if (socketPath != null && !socketPath.isBlank()) {
            localSocket = sockets.resolve(Path.of(socketPath).getFileName());
            env.put("LISTENER_PATH", localSocket.toString());
        }

        try (var process = ServiceProcess.launchJar(jar.jar(), env)) {
            int healthPort = probeAll(container, ports, process);
            var health = new HealthClient(healthPort);
            if ("true".equals(env.get("CONTROL_ENABLED"))) {
                drainDrill(service, container, health);
            }
            checkServices(service, deployment, documents, ports);
            if (localSocket != null) {
                checkSocketSharing(deployment, socketPath, localSocket);
            }

            process.terminate();
            assertTrue(HealthClient.await(Duration.ofSeconds(30), () -> health.probe("ready") != 200),
                    service + ": readiness stayed UP after SIGTERM");
            assertTrue(listenerAnswers(ports, localSocket),
                    service + ": the listener closed before readiness went DOWN (shutdown.delay)");
            int grace = (Integer) podSpec(deployment).get("terminationGracePeriodSeconds");
            assertEquals(0, process.awaitExit(Duration.ofSeconds(grace)),
                    service + " did not exit 0 within terminationGracePeriodSeconds:\n" + String.join("\n", process.output()));
        }
    }

    /**
     * The operator's drill: switched off, the pod's own readiness probe fails while its
     * liveness probe passes, so Kubernetes takes it out of the endpoints and leaves it running;
     * switched on, it is ready again.
     */
    private static void drainDrill(String service, Map<String, Object> container, HealthClient health) throws Exception {
        var readyPath = (String) map(map(container, "readinessProbe"), "httpGet").get("path");
        var livePath = (String) map(map(container, "livenessProbe"), "httpGet").get("path");
        assertEquals(200, health.post("/control/ready/off").statusCode(), service + ": the switch is not there");
        assertEquals(503, status(health, readyPath), service + ": readiness probe passed while switched off");
        assertEquals(200, status(health, livePath), service + ": liveness probe failed while switched off");
        assertEquals(200, health.post("/control/ready/on").statusCode());
        assertEquals(200, status(health, readyPath), service + ": not ready again after switching on");
    }

    /**
     * Moves LISTENER_PORT, SERVER_PORT and chat's CHAT_WEB_PORT to free ports; every container
     * port must be one of them, of the protocol its service speaks there.
     */
    private static Map<String, Port> movePorts(ServiceJar jar, Map<String, Object> container, Map<String, String> env)
            throws IOException {
        var listener = jar.effective(env, "listener.port");
        var server = jar.effective(env, "server.port");
        var web = jar.effective(env, "chat.web.port");
        assertNotNull(server, jar.service() + ": no server.port");
        var ports = new HashMap<String, Port>();
        int localServer = freeTcpPort();
        env.put("SERVER_PORT", String.valueOf(localServer));
        Integer localListener = null;
        Integer localWeb = null;
        for (var declared : list(container, "ports")) {
            var portName = (String) declared.get("name");
            int containerPort = (Integer) declared.get("containerPort");
            var protocol = (String) declared.getOrDefault("protocol", "TCP");
            int local;
            if (String.valueOf(containerPort).equals(server)) {
                assertEquals("TCP", protocol, portName + ": the health server speaks TCP");
                local = localServer;
            } else if (String.valueOf(containerPort).equals(listener)) {
                localListener = "UDP".equals(protocol) ? freeUdpPort() : freeTcpPort();
                local = localListener;
            } else if (String.valueOf(containerPort).equals(web)) {
                assertEquals("TCP", protocol, portName + ": the web port speaks HTTP and WebSocket");
                localWeb = freeTcpPort();
                local = localWeb;
            } else {
                fail(jar.service() + ": containerPort " + portName + "=" + containerPort + " is neither listener.port ("
                        + listener + "), server.port (" + server + ") nor chat.web.port (" + web + ")");
                return ports;
            }
            ports.put(portName, new Port(portName, containerPort, protocol, local));
        }
        if (localListener != null) {
            env.put("LISTENER_PORT", String.valueOf(localListener));
        }
        if (web != null && !"0".equals(web)) {
            assertNotNull(localWeb, jar.service() + ": chat.web.port " + web + " is not a container port");
            env.put("CHAT_WEB_PORT", String.valueOf(localWeb));
        }
        return ports;
    }

    /** The three probes as the kubelet does them; returns the local health port. */
    private static int probeAll(Map<String, Object> container, Map<String, Port> ports, ServiceProcess process)
            throws Exception {
        int healthPort = -1;
        for (var probeName : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            var probe = map(container, probeName);
            var httpGet = map(probe, "httpGet");
            var port = ports.get((String) httpGet.get("port"));
            assertNotNull(port, probeName + " names port " + httpGet.get("port") + ", which the container does not declare");
            healthPort = port.local();
            var client = new HealthClient(port.local());
            var path = (String) httpGet.get("path");
            int budget = (Integer) probe.getOrDefault("periodSeconds", 10) * (Integer) probe.getOrDefault("failureThreshold", 3);
            boolean passed = HealthClient.await(Duration.ofSeconds(budget), () -> status(client, path) / 100 == 2
                    || status(client, path) / 100 == 3);
            assertTrue(passed, probeName + " GET " + path + " on " + port.name() + " never passed:\n"
                    + String.join("\n", process.output()));
        }
        return healthPort;
    }

    private static int status(HealthClient client, String path) {
        try {
            return client.get(path).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Every Service port that selects these pods reaches something that speaks its protocol. */
    private static void checkServices(String service, Map<String, Object> deployment, List<Map<String, Object>> documents,
                                      Map<String, Port> ports) throws Exception {
        var podLabels = map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
        int checked = 0;
        for (var svc : Manifests.ofKind(documents, "Service")) {
            var selector = map(map(svc, "spec"), "selector");
            if (selector.isEmpty() || !podLabels.entrySet().containsAll(selector.entrySet())) {
                continue;
            }
            for (var servicePort : list(map(svc, "spec"), "ports")) {
                var target = servicePort.getOrDefault("targetPort", servicePort.get("port"));
                var port = target instanceof String portName ? ports.get(portName)
                        : ports.values().stream().filter(p -> p.containerPort() == (Integer) target).findFirst().orElse(null);
                assertNotNull(port, name(svc) + " port " + servicePort.get("name") + " targets " + target
                        + ", which the container does not declare");
                var protocol = (String) servicePort.getOrDefault("protocol", "TCP");
                assertEquals(port.protocol(), protocol, name(svc) + " port " + servicePort.get("name"));
                assertTrue(answers(port), name(svc) + " port " + servicePort.get("name") + " (" + protocol
                        + ") gets no answer from the process");
                checked++;
            }
        }
        assertTrue(checked > 0, service + ": no Service selects its pods");
    }

    private static boolean answers(Port port) {
        try {
            if ("UDP".equals(port.protocol())) {
                return udpReply(port.local()).startsWith("Received! Message #");
            }
            Wire.connect(port.local()).close();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listenerAnswers(Map<String, Port> ports, Path socket) {
        if (socket != null) {
            try (var client = UnixClient.connect(socket)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }
        return ports.values().stream().filter(p -> !"health".equals(p.name())).allMatch(ProbeTest::answers);
    }

    /** The socket's directory is a volume shared by every container, and the sidecar's exec probe works. */
    private static void checkSocketSharing(Map<String, Object> deployment, String socketPath, Path localSocket)
            throws Exception {
        var directory = Path.of(socketPath).getParent().toString();
        var containers = list(podSpec(deployment), "containers");
        assertTrue(containers.size() > 1, "the socket pattern needs a second container");
        String volume = null;
        for (var container : containers) {
            var mount = list(container, "volumeMounts").stream()
                    .filter(m -> directory.equals(m.get("mountPath"))).findFirst();
            assertTrue(mount.isPresent(), container.get("name") + " does not mount " + directory);
            if (volume == null) {
                volume = (String) mount.get().get("name");
            }
            assertEquals(volume, mount.get().get("name"), "the containers mount different volumes at " + directory);
        }
        var volumeName = volume;
        var declared = list(podSpec(deployment), "volumes").stream().filter(v -> volumeName.equals(v.get("name")))
                .findFirst().orElseThrow();
        assertTrue(declared.containsKey("emptyDir"), "the socket volume should be an emptyDir");
        assertTrue(UnixClient.exchange(localSocket, "GET / HTTP/1.1\r\n\r\n").endsWith("running"));

        for (var container : containers) {
            var exec = map(map(container, "readinessProbe"), "exec");
            if (!exec.isEmpty()) {
                runExecProbe(exec, socketPath, localSocket);
            }
        }
    }

    /** Runs an exec probe's command as the image would, with socket-client from tools/client. */
    @SuppressWarnings("unchecked")
    private static void runExecProbe(Map<String, Object> exec, String socketPath, Path localSocket) throws Exception {
        var command = new ArrayList<>((List<String>) exec.get("command"));
        assertEquals("socket-client", command.getFirst(), "exec probes run socket-client");
        command.removeFirst();
        var java = ProcessHandle.current().info().command().orElse("java");
        var args = new ArrayList<>(List.of(java, "-jar",
                Manifests.ROOT.resolve("tools/client/target/socket-client.jar").toString()));
        command.forEach(arg -> args.add(arg.equals(socketPath) ? localSocket.toString() : arg));
        var probe = new ProcessBuilder(args).redirectErrorStream(true).start();
        var output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, probe.waitFor(), "exec probe " + command + " failed:\n" + output);
    }

    private static String udpReply(int port) throws IOException {
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(2000);
            var ping = "probe".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(ping, ping.length, InetAddress.getLoopbackAddress(), port));
            var buffer = new byte[256];
            var packet = new DatagramPacket(buffer, buffer.length);
            socket.receive(packet);
            return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
        }
    }

    private static int freeTcpPort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

}
