package dev.socketsuite.runtime.web;

import java.util.List;

import dev.socketsuite.runtime.config.ListenerSettings;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.http.AddressRanges;
import dev.socketsuite.runtime.tls.TlsSettings;

/**
 * A web port's section ({@code PREFIX.host}, {@code PREFIX.port}, ...). The connection
 * bounds are the raw listener's ({@code listener.max-connections}, per address, idle
 * timeout, PROXY protocol), counted on this port by themselves.
 *
 * @param host           address to bind ({@code PREFIX.host})
 * @param port           port ({@code PREFIX.port}); 0 leaves the web port out
 * @param allowedOrigins the browser origins that may open the WebSocket ({@code PREFIX.allowed-origins},
 *                       comma-separated); none: only the page's own
 * @param trustedProxies peers whose {@code Forwarded}/{@code X-Forwarded-For} name the client
 *                       ({@code PREFIX.trusted-proxies})
 * @param maxMessage     bytes a frame or a whole message may hold
 * @param listener       the raw listener's bounds, applied here too
 * @param tls            with {@code PREFIX.tls} on, the {@code listener.tls} keys it serves
 *                       {@code https} and {@code wss} with (the same certificate directory); else null
 */
public record WebSettings(String host, int port, List<String> allowedOrigins, AddressRanges trustedProxies,
                          int maxMessage, ListenerSettings listener, TlsSettings tls) {

    /** Reads the section; null when {@code PREFIX.port} is 0: no web port. */
    public static WebSettings from(Settings settings, String prefix, int defaultPort, int maxMessage,
                                   ListenerSettings listener) {
        int port = settings.integer(prefix + ".port", defaultPort, 0, 65535);
        if (port == 0) {
            return null;
        }
        TlsSettings tls = null;
        if (settings.flag(prefix + ".tls", false)) {
            tls = TlsSettings.from(settings);
            if (tls.certDir() == null) {
                throw new StartupException(Settings.describe(prefix + ".tls") + " is on, which needs "
                        + Settings.describe("listener.tls.cert-dir") + " to name the certificate directory");
            }
        }
        return new WebSettings(settings.string(prefix + ".host", "127.0.0.1"), port, settings.list(prefix + ".allowed-origins"),
                AddressRanges.from(settings, prefix + ".trusted-proxies"), maxMessage, listener, tls);
    }
}
