package dev.socketsuite.runtime.state;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.DefaultCommandExecutor;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Where the state lives: one server at {@code state.redis.url}, or the primary the sentinels
 * name ({@link SentinelPrimary}), which {@link #follow} moves to when they name another.
 */
final class RedisEndpoint {

    private final UnifiedJedis client;
    /** The primary's connections when the sentinels name it, else null. */
    private final SentinelPrimary sentinelPrimary;
    private final String description;
    /** For {@code rediss://}, whom the connections trust; null without TLS. */
    private final SSLContext tls;
    /** What a loop's own connection says first: AUTH, SELECT, CLIENT SETNAME, as Jedis's do. */
    private final List<List<String>> greeting;
    private final InetSocketAddress singleServer;

    RedisEndpoint(RedisSettings settings) {
        var uri = settings.uri();
        this.tls = settings.tls();
        var config = tls(DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) settings.timeout().toMillis())
                .socketTimeoutMillis((int) settings.timeout().toMillis())
                .database(JedisURIHelper.getDBIndex(uri))
                .user(JedisURIHelper.getUser(uri))
                .password(settings.password() != null ? settings.password() : JedisURIHelper.getPassword(uri))
                .clientName(settings.clientName()), settings)
                .build();
        this.greeting = greeting(settings);
        var single = JedisURIHelper.getHostAndPort(uri);
        this.singleServer = InetSocketAddress.createUnresolved(single.getHost(), single.getPort());
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMaxWait(settings.timeout());
        if (settings.sentinel()) {
            var sentinelConfig = tls(DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) settings.timeout().toMillis())
                    .socketTimeoutMillis((int) settings.timeout().toMillis())
                    .password(settings.sentinelPassword()), settings)
                    .build();
            this.sentinelPrimary = new SentinelPrimary(settings.masterName(), settings.sentinels(), sentinelConfig,
                    config, pool, settings.timeout().dividedBy(2));
            // The executor and the protected constructor are what Jedis's own clients are made of.
            this.client = new UnifiedJedis(new DefaultCommandExecutor(sentinelPrimary), sentinelPrimary, config, null) {
            };
            this.description = "sentinel " + settings.masterName() + " via "
                    + settings.sentinels().stream().map(HostAndPort::toString).collect(Collectors.joining(","))
                    + "/" + JedisURIHelper.getDBIndex(uri);
        } else {
            this.sentinelPrimary = null;
            this.client = RedisClient.builder()
                    .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                    .clientConfig(config)
                    .poolConfig(pool)
                    .build();
            this.description = redacted(uri);
        }
    }

    private static List<List<String>> greeting(RedisSettings settings) {
        var uri = settings.uri();
        var lines = new ArrayList<List<String>>();
        var password = settings.password() != null ? settings.password() : JedisURIHelper.getPassword(uri);
        if (password != null) {
            var user = JedisURIHelper.getUser(uri);
            lines.add(user != null ? List.of("AUTH", user, password) : List.of("AUTH", password));
        }
        if (JedisURIHelper.getDBIndex(uri) != 0) {
            lines.add(List.of("SELECT", String.valueOf(JedisURIHelper.getDBIndex(uri))));
        }
        if (settings.clientName() != null) {
            lines.add(List.of("CLIENT", "SETNAME", settings.clientName()));
        }
        return List.copyOf(lines);
    }

    /** The client library's connections speak TLS as the loops' do: same authorities, the server's name checked. */
    private static DefaultJedisClientConfig.Builder tls(DefaultJedisClientConfig.Builder config, RedisSettings settings) {
        if (settings.tls() == null) {
            return config;
        }
        return config.ssl(true).sslSocketFactory(settings.tls().getSocketFactory())
                .sslParameters(RedisSettings.checkingServerName(settings.tls().getDefaultSSLParameters()));
    }

    /**
     * Where an event loop's own connection goes now (the primary the sentinels name), by name
     * and port, resolved at each new connection; and what it says first. Null while unknown.
     */
    RedisPipe.Target pipeTarget() {
        if (sentinelPrimary == null) {
            return new RedisPipe.Target(singleServer, greeting, tls);
        }
        var primary = sentinelPrimary.primary();
        return primary == null ? null
                : new RedisPipe.Target(InetSocketAddress.createUnresolved(primary.getHost(), primary.getPort()), greeting, tls);
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
        return sentinelPrimary != null ? String.valueOf(sentinelPrimary.primary()) : description;
    }

    /**
     * With sentinels: asks them which server is the primary, waiting up to {@code wait}, and
     * sends requests there from now on. Returns whether requests moved.
     */
    boolean follow(Duration wait) {
        return sentinelPrimary != null && sentinelPrimary.follow(wait);
    }

    /** Drops idle connections: they point at a server that restarted or stepped down, and would fail once each. */
    void dropIdleConnections() {
        if (client instanceof RedisClient single) {
            single.getPool().clear();
        } else if (sentinelPrimary != null) {
            sentinelPrimary.dropIdleConnections();
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
