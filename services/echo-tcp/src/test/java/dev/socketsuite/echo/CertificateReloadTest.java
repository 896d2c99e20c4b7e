package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The certificate directory swapped as kubelet swaps a Secret: new handshakes see it, open connections keep theirs. */
class CertificateReloadTest {

    @TempDir
    Path dir;

    @Test
    void aSwappedPairIsServedToNewHandshakesAndABrokenOneIsNot() throws Exception {
        var certificates = TestCertificates.create(dir);
        var mount = dir.resolve("mount");
        TestCertificates.mountAsKubelet(mount, certificates.serverDir());
        var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "echo",
                "listener.tls.port", String.valueOf(Wire.freePort()), "listener.tls.cert-dir", mount.toString()));
        try {
            var health = new HealthClient(service.healthPort());
            int port = service.tlsPort();
            var open = certificates.connect(port, null, null);
            var first = serial(open);
            assertEquals("before\n", exchange(open, "before\n"));

            TestCertificates.swapAsKubelet(mount, certificates.newServerPair("second"));
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> !first.equals(serialOfNew(certificates, port))),
                    "new handshakes still get the old certificate 5 s after the swap");
            assertEquals("after\n", exchange(open, "after\n"), "the open connection keeps its session");
            assertEquals(2, health.awaitCounter(2, "socket_tls_certificate_generation"));

            var broken = dir.resolve("broken");
            Files.createDirectories(broken);
            Files.copy(certificates.newServerPair("third").resolve("tls.crt"), broken.resolve("tls.crt"));
            Files.copy(certificates.clientKey(), broken.resolve("tls.key")); // the key of another pair
            Files.copy(certificates.caCertificate(), broken.resolve("ca.crt"));
            var served = serialOfNew(certificates, port);
            TestCertificates.swapAsKubelet(mount, broken);
            assertEquals(1, health.awaitCounter(1, "socket_tls_reload_failures_total"));
            assertEquals(served, serialOfNew(certificates, port), "a broken pair replaced the good one");
            assertNotEquals(first, served);
            open.close();
        } finally {
            service.shutdown();
        }
    }

    private static String serialOfNew(TestCertificates certificates, int port) {
        try (var socket = certificates.connect(port, null, null)) {
            return serial(socket);
        } catch (Exception e) {
            return "failed: " + e;
        }
    }

    private static String serial(SSLSocket socket) throws Exception {
        socket.startHandshake();
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
    }

    private static String exchange(SSLSocket socket, String message) throws Exception {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        return new String(socket.getInputStream().readNBytes(message.length()), StandardCharsets.UTF_8);
    }
}
