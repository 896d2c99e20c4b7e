package dev.socketsuite.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unix-status's optional TCP listener speaks TLS like every TCP listener; the Unix socket stays as it is. */
class StatusTlsTest {

    @TempDir
    Path dir;

    @Test
    void theTcpListenersTlsPortAnswersRunning() throws Exception {
        var certificates = TestCertificates.create(dir);
        var settings = new HashMap<>(certificates.tlsSettings(Wire.freePort()));
        settings.put("listener.path", dir.resolve("status.sock").toString());
        settings.put("listener.port", "0");
        var service = TestServices.start("unix-status", StatusService::listener, settings);
        try {
            var command = List.of("curl", "-sS", "--max-time", "10", "--cacert", certificates.caCertificate().toString(),
                    "https://localhost:" + service.tlsPort() + "/");
            var curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            var body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            curl.waitFor(20, TimeUnit.SECONDS);
            assertEquals("running", body);
        } finally {
            service.shutdown();
        }
    }
}
