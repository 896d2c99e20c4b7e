package dev.socketsuite.runtime.state;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import dev.socketsuite.runtime.ServiceMetrics;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * The shared state on a Redis server every replica uses. Counters take one atomic script
 * per round trip, so numbers are unique and gapless whichever replica asks, and requests
 * that arrive together share a round trip ({@link CoalescingCounter}); {@link RedisLog}
 * and {@link RedisNames} run their commands through {@link #call} here.
 *
 * <p>A watcher thread pings the server: while it answers the state is available; after a
 * failure (of a ping or of a request) requests fail at once, without waiting on a dead
 * server, and the watcher retries with a growing backoff until the server is back. Each
 * outage is logged once when it starts and once when it ends.
 */
final class RedisState implements SharedState {

    private static final System.Logger LOG = System.getLogger(RedisState.class.getName());
    private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    /**
     * INCRBY, but never below the highest number this replica already handed out: a Redis
     * that restarted without its data would otherwise count from 1 again and repeat numbers.
     * Returns {last number, 1 if the counter had gone back and was raised}.
     */
    private static final String RESERVE = """
            local floor = tonumber(ARGV[2])
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            local raised = 0
            if current < floor then
              redis.call('SET', KEYS[1], floor)
              raised = 1
            end
            return {redis.call('INCRBY', KEYS[1], ARGV[1]), raised}
            """;
    private static final String RESERVE_SHA1 = sha1Hex(RESERVE);

    private final RedisClient client;
    private final String endpoint;
    private final String keyPrefix;
    private final Duration timeout;
    private final Timer roundTrips;
    private final Counter errors;
    private final Map<String, AtomicLong> highest = new ConcurrentHashMap<>();
    private final Map<String, CoalescingCounter> coalescing = new ConcurrentHashMap<>();
    private final Thread watcher;
    private volatile StateStatus status;
    private volatile boolean closed;
    /** When the current outage (or the first connection attempt) began. */
    private long downSince;

    RedisState(RedisSettings settings, ServiceMetrics metrics) {
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
        this.client = RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(config)
                .poolConfig(pool)
                .build();
        this.endpoint = redacted(uri);
        this.keyPrefix = settings.keyPrefix();
        this.timeout = settings.timeout();
        this.roundTrips = metrics.timer("socket.state.round.trips", "Round trips to the state backend");
        this.errors = metrics.counter("socket.state.errors", "Failed round trips to the state backend");
        this.status = StateStatus.down("connecting to " + endpoint);
        this.downSince = System.nanoTime();
        check();
        this.watcher = Thread.ofPlatform().daemon().name("state-watcher").start(this::watch);
    }

    @Override
    public long reserve(String counter, int count) {
        if (!status.available()) {
            throw new StateUnavailableException(status.reason());
        }
        return coalescing.computeIfAbsent(counter, name -> new CoalescingCounter(n -> roundTrip(name, n)))
                .reserve(count);
    }

    /** One script call for {@code count} numbers, on behalf of every request coalesced into it. */
    private long roundTrip(String counter, int count) {
        var high = highest.computeIfAbsent(counter, name -> new AtomicLong());
        List<?> reply = call(redis -> runReserve(List.of(keyPrefix + counter),
                List.of(String.valueOf(count), String.valueOf(high.get()))));
        long last = (Long) reply.get(0);
        if ((Long) reply.get(1) == 1L) {
            LOG.log(Level.WARNING, "state: counter {0} on {1} had gone back (the server lost its data); "
                    + "raised it past {2}, the highest number this replica handed out", counter, endpoint,
                    String.valueOf(high.get()));
        }
        high.accumulateAndGet(last, Math::max);
        return last - count + 1;
    }

    /**
     * Runs one command: refused at once while the server is down, timed, and a failure
     * marks it down (the watcher then waits for it to come back).
     */
    <T> T call(Function<RedisClient, T> command) {
        return run(command, true);
    }

    /** {@link #call} for a blocking read: its wait is no round trip's latency, so it is not timed. */
    <T> T callWaiting(Function<RedisClient, T> command) {
        return run(command, false);
    }

    private <T> T run(Function<RedisClient, T> command, boolean timed) {
        if (!status.available()) {
            throw new StateUnavailableException(status.reason());
        }
        long begin = System.nanoTime();
        try {
            return command.apply(client);
        } catch (JedisException e) {
            errors.increment();
            markDown(e);
            throw new StateUnavailableException(status.reason());
        } finally {
            if (timed) {
                roundTrips.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The longest a blocking read may wait: well inside the socket timeout. */
    Duration maxBlock() {
        return timeout.dividedBy(2);
    }

    @Override
    public SharedLog log(String name, int keep) {
        return new RedisLog(this, keyPrefix + name, keep);
    }

    @Override
    public SharedNames names(String name, Duration lease) {
        return new RedisNames(this, keyPrefix + name + ":", lease);
    }

    /** By digest, so the script's text crosses the wire only when the server does not have it cached. */
    private List<?> runReserve(List<String> keys, List<String> args) {
        return (List<?>) script(RESERVE, RESERVE_SHA1, keys, args);
    }

    /** Runs a script by digest, sending its text only when the server does not have it (after a restart). */
    Object script(String text, String sha1, List<String> keys, List<String> args) {
        try {
            return client.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return client.eval(text, keys, args);
        }
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public StateStatus status() {
        return status;
    }

    @Override
    public String describe() {
        return endpoint;
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        client.close();
    }

    private void watch() {
        var backoff = MIN_BACKOFF;
        while (!closed) {
            // A failed request unparks this thread, so a short outage is retried at once.
            LockSupport.parkNanos((status.available() ? CHECK_INTERVAL : backoff).toNanos());
            if (Thread.interrupted()) {
                return;
            }
            boolean wasUp = status.available();
            check();
            backoff = status.available() || wasUp ? MIN_BACKOFF : min(backoff.multipliedBy(2), MAX_BACKOFF);
        }
    }

    private void check() {
        try {
            client.ping();
            markUp();
        } catch (JedisException e) {
            markDown(e);
        }
    }

    private synchronized void markUp() {
        if (!status.available()) {
            // Idle connections opened before the outage point at a server that is gone; the
            // first request on each would fail. Drop them so requests open fresh ones.
            client.getPool().clear();
            LOG.log(Level.INFO, "state: {0} is reachable after {1} ms", endpoint,
                    String.valueOf((System.nanoTime() - downSince) / 1_000_000));
            status = StateStatus.UP;
            downSince = 0;
        }
    }

    private synchronized void markDown(JedisException e) {
        // Log the first failure of an outage, or of the first connection attempt, not every retry.
        if (status.available() || status.reason().startsWith("connecting")) {
            var reason = endpoint + " unreachable: " + rootMessage(e);
            LOG.log(Level.WARNING, "state: {0}; what needs it is refused until it is back", reason);
            status = StateStatus.down(reason);
            downSince = System.nanoTime();
            // The idle connections share the failed one's fate (a restarted server closed them all).
            client.getPool().clear();
            if (watcher != null) {
                LockSupport.unpark(watcher);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private static String rootMessage(Throwable error) {
        var cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    static String sha1Hex(String text) {
        try {
            var digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    /** The URL without its password, for logs and health details. */
    private static String redacted(URI uri) {
        var host = JedisURIHelper.getHostAndPort(uri);
        return uri.getScheme() + "://" + host.getHost() + ":" + host.getPort() + "/" + JedisURIHelper.getDBIndex(uri);
    }
}
