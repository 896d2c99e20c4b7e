package dev.socketsuite.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every subcommand against the packaged services, started as processes the way users start them. */
class SocketClientTest {

    private static final Duration READY = Duration.ofSeconds(60);
    private static final Map<String, ServiceProcess> PROCESSES = new HashMap<>();
    private static final Map<String, int[]> PORTS = new HashMap<>();
    private static Path socketDir;
    /** chat's web port: its WebSocket members for bench ws. */
    private static int chatWebPort;

    @BeforeAll
    static void startServices() throws Exception {
        socketDir = Files.createTempDirectory("socket-client-test");
        // Every service with its readiness switch, which the control subcommand turns.
        var env = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "CONTROL_ENABLED", "true");
        var unixEnv = Map.of("SERVER_PORT", "0", "LISTENER_PATH", socketDir.resolve("status.sock").toString(),
                "CONTROL_ENABLED", "true");
        var udpEnv = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "LISTENER_RATE_LIMIT_PER_SECOND", "100000",
                "LISTENER_RATE_LIMIT_BURST", "100000", "CONTROL_ENABLED", "true");
        try (var probe = new java.net.ServerSocket(0)) {
            chatWebPort = probe.getLocalPort();
        }
        var chatEnv = new java.util.HashMap<>(env);
        chatEnv.put("CHAT_WEB_PORT", String.valueOf(chatWebPort));
        for (var service : new String[] {"echo-tcp", "counter-udp", "unix-status", "chat", "http-info"}) {
            var jar = Path.of("../../services", service, "target", service + ".jar");
            var serviceEnv = switch (service) {
                case "unix-status" -> unixEnv;
                case "counter-udp" -> udpEnv;
                case "chat" -> chatEnv;
                default -> env;
            };
            PROCESSES.put(service, ServiceProcess.launchJar(jar, serviceEnv));
        }
        for (var entry : PROCESSES.entrySet()) {
            PORTS.put(entry.getKey(), entry.getValue().awaitReady(READY));
        }
    }

    @AfterAll
    static void stopServices() throws Exception {
        for (var process : PROCESSES.values()) {
            process.terminate();
        }
        for (var process : PROCESSES.values()) {
            assertEquals(0, process.awaitExit(Duration.ofSeconds(30)));
        }
    }

    private static int port(String service) {
        return PORTS.get(service)[0];
    }

    private static String at(String service) {
        return "127.0.0.1:" + port(service);
    }

    private static ClientRun run(InputStream stdin, String... args) {
        return ClientRun.of(stdin, args);
    }

    private static ClientRun run(String... args) {
        return ClientRun.of(args);
    }

    @Test
    void echoOneShotStreamAndInteractive() {
        assertEquals("hello\n", run("echo", at("echo-tcp"), "hello").text());

        var data = new byte[1 << 20];
        new Random(7).nextBytes(data);
        var streamed = run(new ByteArrayInputStream(data), "echo", "--stdin", at("echo-tcp"));
        assertEquals(0, streamed.exit(), streamed.err());
        assertArrayEquals(data, streamed.out(), "binary stream changed on the way");

        var session = run(new ByteArrayInputStream("first\nsecond\nquit\nnever sent\n".getBytes(StandardCharsets.UTF_8)),
                "echo", at("echo-tcp"));
        assertEquals(0, session.exit());
        assertTrue(session.text().contains("Server response: first\n"), session.text());
        assertTrue(session.text().contains("Server response: second\n"), session.text());
        assertTrue(!session.text().contains("never sent"), session.text());
    }

    @Test
    void eachFailureHasItsLineAndExitStatus() throws IOException {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        var refused = run("echo", "127.0.0.1:" + closedPort, "x");
        assertEquals(ExitCodes.REFUSED, refused.exit());
        assertTrue(refused.err().startsWith("connection refused"), refused.err());

        var unknown = run("echo", "no-such-host.invalid:80", "x");
        assertEquals(ExitCodes.UNKNOWN_HOST, unknown.exit());
        assertTrue(unknown.err().startsWith("unknown host"), unknown.err());

        int silentPort;
        try (var silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            silentPort = silent.getLocalPort();
            var timedOut = run("udp", "127.0.0.1:" + silentPort, "anyone?", "--timeout", "200ms", "--retries", "1");
            assertEquals(ExitCodes.TIMEOUT, timedOut.exit());
            assertTrue(timedOut.err().contains("after 2 attempt(s)"), timedOut.err());
        }

        assertEquals(ExitCodes.USAGE, run("echo", "not-a-target", "x").exit());
        assertEquals(0, run("bench", "--help").exit());
    }

    /** Each service's readiness goes down and back on an operator's word; liveness never moves; each switch is logged. */
    @Test
    void controlSwitchesReadinessOnEveryService() throws Exception {
        for (var name : PROCESSES.keySet()) {
            var health = new HealthClient(PORTS.get(name)[1]);
            var healthAt = "127.0.0.1:" + PORTS.get(name)[1];
            var off = run("control", healthAt, "ready", "off");
            assertEquals(0, off.exit(), name + ": " + off.err());
            assertEquals("readiness off\n", off.text(), name);
            assertEquals(503, health.probe("ready"), name);
            assertEquals(200, health.probe("live"), name + ": liveness must not follow the switch");
            var on = run("control", healthAt, "ready", "on");
            assertEquals(0, on.exit(), name + ": " + on.err());
            assertEquals(200, health.probe("ready"), name);
            var process = PROCESSES.get(name);
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> process.output().stream()
                            .anyMatch(line -> line.contains("readiness switched off by an operator"))),
                    name + " did not log the switch");
        }
        var wrongPort = run("control", at("echo-tcp"), "ready", "off");
        assertTrue(wrongPort.exit() != 0, "the raw listener is no health port");
    }

    @Test
    void udpPrintsTheCounterReply() {
        var first = run("udp", at("counter-udp"), "Hello from UDP client!");
        assertEquals(0, first.exit(), first.err());
        assertTrue(first.text().matches("Received! Message #\\d+\n"), first.text());
    }

    @Test
    void statusOverTheUnixSocketIsAProbe() {
        var socket = socketDir.resolve("status.sock").toString();
        var ok = run("status", "--unix", socket);
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(ok.text().startsWith("HTTP/1.1 200 OK\r\n"), ok.text());
        assertTrue(ok.text().contains("\r\n\r\nrunning"), ok.text());

        var json = run("status", "--unix", socket, "/status");
        assertTrue(json.text().contains("\"status\":\"running\""), json.text());

        assertEquals(ExitCodes.FAILED, run("status", "--unix", socket, "/missing").exit());
        assertEquals(ExitCodes.REFUSED, run("status", "--unix", socketDir.resolve("absent.sock").toString()).exit());
    }

    @Test
    void httpAgainstHttpInfoAndHelidonsHealthEndpoint() {
        var page = run("http", "http://" + at("http-info") + "/hello", "-H", "User-Agent: <i>me</i>");
        assertEquals(0, page.exit(), page.err());
        assertTrue(page.text().contains("<p><strong>Browser:</strong> &lt;i&gt;me&lt;/i&gt;</p>"), page.text());

        var raw = run("http", "--raw", "http://" + at("http-info") + "/nope");
        assertTrue(raw.text().startsWith("HTTP/1.1 404 Not Found\r\n"), raw.text());
        assertEquals(ExitCodes.FAILED, run("http", "--fail", "http://" + at("http-info") + "/nope").exit());

        var health = run("http", "--raw", "http://127.0.0.1:" + PORTS.get("http-info")[1] + "/observe/health/ready");
        assertEquals(0, health.exit(), health.err());
        assertTrue(health.text().startsWith("HTTP/1.1 200 OK\r\n"), health.text());
        assertTrue(health.text().contains("\"status\":\"UP\""), health.text());

        assertEquals(ExitCodes.USAGE, run("http", "ftp://example.com/").exit(), "only http:// and https:// URLs");
    }

    @Test
    void chatWithTwoClients() throws Exception {
        try (var other = Wire.connect(port("chat"));
             var typing = new PipedOutputStream();
             var stdin = new PipedInputStream(typing)) {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("Hello from the socket server!", lines.readLine());
            var out = new ByteArrayOutputStream();
            var session = CompletableFuture.supplyAsync(() -> SocketClient.commandLine(stdin,
                    new PrintStream(out, true), new PrintStream(new ByteArrayOutputStream(), true))
                    .execute("chat", at("chat"), "--nick", "alice"));
            assertTrue(lines.readLine().endsWith(" joined"));
            assertTrue(lines.readLine().endsWith(" is now alice"));
            typing.write("hi all\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals("[alice] hi all", lines.readLine());
            other.getOutputStream().write("hello alice\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> out.toString(StandardCharsets.UTF_8)
                    .contains("] hello alice\n")), out.toString(StandardCharsets.UTF_8));
            var printed = out.toString(StandardCharsets.UTF_8);
            assertTrue(printed.startsWith("Hello from the socket server!\n"), printed);
            assertTrue(printed.contains("Received your message!\n"), printed);
            typing.write("exit\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals(0, session.get());
            assertEquals("Received your message!", lines.readLine(), "the ack of 'hello alice'");
            assertEquals("* alice left", lines.readLine());
        }
    }

    @Test
    void scanFindsTheOpenPortsAndNothingElse() throws IOException {
        int closedPort;
        try (var probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        try (var open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            var result = run("scan", "127.0.0.1", port("echo-tcp") + "," + open.getLocalPort() + "," + closedPort);
            assertEquals(0, result.exit(), result.err());
            var text = result.text();
            assertTrue(text.startsWith("PORT       STATE  SERVICE\n"), text);
            assertTrue(Pattern.compile(port("echo-tcp") + "/tcp +open +" + ServiceNames.of(port("echo-tcp")) + "\n").matcher(text).find(), text);
            assertTrue(Pattern.compile(open.getLocalPort() + "/tcp +open ").matcher(text).find(), text);
            assertTrue(!text.contains(closedPort + "/tcp"), text);
            assertTrue(Pattern.compile("2 open, 1 closed, 0 filtered of 3 ports on 127\\.0\\.0\\.1, scanned in \\d+\\.\\d\\ds\n")
                    .matcher(text).find(), text);
        }
        assertEquals(ExitCodes.USAGE, run("scan", "127.0.0.0/24", "80").exit());
        assertEquals(ExitCodes.USAGE, run("scan", "127.0.0.1", "0-70000").exit());
    }

    @Test
    void benchReportsSaneFiguresForEachKind() {
        for (var kind : new String[] {"echo", "udp", "http", "chat", "ws"}) {
            var target = switch (kind) {
                case "echo" -> at("echo-tcp");
                case "udp" -> at("counter-udp");
                case "http" -> at("http-info");
                case "ws" -> "127.0.0.1:" + chatWebPort;
                default -> at("chat");
            };
            var result = run("bench", kind, target, "--connections", "2", "--duration", "2s", "--warmup", "0s",
                    "--no-progress");
            assertEquals(0, result.exit(), kind + ": " + result.text() + result.err());
            var text = result.text();
            var exchanges = Pattern.compile("exchanges\\s+(\\d+)").matcher(text);
            assertTrue(exchanges.find() && Long.parseLong(exchanges.group(1)) > 0, text);
            var latency = Pattern.compile("exchange +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+)").matcher(text);
            assertTrue(latency.find(), text);
            long p50 = Long.parseLong(latency.group(1));
            long max = Long.parseLong(latency.group(5));
            assertTrue(p50 > 0 && p50 <= max, text);
            assertTrue(text.contains("wrong=0"), text);
            if (kind.equals("udp") || kind.equals("http")) {
                assertTrue(Pattern.compile("numbers +[1-9]\\d* distinct  duplicates=0").matcher(text).find(), text);
            }
            if (kind.equals("chat") || kind.equals("ws")) {
                // Two members: each hears every line the other sends.
                assertTrue(Pattern.compile("relayed +[1-9]\\d* lines").matcher(text).find(), text);
            }
        }
        var unix = run("bench", "http", "unix:" + socketDir.resolve("status.sock"), "--path", "/status",
                "--connections", "2", "--duration", "1s", "--warmup", "0s",
                "--no-progress");
        assertEquals(0, unix.exit(), unix.text() + unix.err());
        assertTrue(unix.text().contains("errors      0"), unix.text());

        assertEquals(ExitCodes.USAGE, run("bench", "echo", at("echo-tcp"), "--duration", "11m").exit());
        assertEquals(ExitCodes.USAGE, run("bench", "echo", "unix:/tmp/x.sock").exit());
    }

    @Test
    void soakDrivesEveryServiceAtOnceAndFindsNoDuplicate() {
        var result = run("soak", "--echo", at("echo-tcp"), "--udp", at("counter-udp"), "--chat", at("chat"),
                "--http", at("http-info"), "--status", socketDir.resolve("status.sock").toString(), "-d", "2s");
        assertEquals(0, result.exit(), result.text() + result.err());
        for (var done : new String[] {"echo exchanges", "http requests", "udp datagrams", "status requests", "chat lines",
            "resets", "oversize inputs", "slowloris rounds", "datagram floods", "slow chat readers"}) {
            assertTrue(Pattern.compile("(?m)^  " + done + " +[1-9]\\d*$").matcher(result.text()).find(), done + "\n" + result.text());
        }
        assertTrue(result.text().contains("duplicate numbers    0"), result.text());
        assertEquals(ExitCodes.USAGE, run("soak", "--echo", at("echo-tcp"), "--udp", at("counter-udp"), "--chat", at("chat"),
                "--http", at("http-info"), "--status", "x", "-d", "25h").exit());
    }

    @Test
    void benchSpreadsOverReplicasAndCatchesANumberHandedOutTwice() throws Exception {
        var udpEnv = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "LISTENER_RATE_LIMIT_PER_SECOND", "100000",
                "LISTENER_RATE_LIMIT_BURST", "100000");
        // A second counter-udp on its own memory counts from 1 too: two replicas that do not share their state.
        try (var second = ServiceProcess.launchJar(Path.of("../../services/counter-udp/target/counter-udp.jar"), udpEnv)) {
            int secondPort = second.awaitReady(READY)[0];
            var result = run("bench", "udp", at("counter-udp") + ",127.0.0.1:" + secondPort,
                    "--connections", "2", "--duration", "1s", "--warmup", "0s",
                "--no-progress");
            assertEquals(1, result.exit(), result.text());
            var duplicates = Pattern.compile("duplicates=(\\d+)").matcher(result.text());
            assertTrue(duplicates.find() && Long.parseLong(duplicates.group(1)) > 0, result.text());
        }
        assertEquals(ExitCodes.USAGE, run("bench", "udp", at("counter-udp") + ",nonsense").exit());
    }
}
