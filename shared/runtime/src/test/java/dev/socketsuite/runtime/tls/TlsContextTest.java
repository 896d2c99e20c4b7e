package dev.socketsuite.runtime.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.testing.TestCertificates;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The certificate directory as cert-manager mounts it, in every key encoding it and openssl write. */
class TlsContextTest {

    @TempDir
    Path dir;

    private static TlsSettings settings(Map<String, String> values) {
        return TlsSettings.from(new Settings(Config.just(ConfigSources.create(values))));
    }

    private TlsSettings on(Path certDir) {
        return settings(Map.of("listener.tls.port", "8443", "listener.tls.cert-dir", certDir.toString()));
    }

    @ParameterizedTest
    @EnumSource(TestCertificates.KeyKind.class)
    void loadsTheKeyInEveryEncoding(TestCertificates.KeyKind kind) throws Exception {
        var certificates = TestCertificates.create(dir, kind);
        var header = Files.readString(certificates.serverDir().resolve("tls.key")).lines().findFirst().orElseThrow();
        var expected = switch (kind) {
            case EC_PKCS8, RSA_PKCS8 -> "-----BEGIN PRIVATE KEY-----";
            case EC_SEC1 -> "-----BEGIN EC PRIVATE KEY-----";
            case RSA_PKCS1 -> "-----BEGIN RSA PRIVATE KEY-----";
        };
        assertEquals(expected, header, "the test wrote the encoding it means to read");
        var context = TlsContext.load(on(certificates.serverDir()));
        assertEquals("CN=localhost", context.certificate().getSubjectX500Principal().getName());
        var engine = context.newEngine();
        assertEquals(List.of("TLSv1.3", "TLSv1.2"), List.of(engine.getSSLParameters().getProtocols()));
    }

    @Test
    void aKeyOfAnotherPairStopsStartupNamingTheKeyAndTheFile() throws Exception {
        var certificates = TestCertificates.create(dir);
        Files.copy(dir.resolve("client.key"), certificates.serverDir().resolve("tls.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var error = assertThrows(StartupException.class, () -> TlsContext.load(on(certificates.serverDir())));
        assertTrue(error.getMessage().startsWith("listener.tls.cert-dir (env LISTENER_TLS_CERT_DIR)"), error.getMessage());
        assertTrue(error.getMessage().contains("tls.key is not the key of the first certificate"), error.getMessage());
    }

    @Test
    void aMissingOrBrokenFileIsNamed() throws Exception {
        var certificates = TestCertificates.create(dir);
        var server = certificates.serverDir();
        Files.delete(server.resolve("tls.crt"));
        var missing = assertThrows(StartupException.class, () -> TlsContext.load(on(server)));
        assertTrue(missing.getMessage().contains(server.resolve("tls.crt").toString()), missing.getMessage());
        Files.writeString(server.resolve("tls.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        var broken = assertThrows(StartupException.class, () -> TlsContext.load(on(server)));
        assertTrue(broken.getMessage().contains("tls.crt"), broken.getMessage());
        Files.writeString(server.resolve("tls.key"), "no key here\n");
        Files.copy(dir.resolve("ca.crt"), server.resolve("tls.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var noKey = assertThrows(StartupException.class, () -> TlsContext.load(on(server)));
        assertTrue(noKey.getMessage().contains("holds no PEM private key"), noKey.getMessage());
    }

    @Test
    void badSettingsStopStartupNamingTheKey() {
        assertEquals(TlsSettings.OFF.port(), settings(Map.of()).port());
        var noDir = assertThrows(StartupException.class, () -> settings(Map.of("listener.tls.port", "8443")));
        assertTrue(noDir.getMessage().startsWith("listener.tls.cert-dir"), noDir.getMessage());
        var clientAuth = assertThrows(StartupException.class, () -> settings(Map.of("listener.tls.client-auth", "maybe")));
        assertTrue(clientAuth.getMessage().startsWith("listener.tls.client-auth"), clientAuth.getMessage());
        var protocols = assertThrows(StartupException.class, () -> settings(Map.of("listener.tls.protocols", "SSLv3")));
        assertTrue(protocols.getMessage().startsWith("listener.tls.protocols"), protocols.getMessage());
        var noCa = assertThrows(StartupException.class, () -> settings(Map.of("listener.tls.port", "8443",
                "listener.tls.cert-dir", dir.toString(), "listener.tls.client-auth", "required")));
        assertTrue(noCa.getMessage().contains("ca.crt"), noCa.getMessage());
        assertEquals(Duration.ofSeconds(10), settings(Map.of()).handshakeTimeout());
    }
}
