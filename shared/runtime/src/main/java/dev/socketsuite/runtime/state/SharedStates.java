package dev.socketsuite.runtime.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

import dev.socketsuite.runtime.ServiceMetrics;
import dev.socketsuite.runtime.Settings;
import dev.socketsuite.runtime.StartupException;
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
        if (uri == null || !JedisURIHelper.isValid(uri) || !JedisURIHelper.isRedisScheme(uri)) {
            throw new StartupException(Settings.describe("state.redis.url")
                    + " must be redis://host:port/db or rediss://host:port/db, not '" + text + "'");
        }
        var password = settings.string("state.redis.password", "");
        return new RedisSettings(uri,
                password.isEmpty() ? null : password,
                settings.duration("state.redis.timeout", Duration.ofSeconds(1)),
                settings.integer("state.redis.pool-size", 16, 1, 1024),
                settings.string("state.redis.key-prefix", "socket-suite:") + service + ":",
                service);
    }
}
