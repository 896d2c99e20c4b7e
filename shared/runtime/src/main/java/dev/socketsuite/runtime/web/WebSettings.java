package dev.socketsuite.runtime.web;

import java.util.List;

import dev.socketsuite.runtime.config.ListenerSettings;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.http.AddressRanges;

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
 */
public record WebSettings(String host, int port, List<String> allowedOrigins, AddressRanges trustedProxies,
                          int maxMessage, ListenerSettings listener) {

    /** Reads the section; null when {@code PREFIX.port} is 0: no web port. */
    public static WebSettings from(Settings settings, String prefix, int defaultPort, int maxMessage,
                                   ListenerSettings listener) {
        int port = settings.integer(prefix + ".port", defaultPort, 0, 65535);
        if (port == 0) {
            return null;
        }
        return new WebSettings(settings.string(prefix + ".host", "127.0.0.1"), port, settings.list(prefix + ".allowed-origins"),
                AddressRanges.from(settings, prefix + ".trusted-proxies"), maxMessage, listener);
    }
}
