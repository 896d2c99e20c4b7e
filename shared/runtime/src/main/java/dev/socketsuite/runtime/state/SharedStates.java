package dev.socketsuite.runtime.state;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import javax.net.ssl.SSLContext;

import dev.socketsuite.protocol.tls.PemFiles;
import dev.socketsuite.protocol.tls.TlsManagers;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.util.JedisURIHelper;

/** Opens the backend that {@code state.backend} names. */
public final class SharedStates {

    private SharedStates() {
    }

    /**
     * {@code memory} (default) or {@code redis} at {@code state.redis.url}. A Redis that is
     * down does not stop startup: the service starts with readiness DOWN and waits for it.
     *
     * @throws StartupException for an unknown backend or a malformed URL
     */
    public static SharedState open(Settings settings, String service, ServiceMetrics metrics) {
        var backend = settings.string("state.backend", "memory").trim();
        return switch (backend) {
            case "memory" -> new MemoryState();
            case "redis" -> new RedisState(redisSettings(settings, service), metrics);
            default -> throw new StartupException(Settings.describe("state.backend")
                    + " must be memory or redis, not '" + backend + "'");
        };
    }

    private static RedisSettings redisSettings(Settings settings, String service) {
        var text = settings.string("state.redis.url", "redis://127.0.0.1:6379/0").trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !JedisURIHelper.isValid(uri)
                || !(JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri))) {
            throw new StartupException(Settings.describe("state.redis.url")
                    + " must be redis://host:port/db or rediss://host:port/db, not '" + text + "'");
        }
        var password = settings.string("state.redis.password", "");
        var sentinels = sentinels(settings.string("state.redis.sentinels", ""));
        var masterName = settings.string("state.redis.master-name", "mymaster").trim();
        if (masterName.isEmpty()) {
            throw new StartupException(Settings.describe("state.redis.master-name") + " must not be empty");
        }
        var sentinelPassword = settings.string("state.redis.sentinel-password", "");
        return new RedisSettings(uri,
                password.isEmpty() ? null : password,
                sentinels,
                masterName,
                sentinelPassword.isEmpty() ? null : sentinelPassword,
                // With sentinels a failover is expected: a number no replica holds could be handed out again.
                settings.integer("state.redis.min-replicas", sentinels.isEmpty() ? 0 : 1, 0, 16),
                settings.duration("state.redis.timeout", Duration.ofSeconds(1)),
                settings.integer("state.redis.pool-size", 16, 1, 1024),
                settings.string("state.redis.key-prefix", "socket-suite:") + service + ":",
                service,
                JedisURIHelper.isRedisSSLScheme(uri) ? tlsContext(settings.string("state.redis.tls.ca-file", "").trim()) : null);
    }

    /** Trusts the authorities in {@code caFile} (PEM), or the JDK's own when none is named. */
    private static SSLContext tlsContext(String caFile) {
        try {
            if (caFile.isEmpty()) {
                return SSLContext.getDefault();
            }
            var context = SSLContext.getInstance("TLS");
            context.init(null, TlsManagers.trusting(PemFiles.certificates(Path.of(caFile))), null);
            return context;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new StartupException(Settings.describe("state.redis.tls.ca-file") + " '" + caFile
                    + "' gives no certificate authority to trust: " + e.getMessage());
        }
    }

    /** {@code host:port,host:port}, or none when blank. */
    static List<HostAndPort> sentinels(String text) {
        var sentinels = new ArrayList<HostAndPort>();
        for (var part : text.split(",")) {
            var entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            int port = -1;
            if (colon > 0) {
                try {
                    port = Integer.parseInt(entry.substring(colon + 1));
                } catch (NumberFormatException e) {
                    port = -1;
                }
            }
            if (port < 1 || port > 65535) {
                throw new StartupException(Settings.describe("state.redis.sentinels")
                        + " must be a comma list of host:port, not '" + text + "'");
            }
            sentinels.add(new HostAndPort(entry.substring(0, colon), port));
        }
        return List.copyOf(sentinels);
    }
}
