package dev.socketsuite.runtime.state;

import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where the state lives: one server at {@code state.redis.url}, or the primary the sentinels
 * name, which Jedis's Sentinel client follows across a failover (it listens for the
 * sentinels' {@code +switch-master} and reopens its pool on the new primary).
 */
final class RedisEndpoint {

    private final UnifiedJedis client;
    private final String description;

    RedisEndpoint(RedisSettings settings) {
        var uri = settings.uri();
        var config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) settings.timeout().toMillis())
                .socketTimeoutMillis((int) settings.timeout().toMillis())
                .database(JedisURIHelper.getDBIndex(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(settings.password() != null ? settings.password() : JedisURIHelper.getPassword(uri))
                .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                .clientName(settings.clientName())
                .build();
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMaxWait(settings.timeout());
        if (settings.sentinel()) {
            var sentinelConfig = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) settings.timeout().toMillis())
                    .socketTimeoutMillis((int) settings.timeout().toMillis())
                    .password(settings.sentinelPassword())
                    .ssl(JedisURIHelper.isRedisSSLScheme(uri))
                    .build();
            this.client = RedisSentinelClient.builder()
                    .masterName(settings.masterName())
                    .sentinels(Set.copyOf(settings.sentinels()))
                    .sentinelClientConfig(sentinelConfig)
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            this.description = "sentinel " + settings.masterName() + " via "
                    + settings.sentinels().stream().map(HostAndPort::toString).collect(Collectors.joining(","))
                    + "/" + JedisURIHelper.getDBIndex(uri);
        } else {
            this.client = RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            this.description = redacted(uri);
        }
    }

    UnifiedJedis client() {
        return client;
    }

    /** The server's address for logs and health details, never its password. */
    String describe() {
        return description;
    }

    /** The primary requests go to now. */
    String primary() {
        return client instanceof RedisSentinelClient sentinel ? String.valueOf(sentinel.getCurrentMaster()) : description;
    }

    /** Drops idle connections: they point at a server that restarted or stepped down, and would fail once each. */
    void dropIdleConnections() {
        if (client instanceof RedisClient single) {
            single.getPool().clear();
        } else if (client instanceof RedisSentinelClient sentinel) {
            sentinel.getPrimaryNodesConnectionMap().values().forEach(pool -> pool.clear());
        }
    }

    void close() {
        client.close();
    }

    private static String redacted(URI uri) {
        var host = JedisURIHelper.getHostAndPort(uri);
        return uri.getScheme() + "://" + host.getHost() + ":" + host.getPort() + "/" + JedisURIHelper.getDBIndex(uri);
    }
}
