package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * echo on the TLS port, against openssl s_client (an independent peer) and the JDK's client:
 * binary-safe, half-close, mTLS, and peers that do not speak TLS or stop half-way.
 */
class EchoTlsTest {

    @TempDir
    static Path dir;
    private static TestCertificates certificates;
    private static RunningService service;
    private static int tlsPort;
    private static HealthClient health;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir);
        service = start(Map.of("listener.tls.handshake-timeout", "500ms"));
        tlsPort = service.tlsPort();
        health = new HealthClient(service.healthPort());
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    private static RunningService start(Map<String, String> extra) throws IOException {
        var settings = new HashMap<>(certificates.tlsSettings(Wire.freePort()));
        settings.put("echo.mode", "echo");
        settings.putAll(extra);
        return TestServices.start("echo-tcp", EchoService::listener, settings);
    }

    @Test
    void opensslSClientGetsItsLineBack() throws Exception {
        var process = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + tlsPort,
                "-CAfile", certificates.caCertificate().toString(), "-servername", "localhost",
                "-verify_return_error", "-quiet").redirectErrorStream(false).start();
        try {
            process.getOutputStream().write("hello over tls\n".getBytes(StandardCharsets.US_ASCII));
            process.getOutputStream().flush();
            var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
            var echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    return e.toString();
                }
            });
            assertEquals("hello over tls", echoed.get(10, TimeUnit.SECONDS));
        } finally {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void echoesEightMebibytesOfBinaryAndClosesAfterHalfClose() throws Exception {
        var data = new byte[8 << 20];
        new Random(443).nextBytes(data);
        try (var socket = certificates.connect(tlsPort, null, null)) {
            var writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(data);
                    socket.shutdownOutput(); // TLS 1.3 close_notify: the end of our output only
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertArrayEquals(data, Wire.readToEnd(socket.getInputStream()));
            writer.get(10, TimeUnit.SECONDS);
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @Test
    void plainTextOnTheTlsPortIsClosedAndCounted() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"tls_plaintext\"");
        try (var socket = Wire.connect(tlsPort)) {
            socket.getOutputStream().write("hello in plain text\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(Wire.closedByServer(socket), "the TLS port answered plain text");
        }
        assertEquals(before + 1, health.awaitCounter(before + 1, "socket_errors_total", "kind=\"tls_plaintext\""));
        try (var plain = Wire.connect(service.listenerPort())) {
            plain.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("hello\n", new String(plain.getInputStream().readNBytes(6), StandardCharsets.US_ASCII),
                    "the plain port goes on");
        }
    }

    @Test
    void aClientHelloCutShortIsClosedAtTheHandshakeTimeout() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"tls_handshake_timeout\"");
        try (var socket = Wire.connect(tlsPort)) {
            // A handshake record's header announcing 80 bytes, then silence.
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x50, 0x01});
            long started = System.nanoTime();
            assertTrue(Wire.closedByServer(socket), "a stalled handshake was left open");
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos());
        }
        assertEquals(before + 1, health.awaitCounter(before + 1, "socket_errors_total", "kind=\"tls_handshake_timeout\""));
    }

    @Test
    void garbageRecordsFailTheHandshakeAndAreCounted() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"tls_handshake\"");
        try (var socket = Wire.connect(tlsPort)) {
            socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x00, 0x04, 0x7f, 0x7f, 0x7f, 0x7f});
            // The server says why in an alert record (type 21), then closes: the read ends, it does not time out.
            var answer = Wire.readToEnd(socket.getInputStream());
            assertTrue(answer.length > 0 && answer[0] == 0x15, "no alert before the close: " + answer.length + " bytes");
        }
        assertEquals(before + 1, health.awaitCounter(before + 1, "socket_errors_total", "kind=\"tls_handshake\""));
    }

    @Test
    void requiredClientCertificatesAdmitOnlyTheCasOwn() throws Exception {
        var mutual = start(Map.of("listener.tls.client-auth", "required"));
        try {
            int port = mutual.tlsPort();
            try (var socket = certificates.connect(port, certificates.clientCertificate(), certificates.clientKey())) {
                assertEquals("mutual\n", exchange(socket, "mutual\n"));
                assertEquals("CN=test-client", ((java.security.cert.X509Certificate) socket.getSession()
                        .getLocalCertificates()[0]).getSubjectX500Principal().getName());
            }
            for (var stranger : List.of(new Path[] {null, null},
                    new Path[] {certificates.strangerCertificate(), certificates.strangerKey()})) {
                try (var socket = certificates.connect(port, stranger[0], stranger[1])) {
                    assertThrows(IOException.class, () -> exchange(socket, "let me in\n"));
                }
            }
            var mutualHealth = new HealthClient(mutual.healthPort());
            assertTrue(mutualHealth.awaitCounter(2, "socket_errors_total", "kind=\"tls_handshake\"") >= 2);
        } finally {
            mutual.shutdown();
        }
    }

    @Test
    void aClientInitiatedRenegotiationIsRefusedAndOthersGoOn() throws Exception {
        try (var socket = certificates.connect(tlsPort, null, null)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"}); // TLS 1.3 has no renegotiation
            assertEquals("before\n", exchange(socket, "before\n"));
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            assertThrows(IOException.class, () -> {
                socket.startHandshake(); // a second handshake on the same connection
                exchange(socket, "after\n");
            });
        }
        try (var other = certificates.connect(tlsPort, null, null)) {
            assertEquals("others go on\n", exchange(other, "others go on\n"));
        }
    }

    @Test
    void aPeerThatNeverReadsIsStoppedWithoutHoldingOthersOrLeaking() throws Exception {
        var written = new java.util.concurrent.atomic.AtomicLong();
        try (var socket = certificates.connect(tlsPort, null, null)) {
            socket.startHandshake();
            var record = new byte[16 * 1024]; // one full TLS record per write
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 4096; i++) { // 64 MiB at most
                        socket.getOutputStream().write(record);
                        written.addAndGet(record.length);
                    }
                } catch (IOException ignored) {
                    // closed by the test
                }
            });
            assertTrue(Wire.stallsWithin(Duration.ofSeconds(10), written), "the writer never stalled");
            assertTrue(written.get() < 4096L * record.length, "the server took everything without its echo being read");
            try (var other = certificates.connect(tlsPort, null, null)) {
                assertEquals("others go on\n", exchange(other, "others go on\n"));
            }
            // The writer is blocked in a write holding the TLS socket's write lock, which close()
            // needs for its close_notify: interrupting a virtual thread's socket I/O closes the socket.
            writer.interrupt();
            writer.join(Duration.ofSeconds(10));
        }
        assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> health.openConnections() == 0),
                "connections left open: " + health.openConnections());
    }

    private static String exchange(SSLSocket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        var reply = socket.getInputStream().readNBytes(message.length());
        if (reply.length < message.length()) {
            throw new IOException("closed after " + reply.length + " bytes");
        }
        return new String(reply, StandardCharsets.UTF_8);
    }
}
