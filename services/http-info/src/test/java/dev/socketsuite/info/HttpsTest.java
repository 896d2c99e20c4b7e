package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** http-info on its TLS port, as curl (an independent client) sees it. */
class HttpsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static RunningService service;
    private static HealthClient health;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir);
        var settings = new java.util.HashMap<>(certificates.tlsSettings(Wire.freePort()));
        settings.put("listener.tls.client-auth", "optional");
        settings.put("listener.tls.alpn", "http/1.1");
        service = TestServices.start("http-info", InfoService::listener, settings);
        health = new HealthClient(service.healthPort());
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    @Test
    void curlGetsThePagesOverOneKeptAliveConnection() throws Exception {
        var base = "https://localhost:" + service.tlsPort();
        var output = curl("--cacert", certificates.caCertificate().toString(), "-sS", "-w", "%{http_code} %{num_connects}\\n",
                base + "/hello", base + "/about");
        assertTrue(output.contains("You are visitor #"), output);
        assertTrue(output.contains("200 1\n"), "the first page on a new connection:\n" + output);
        assertTrue(output.contains("200 0\n"), "the second on the same connection:\n" + output);
    }

    @Test
    void tlsShowsWhatTheHandshakeSettledWithTheClientCertificate() throws Exception {
        var json = curl("--cacert", certificates.caCertificate().toString(), "--cert", certificates.clientCertificate().toString(),
                "--key", certificates.clientKey().toString(), "-sS", "https://localhost:" + service.tlsPort() + "/tls");
        assertTrue(json.contains("\"serverName\":\"localhost\""), json);
        assertTrue(json.contains("\"negotiatedProtocol\":\"http/1.1\""), json);
        assertTrue(json.matches("(?s).*\"version\":\"TLSv1\\.[23]\".*"), json);
        assertTrue(json.contains("\"subject\":\"CN=test-client\""), json);
        assertTrue(json.contains("\"issuer\":\"CN=test-ca\""), json);
        assertTrue(json.contains("URI:spiffe://socket-suite.test/client"), json);
        assertTrue(json.contains("\"sha256\":\"" + opensslSha256(certificates.clientCertificate()) + "\""), json);
        assertTrue(json.contains("-----BEGIN CERTIFICATE-----"), json);
        assertTrue(json.matches("(?s).*\"ja3\":\"[0-9a-f]{32}\".*"), json);
        // curl offers h2 first, then http/1.1: JA4 takes the first offered, whatever was chosen.
        assertTrue(json.matches("(?s).*\"ja4\":\"t1[23]d\\d{4}h2_[0-9a-f]{12}_[0-9a-f]{12}\".*"), json);
    }

    /** curl keeps the session of its first connection and resumes it on its second. */
    @Test
    void tlsShowsWhetherTheHandshakeResumedASession() throws Exception {
        var url = "https://localhost:" + service.tlsPort() + "/tls";
        var output = curl("--cacert", certificates.caCertificate().toString(), "-sS", "-H", "Connection: close",
                "-w", "\\n%{num_connects}\\n", url, url);
        var answers = output.split("\n");
        assertEquals(4, answers.length, output);
        assertEquals("1", answers[1], "a new connection for the first:\n" + output);
        assertEquals("1", answers[3], "and for the second, as the server closed the first:\n" + output);
        assertTrue(answers[0].contains("\"resumed\":false"), answers[0]);
        assertTrue(answers[2].contains("\"resumed\":true"), answers[2]);
    }

    @Test
    void optionalClientAuthServesAClientWithoutACertificate() throws Exception {
        var json = curl("--cacert", certificates.caCertificate().toString(), "-sS", "https://localhost:" + service.tlsPort() + "/tls");
        assertTrue(json.contains("\"clientCertificate\":null"), json);
        assertTrue(json.contains("\"peerCertificates\":[]"), json);
    }

    @Test
    void thePlainPortShowsNoTls() throws Exception {
        var json = curl("-sS", "http://127.0.0.1:" + service.listenerPort() + "/tls");
        assertEquals("{\"tls\":null}", json.strip());
    }

    /** The certificate's SHA-256 as openssl prints it, in lower-case hex without colons. */
    private static String opensslSha256(java.nio.file.Path certificate) throws Exception {
        var process = new ProcessBuilder("openssl", "x509", "-in", certificate.toString(), "-noout", "-fingerprint", "-sha256")
                .redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        return output.substring(output.indexOf('=') + 1).replace(":", "").toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void plainHttpOnTheTlsPortGets400SayingSo() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"tls_plaintext\"");
        var output = curl("-sS", "-w", "\\n%{http_code}", "http://127.0.0.1:" + service.tlsPort() + "/hello");
        assertTrue(output.endsWith("\n400"), output);
        assertTrue(output.contains("this port speaks TLS"), output);
        assertEquals(before + 1, health.awaitCounter(before + 1, "socket_errors_total", "kind=\"tls_plaintext\""));
    }

    @Test
    void anUntrustedClientSeesTheCertificateRefused() throws Exception {
        var process = new ProcessBuilder("curl", "-sS", "https://localhost:" + service.tlsPort() + "/hello")
                .redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        assertEquals(60, process.exitValue(), "curl exits 60 when it cannot verify the server: " + output);
    }

    private static String curl(String... arguments) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("curl", "--max-time", "10"));
        command.addAll(List.of(arguments));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "curl did not finish");
        assertEquals(0, process.exitValue(), "curl failed:\n" + output);
        return output;
    }
}
