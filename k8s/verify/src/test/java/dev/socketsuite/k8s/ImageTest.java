package dev.socketsuite.k8s;

import static dev.socketsuite.k8s.Manifests.list;
import static dev.socketsuite.k8s.Manifests.map;
import static dev.socketsuite.k8s.Manifests.podSpec;
import static dev.socketsuite.k8s.Manifests.serviceContainer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The image users deploy, built from the real Dockerfile with podman (on bases made from
 * Debian packages, see {@link ImageBases}), and each service run from it as its base
 * Deployment runs it: its env, a read-only root filesystem with the manifest's emptyDirs as
 * tmpfs, every capability dropped, no new privileges, the memory limit, the numeric non-root
 * user. Then what the kubelet and a client see: the three probes, one exchange of the
 * protocol through a published port, socket-client inside the container (the exec probe's
 * path), and SIGTERM: readiness 503 within a second, exit 0 within shutdown.delay plus
 * shutdown.grace.
 */
class ImageTest {

    static final String IMAGE = "localhost/socket-suite:test";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static Podman podman;

    @BeforeAll
    static void build() throws Exception {
        podman = Podman.in(Manifests.ROOT.resolve("k8s/verify/target/podman"));
        ImageBases.ensure(podman);
        // The build stage reads dependencies from this machine's Maven repository, as it has no network.
        var repository = Path.of(System.getProperty("user.home"), ".m2");
        podman.ok(Duration.ofMinutes(15), "build", "--network=none", "-v", repository + ":/root/.m2",
                "--build-arg", "BUILD_IMAGE=" + ImageBases.BUILD, "--build-arg", "RUNTIME_IMAGE=" + ImageBases.RUNTIME,
                "-t", IMAGE, Manifests.ROOT.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"echo-tcp", "counter-udp", "unix-status", "chat", "http-info"})
    void eachServiceRunsAsItsBaseManifestSays(String service) throws Exception {
        var documents = Manifests.render(Manifests.ROOT.resolve("k8s/base"));
        var deployment = Manifests.named(documents, "Deployment", service);
        var container = serviceContainer(deployment);
        var env = Manifests.env(container, documents);
        var published = new HashMap<String, Integer>();
        var run = new ArrayList<>(List.of("run", "-d", "--network=slirp4netns", "--read-only",
                "--cap-drop=ALL", "--security-opt=no-new-privileges", "--user", runAs(deployment),
                "--memory", memoryLimit(container)));
        for (var mount : list(container, "volumeMounts")) {
            run.addAll(List.of("--tmpfs", mount.get("mountPath") + ":rw,mode=1777"));
        }
        env.forEach((name, value) -> run.addAll(List.of("-e", name + "=" + value)));
        // -Xshare:on: the JVM stops rather than start without the class-data archive the image
        // made for this class path, so a mismatch fails here instead of only starting slower.
        run.addAll(List.of("-e", "JAVA_OPTS=-Xshare:on " + env.getOrDefault("JAVA_OPTS", "")));
        for (var port : list(container, "ports")) {
            int local = Wire.freePort();
            published.put((String) port.get("name"), local);
            var protocol = String.valueOf(port.getOrDefault("protocol", "TCP")).toLowerCase();
            run.addAll(List.of("-p", "127.0.0.1:" + local + ":" + port.get("containerPort") + "/" + protocol));
        }
        run.add(IMAGE);
        run.addAll(containerArgs(container));
        long startedAt = System.nanoTime();
        var id = podman.ok(Duration.ofMinutes(1), run.toArray(String[]::new));
        try {
            var health = new HealthClient(published.get("health"));
            for (var probe : List.of("started", "ready", "live")) {
                assertTrue(HealthClient.await(Duration.ofSeconds(60), () -> health.probe(probe) == 200),
                        service + ": /observe/health/" + probe + " not 200;\n" + logs(id));
            }
            System.out.printf("image: %s ready %d ms after podman run%n", service, (System.nanoTime() - startedAt) / 1_000_000);
            exchange(service, published, id);
            // socket-client inside the image, as an exec probe runs it.
            var ready = podman.ok(Duration.ofSeconds(30), "exec", id, "socket-client", "http",
                    "http://127.0.0.1:" + healthPort(container) + "/observe/health/ready");
            assertTrue(ready.contains("\"status\":\"UP\""), service + ": socket-client in the container read " + ready);

            podman.ok(Duration.ofSeconds(10), "kill", "--signal", "TERM", id);
            long termAt = System.nanoTime();
            assertTrue(HealthClient.await(Duration.ofSeconds(1), () -> health.probe("ready") == 503),
                    service + ": readiness not 503 within 1 s of SIGTERM");
            double budget = Manifests.seconds(env.get("SHUTDOWN_DELAY")) + Manifests.seconds(env.get("SHUTDOWN_GRACE"));
            var exit = podman.ok(Duration.ofSeconds((long) budget + 5), "wait", id);
            long tookMillis = (System.nanoTime() - termAt) / 1_000_000;
            assertEquals("0", exit, service + " exited with " + exit + " after SIGTERM;\n" + logs(id));
            assertTrue(tookMillis <= budget * 1000, service + " took " + tookMillis + " ms to exit");
        } finally {
            podman.run(Duration.ofSeconds(30), "rm", "-f", id);
        }
    }

    /** No service named, or one that is not in the suite: one line saying which there are, and a failure exit. */
    @Test
    void aMissingOrUnknownServiceStopsWithOneClearLine() throws Exception {
        for (var args : List.of(List.<String>of(), List.of("echo-udp"))) {
            var command = new ArrayList<>(List.of("run", "--rm", "--network=none", IMAGE));
            command.addAll(args);
            var result = podman.run(Duration.ofSeconds(30), command.toArray(String[]::new));
            assertEquals(2, result.exit(), result.output());
            var lines = result.output().strip().lines().toList();
            assertEquals(1, lines.size(), result.output());
            assertTrue(lines.getFirst().contains("echo-tcp counter-udp unix-status chat http-info"), lines.getFirst());
        }
    }

    /** A read-only root with nowhere to put its socket: unix-status says so in one line and exits non-zero. */
    @Test
    void aReadOnlyRootWithoutTheSocketDirectoryStopsWithOneClearLine() throws Exception {
        var result = podman.run(Duration.ofSeconds(60), "run", "--rm", "--network=none", "--read-only",
                "--user", "10001:10001", "-e", "LISTENER_PATH=/run/unix-status/status.sock", IMAGE, "unix-status");
        assertTrue(result.exit() != 0, result.output());
        var errors = result.output().lines().filter(line -> line.contains("/run/unix-status")).toList();
        assertTrue(!errors.isEmpty(), "no line names the path it could not write:\n" + result.output());
    }

    /** One exchange of the service's protocol through its published port. */
    private static void exchange(String service, Map<String, Integer> published, String id) throws Exception {
        switch (service) {
            case "echo-tcp" -> {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), published.get("echo"))) {
                    socket.setSoTimeout(10_000);
                    socket.getOutputStream().write("hello image\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("hello image\n", new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
                }
            }
            case "counter-udp" -> {
                try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    socket.setSoTimeout(10_000);
                    var hello = "hello".getBytes(StandardCharsets.US_ASCII);
                    socket.send(new DatagramPacket(hello, hello.length, InetAddress.getLoopbackAddress(), published.get("counter")));
                    var reply = new DatagramPacket(new byte[256], 256);
                    socket.receive(reply);
                    assertEquals("Received! Message #1", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                }
            }
            case "chat" -> {
                try (var socket = new Socket(InetAddress.getLoopbackAddress(), published.get("chat"))) {
                    socket.setSoTimeout(10_000);
                    var welcome = new String(socket.getInputStream().readNBytes(30), StandardCharsets.UTF_8);
                    assertEquals("Hello from the socket server!\n", welcome);
                }
            }
            case "http-info" -> {
                // The JDK's client keeps the connection alive in its pool: the drain must not wait for it.
                var page = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + published.get("http") + "/hello"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("You are visitor #1"), page.body());
            }
            case "unix-status" -> {
                var status = podman.ok(Duration.ofSeconds(30), "exec", id, "socket-client", "status", "--unix",
                        "/run/unix-status/status.sock");
                assertTrue(status.contains("running"), status);
            }
            default -> throw new AssertionError("no exchange for " + service);
        }
    }

    private static List<String> containerArgs(Map<String, Object> container) {
        @SuppressWarnings("unchecked")
        var args = (List<String>) container.getOrDefault("args", List.of());
        return args;
    }

    private static String runAs(Map<String, Object> deployment) {
        var security = map(podSpec(deployment), "securityContext");
        return security.get("runAsUser") + ":" + security.get("runAsGroup");
    }

    /** The limit as podman takes it: 384Mi is 384m. */
    private static String memoryLimit(Map<String, Object> container) {
        var limit = (String) map(map(container, "resources"), "limits").get("memory");
        return limit.replace("Mi", "m").replace("Gi", "g");
    }

    private static int healthPort(Map<String, Object> container) {
        return list(container, "ports").stream().filter(port -> "health".equals(port.get("name")))
                .map(port -> (Integer) port.get("containerPort")).findFirst().orElseThrow();
    }

    private static String logs(String id) throws IOException, InterruptedException {
        return podman.run(Duration.ofSeconds(30), "logs", id).output();
    }
}
