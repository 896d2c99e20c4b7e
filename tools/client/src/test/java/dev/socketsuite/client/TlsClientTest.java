package dev.socketsuite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** socket-client's TLS options against the services' TLS ports. */
class TlsClientTest {

    private static final java.time.Duration READY = java.time.Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static final Map<String, ServiceProcess> PROCESSES = new HashMap<>();
    private static final Map<String, Integer> TLS_PORTS = new HashMap<>();
    private static final Map<String, Integer> PLAIN_PORTS = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir);
        launch("echo", "echo-tcp", Map.of());
        launch("mutual", "echo-tcp", Map.of("LISTENER_TLS_CLIENT_AUTH", "required"));
        launch("info", "http-info", Map.of("LISTENER_TLS_ALPN", "http/1.1"));
        launch("chat", "chat", Map.of("CHAT_WEB_PORT", "0"));
        for (var entry : PROCESSES.entrySet()) {
            PLAIN_PORTS.put(entry.getKey(), entry.getValue().awaitReady(READY)[0]);
        }
    }

    /** The service's jar in a process of its own, its TLS port on with the test's certificates. */
    private static void launch(String name, String service, Map<String, String> extra) throws Exception {
        int tlsPort = Wire.freePort();
        var env = new HashMap<>(Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "LISTENER_TLS_PORT", String.valueOf(tlsPort),
                "LISTENER_TLS_CERT_DIR", certificates.serverDir().toString()));
        env.putAll(extra);
        PROCESSES.put(name, ServiceProcess.launchJar(Path.of("../../services", service, "target", service + ".jar"), env));
        TLS_PORTS.put(name, tlsPort);
    }

    @AfterAll
    static void stop() {
        PROCESSES.values().forEach(ServiceProcess::close);
    }

    private static int port(String name) {
        return TLS_PORTS.get(name);
    }

    private String ca() {
        return certificates.caCertificate().toString();
    }

    @Test
    void echoOverTlsWithTheCasCertificate() {
        var run = ClientRun.of("echo", "--cacert", ca(), "localhost:" + port("echo"), "over tls");
        assertEquals(0, run.exit(), run.err());
        assertEquals("over tls\n", run.text());
    }

    @Test
    void anUnknownCaFailsAndInsecureGoesThrough() {
        var refused = ClientRun.of("echo", "--tls", "localhost:" + port("echo"), "hi");
        assertEquals(ExitCodes.IO_ERROR, refused.exit(), refused.text());
        assertTrue(refused.err().contains("TLS failed"), refused.err());
        var insecure = ClientRun.of("echo", "--insecure", "localhost:" + port("echo"), "hi");
        assertEquals(0, insecure.exit(), insecure.err());
    }

    @Test
    void aClientCertificateOpensTheMutualPort() {
        var without = ClientRun.of("echo", "--cacert", ca(), "localhost:" + port("mutual"), "hi");
        assertTrue(without.exit() != 0, "no certificate was let in: " + without.text());
        var with = ClientRun.of("echo", "--cacert", ca(), "--cert", certificates.clientCertificate().toString(),
                "--key", certificates.clientKey().toString(), "localhost:" + port("mutual"), "mutual");
        assertEquals(0, with.exit(), with.err());
        assertEquals("mutual\n", with.text());
    }

    @Test
    void httpsUrlsSpeakTlsAndOfferAlpn() {
        var run = ClientRun.of("http", "--cacert", ca(), "--alpn", "h2,http/1.1",
                "https://localhost:" + port("info") + "/tls");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.text().contains("\"negotiatedProtocol\":\"http/1.1\""), run.text());
        assertTrue(run.text().contains("\"serverName\":\"localhost\""), run.text());
        var sni = ClientRun.of("http", "--insecure", "--sni", "other.example", "https://127.0.0.1:" + port("info") + "/tls");
        assertTrue(sni.text().contains("\"serverName\":\"other.example\""), sni.text());
    }

    @Test
    void chatOverTls() throws Exception {
        try (var other = Wire.connect(PLAIN_PORTS.get("chat"));
             var typing = new java.io.PipedOutputStream();
             var stdin = new java.io.PipedInputStream(typing)) {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("Hello from the socket server!", lines.readLine());
            var session = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> ClientRun.of(stdin, "chat", "--cacert", ca(), "--nick", "alice", "localhost:" + port("chat")));
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.endsWith(" is now alice"));
            typing.write("hi over tls\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals("[alice] hi over tls", lines.readLine());
            typing.write("exit\n".getBytes(StandardCharsets.UTF_8));
            typing.flush();
            assertEquals(0, session.get(10, java.util.concurrent.TimeUnit.SECONDS).exit());
        }
    }

    @Test
    void tlsPrintsTheChainAndWarnsOfExpiry() {
        var run = ClientRun.of("tls", "--cacert", ca(), "--alpn", "http/1.1", "--warn-days", "1", "localhost:" + port("info"));
        assertEquals(0, run.exit(), run.err());
        var text = run.text();
        assertTrue(text.contains("version  TLSv1.3"), text);
        assertTrue(text.contains("alpn     http/1.1"), text);
        assertTrue(text.contains("0 s:CN=localhost"), text);
        assertTrue(text.contains("i:CN=test-ca"), text);
        // The test's certificates live two days: a week's warning fails.
        var expiring = ClientRun.of("tls", "--cacert", ca(), "--warn-days", "7", "localhost:" + port("info"));
        assertEquals(ExitCodes.FAILED, expiring.exit(), expiring.text());
        assertTrue(expiring.err().contains("expire within 7 days"), expiring.err());
        var unverified = ClientRun.of("tls", "localhost:" + port("info"));
        assertEquals(ExitCodes.FAILED, unverified.exit(), unverified.text());
        assertTrue(unverified.err().contains("the handshake failed"), unverified.err());
    }

    @Test
    void benchLoadsTheTlsPortsWithAHandshakePerExchangeIfAsked() {
        var handshakes = ClientRun.of("bench", "http", "--cacert", ca(), "--new-connection", "-c", "2", "-d", "1s", "-w", "0s",
                "--json", "localhost:" + port("info"));
        assertEquals(0, handshakes.exit(), handshakes.err());
        var json = handshakes.text();
        var exchanges = java.util.regex.Pattern.compile("\"exchanges\":(\\d+)").matcher(json);
        assertTrue(exchanges.find() && Long.parseLong(exchanges.group(1)) > 0, json);
        assertTrue(json.contains("\"wrong\":0"), json);
        var chatLoad = ClientRun.of("bench", "chat", "--cacert", ca(), "-c", "2", "-d", "1s", "-w", "0s", "--json",
                "localhost:" + port("chat"));
        assertEquals(0, chatLoad.exit(), chatLoad.err());
        // 20 KiB: more than one TLS record each way per exchange, every byte compared.
        var echo = ClientRun.of("bench", "echo", "--cacert", ca(), "-c", "2", "-s", "20480", "-d", "1s", "-w", "0s",
                "--json", "localhost:" + port("echo"));
        assertEquals(0, echo.exit(), echo.err());
        assertTrue(echo.text().contains("\"wrong\":0"), echo.text());
        var echoed = java.util.regex.Pattern.compile("\"exchanges\":(\\d+)").matcher(echo.text());
        assertTrue(echoed.find() && Long.parseLong(echoed.group(1)) > 0, echo.text());
        var udp = ClientRun.of("bench", "udp", "--tls", "localhost:" + port("echo"));
        assertEquals(ExitCodes.USAGE, udp.exit(), udp.text());
    }
}
