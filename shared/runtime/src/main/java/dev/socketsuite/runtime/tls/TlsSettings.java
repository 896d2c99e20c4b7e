package dev.socketsuite.runtime.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;

/**
 * The {@code listener.tls} keys every TCP listener shares.
 *
 * @param port             the TLS port beside the plain one, 0 for none ({@code listener.tls.port})
 * @param certDir          the directory holding {@code tls.crt}, {@code tls.key} and optionally
 *                         {@code ca.crt}, as cert-manager's Secret mounts it ({@code listener.tls.cert-dir})
 * @param clientAuth       whether a client certificate is asked for ({@code listener.tls.client-auth})
 * @param protocols        the TLS versions offered ({@code listener.tls.protocols})
 * @param alpn             the ALPN protocol IDs chosen from, in our order of preference; empty for
 *                         none ({@code listener.tls.alpn})
 * @param handshakeTimeout how long a handshake may take from the first byte ({@code listener.tls.handshake-timeout})
 */
public record TlsSettings(int port, Path certDir, ClientAuth clientAuth, List<String> protocols,
                          List<String> alpn, Duration handshakeTimeout) {

    /** Whether the server asks for a client certificate, checked against {@code ca.crt}. */
    public enum ClientAuth {
        NONE, OPTIONAL, REQUIRED
    }

    private static final List<String> KNOWN_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** TLS is off: no port. */
    public static final TlsSettings OFF = new TlsSettings(0, null, ClientAuth.NONE, KNOWN_PROTOCOLS, List.of(),
            Duration.ofSeconds(10));

    public static TlsSettings from(Settings settings) {
        int port = settings.integer("listener.tls.port", 0, 0, 65535);
        var dir = settings.string("listener.tls.cert-dir", "");
        var clientAuth = clientAuth(settings.string("listener.tls.client-auth", "none"));
        var protocols = settings.list("listener.tls.protocols");
        for (var protocol : protocols) {
            if (!KNOWN_PROTOCOLS.contains(protocol)) {
                throw new StartupException(Settings.describe("listener.tls.protocols") + ": '" + protocol
                        + "' is not one of " + String.join(", ", KNOWN_PROTOCOLS));
            }
        }
        var alpn = settings.list("listener.tls.alpn");
        var timeout = settings.duration("listener.tls.handshake-timeout", Duration.ofSeconds(10));
        if (port > 0 && dir.isBlank()) {
            throw new StartupException(Settings.describe("listener.tls.cert-dir")
                    + " must name the directory holding tls.crt and tls.key when listener.tls.port is set");
        }
        if (clientAuth != ClientAuth.NONE && port > 0 && !Files.isRegularFile(Path.of(dir, "ca.crt"))) {
            throw new StartupException(Settings.describe("listener.tls.client-auth") + " is "
                    + clientAuth.name().toLowerCase(Locale.ROOT) + ", which needs " + Path.of(dir, "ca.crt")
                    + " to check client certificates against");
        }
        return new TlsSettings(port, dir.isBlank() ? null : Path.of(dir), clientAuth,
                protocols.isEmpty() ? KNOWN_PROTOCOLS : protocols, alpn, timeout);
    }

    /** True when a TLS port is to be opened. */
    public boolean enabled() {
        return port > 0;
    }

    private static ClientAuth clientAuth(String value) {
        try {
            return ClientAuth.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new StartupException(Settings.describe("listener.tls.client-auth") + " must be none, optional or required, not '"
                    + value + "'");
        }
    }
}
