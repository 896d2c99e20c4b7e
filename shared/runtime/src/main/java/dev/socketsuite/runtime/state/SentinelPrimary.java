package dev.socketsuite.runtime.state;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Connections to the primary the sentinels name, re-pointed whenever they name another.
 *
 * <p>Jedis's own Sentinel client follows {@code +switch-master} messages, one subscription per
 * sentinel, each applied as it arrives: when the sentinels fail over twice in a row, an older
 * message applied last leaves it on a server that is no longer the primary, and no message
 * comes to correct it. Here the state's watcher asks the sentinels on every check
 * ({@link #follow}) and takes the address most of them give, so whatever they did, requests
 * go where they point within one check.
 */
final class SentinelPrimary implements ConnectionProvider {

    private static final System.Logger LOG = System.getLogger(SentinelPrimary.class.getName());

    /** The primary followed now and its pool; null until a sentinel named it. */
    private record Followed(HostAndPort address, ConnectionPool pool) {
    }

    private final String masterName;
    private final List<HostAndPort> sentinels;
    private final JedisClientConfig sentinelConfig;
    private final JedisClientConfig serverConfig;
    private final GenericObjectPoolConfig<Connection> poolConfig;
    /** One connection per sentinel, opened on first use and again after it broke; one question at a time uses each. */
    private final Map<HostAndPort, Jedis> sentinelConnections = new ConcurrentHashMap<>();
    /** Each sentinel's answer to the last question put to it, maybe still to come. */
    private final Map<HostAndPort, CompletableFuture<HostAndPort>> asking = new ConcurrentHashMap<>();
    private volatile Followed followed;

    /**
     * Asks the sentinels for the primary once, waiting up to {@code wait}. When none names it
     * (they may start after this service, as pods of one release do), requests fail until a
     * later {@link #follow} finds it.
     */
    SentinelPrimary(String masterName, List<HostAndPort> sentinels, JedisClientConfig sentinelConfig,
                    JedisClientConfig serverConfig, GenericObjectPoolConfig<Connection> poolConfig, Duration wait) {
        this.masterName = masterName;
        this.sentinels = List.copyOf(sentinels);
        this.sentinelConfig = sentinelConfig;
        this.serverConfig = serverConfig;
        this.poolConfig = poolConfig;
        var primary = named(wait);
        this.followed = primary == null ? null : new Followed(primary, new ConnectionPool(primary, serverConfig, poolConfig));
    }

    /** The primary requests go to now, or null while no sentinel has named one. */
    HostAndPort primary() {
        var now = followed;
        return now == null ? null : now.address();
    }

    /**
     * Asks the sentinels which server is the primary and, when they name another than the one
     * followed, sends requests there from now on. Connections borrowed from the old pool finish
     * their command; they are closed when returned. When no sentinel answers in time, requests
     * stay where they go: the primary may well be fine, and the check of it says whether it is.
     *
     * @return whether requests moved
     */
    synchronized boolean follow(Duration wait) {
        var named = named(wait);
        var old = followed;
        if (named == null || old != null && named.equals(old.address())) {
            return false;
        }
        followed = new Followed(named, new ConnectionPool(named, serverConfig, poolConfig));
        if (old != null) {
            old.pool().close();
        }
        LOG.log(Level.INFO, "state: the sentinels name {0} the primary of {1}; requests go there now (they went to {2})",
                named, masterName, old == null ? "nowhere yet" : old.address());
        return true;
    }

    /**
     * The address most sentinels that answer within {@code wait} give as the primary, asked all
     * at once so a silent one costs no more than the wait; on a tie, the one named by the first
     * of them in {@code state.redis.sentinels} order; null when none answered. While sentinels
     * disagree (a failover under way) the server named may not take writes yet: the watcher's
     * check of its replication says so.
     */
    private HostAndPort named(Duration wait) {
        for (var sentinel : sentinels) {
            var previous = asking.get(sentinel);
            if (previous == null || previous.isDone()) { // a sentinel still silent from the last check is not asked twice
                var answer = new CompletableFuture<HostAndPort>();
                asking.put(sentinel, answer);
                Thread.ofVirtual().name("state-sentinel-ask").start(() -> ask(sentinel, answer));
            }
        }
        try {
            CompletableFuture.allOf(asking.values().toArray(CompletableFuture[]::new)).get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException someDidNotAnswer) {
            // counted below: only answers take part
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        var votes = new LinkedHashMap<HostAndPort, Integer>();
        for (var sentinel : sentinels) {
            var answer = asking.get(sentinel);
            if (answer.isDone() && !answer.isCompletedExceptionally() && answer.join() != null) {
                votes.merge(answer.join(), 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** One sentinel's answer, on its own connection: null when it does not know the primary. */
    private void ask(HostAndPort sentinel, CompletableFuture<HostAndPort> answer) {
        var connection = sentinelConnections.computeIfAbsent(sentinel, address -> new Jedis(address, sentinelConfig));
        try {
            var reply = connection.sentinelGetMasterAddrByName(masterName);
            answer.complete(reply == null || reply.size() != 2 ? null
                    : new HostAndPort(reply.get(0), Integer.parseInt(reply.get(1))));
        } catch (JedisException | NumberFormatException e) {
            sentinelConnections.remove(sentinel);
            connection.close();
            LOG.log(Level.DEBUG, "state: sentinel {0} did not say which server is the primary: {1}", sentinel,
                    RedisState.rootMessage(e));
            answer.completeExceptionally(e);
        }
    }

    /** Drops the idle connections to the primary: they would fail once each after it restarted. */
    void dropIdleConnections() {
        var now = followed;
        if (now != null) {
            now.pool().clear();
        }
    }

    @Override
    public Connection getConnection() {
        var now = followed;
        if (now == null) {
            throw new JedisConnectionException("no sentinel of " + sentinels + " has named the primary of " + masterName + " yet");
        }
        return now.pool().getResource();
    }

    @Override
    public Connection getConnection(CommandArguments args) {
        return getConnection();
    }

    @Override
    public Map<?, ?> getConnectionMap() {
        var now = followed;
        return now == null ? Map.of() : Map.of(now.address(), now.pool());
    }

    @Override
    public Map<?, ?> getPrimaryNodesConnectionMap() {
        return getConnectionMap();
    }

    @Override
    public synchronized void close() {
        var now = followed;
        if (now != null) {
            now.pool().close();
        }
        sentinelConnections.values().forEach(Jedis::close);
    }
}
