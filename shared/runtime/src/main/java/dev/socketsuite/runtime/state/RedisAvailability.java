package dev.socketsuite.runtime.state;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether the Redis state can serve now, which readiness reports. A watcher thread asks the
 * server for its replication state (with sentinels, first asking them which server that is):
 * while it is the primary, with enough replicas online, the state is available; after a
 * failure (of a check, or of a request reported through {@link #failed}) requests fail at
 * once, and the watcher checks again: every {@link #RECHECK} while the server answers but
 * cannot take writes yet, with a backoff up to {@link #MAX_BACKOFF} while it does not answer.
 * Each outage is logged once when it starts and once when it ends.
 */
final class RedisAvailability implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisAvailability.class.getName());
    /** With the round trip's timeout, how soon a replica cut off from Redis goes not ready: 1.5 s by default. */
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);
    /**
     * While the server answers but cannot take writes (a replica, or a primary waiting for its
     * replicas after a failover), it is asked this often: the question is cheap, and requests
     * must go again as soon as it can take them.
     */
    private static final Duration RECHECK = Duration.ofMillis(200);
    /** While it does not answer, the wait between checks doubles from the least to the most. */
    private static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

    private final RedisEndpoint server;
    private final UnifiedJedis client;
    private final String endpoint;
    private final Duration timeout;
    private final int minReplicas;
    private final Thread watcher;
    private volatile StateStatus status;
    private volatile boolean closed;
    /** When the current outage (or the first connection attempt) began. */
    private long downSince;
    /** The primary's replication id at the last check: it changes when the server restarts or another takes over. */
    private String replicationId;

    /** Checks the server once, then watches it. */
    RedisAvailability(RedisEndpoint server, Duration timeout, int minReplicas) {
        this.server = server;
        this.client = server.client();
        this.endpoint = server.describe();
        this.timeout = timeout;
        this.minReplicas = minReplicas;
        this.status = StateStatus.down("connecting to " + endpoint);
        this.downSince = System.nanoTime();
        check();
        this.watcher = Thread.ofPlatform().daemon().name("state-watcher").start(this::watch);
    }

    StateStatus status() {
        return status;
    }

    /** A request failed for {@code reason}: down until the watcher finds the server back. */
    void failed(String reason) {
        markDown(reason);
    }

    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
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
            boolean answered = checkWithinTimeout();
            if (status.available() || wasUp) {
                backoff = MIN_BACKOFF;
            } else {
                backoff = answered ? RECHECK : min(backoff.multipliedBy(2), MAX_BACKOFF);
            }
        }
    }

    /**
     * {@link #check}, down once the timeout passed without an answer: a silent server (a
     * partition) can hold the client's first command past its socket timeout, closing the
     * broken connection included, and readiness must not wait for that. Returns whether the
     * server answered in time, whatever it said.
     */
    private boolean checkWithinTimeout() {
        var checked = new CompletableFuture<Boolean>();
        Thread.ofVirtual().name("state-check").start(() -> {
            boolean answered = false;
            try {
                answered = check();
            } finally {
                checked.complete(answered);
            }
        });
        try {
            return checked.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            markDown(endpoint + " unreachable: no answer within " + timeout.toMillis() + " ms");
            checked.join(); // one check at a time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closing: watch() ends
        } catch (ExecutionException cannotHappen) {
            // completed normally, always
        }
        return false;
    }

    /**
     * Up only when the next request would succeed: the server answers, is the primary and has
     * its replicas. With sentinels, the server asked is the one they name now. Returns
     * whether the server answered, whatever it said.
     */
    private boolean check() {
        try {
            server.follow(timeout.dividedBy(2));
            ReplicationInfo replication;
            try {
                replication = replicationInfo();
            } catch (JedisConnectionException e) {
                if (RedisState.timedOut(e)) {
                    throw e;
                }
                // A pooled connection the server closed when it restarted between two checks:
                // the server may well be back, so ask it again on a fresh connection before
                // calling it down (a request would do the same, and succeed).
                server.dropIdleConnections();
                replication = replicationInfo();
            }
            if (replicationId != null && !replicationId.equals(replication.replicationId())) {
                // Restarted, or another server took over: every idle connection would fail once.
                server.dropIdleConnections();
            }
            replicationId = replication.replicationId();
            var problem = replication.problem(minReplicas);
            if (problem == null) {
                markUp();
            } else {
                markDown(server.primary() + " cannot take writes: " + problem);
            }
            return true;
        } catch (JedisException e) {
            markDown(endpoint + " unreachable: " + RedisState.rootMessage(e));
            return false;
        }
    }

    private ReplicationInfo replicationInfo() {
        // One command, one read: UnifiedJedis.info(section) waits out its socket timeout twice on a silent server.
        var reply = (byte[]) client.sendCommand(Protocol.Command.INFO, "replication");
        return ReplicationInfo.parse(new String(reply, StandardCharsets.UTF_8));
    }

    private synchronized void markUp() {
        if (!status.available()) {
            // Idle connections opened before the outage point at a server that is gone; the
            // first request on each would fail. Drop them so requests open fresh ones.
            server.dropIdleConnections();
            LOG.log(Level.INFO, "state: {0} is reachable after {1} ms (primary {2})", endpoint,
                    String.valueOf((System.nanoTime() - downSince) / 1_000_000), server.primary());
            status = StateStatus.UP;
            downSince = 0;
        }
    }

    private synchronized void markDown(String reason) {
        // Readiness always shows the latest reason; the log, the first failure of an outage, or of
        // the first connection attempt, not every retry.
        boolean outageStarts = status.available() || status.reason().startsWith("connecting");
        status = StateStatus.down(reason);
        if (!outageStarts) {
            return;
        }
        LOG.log(Level.WARNING, "state: {0}; what needs it is refused until it is back", reason);
        downSince = System.nanoTime();
        // The idle connections share the failed one's fate (a restarted server closed them all).
        server.dropIdleConnections();
        if (watcher != null) {
            LockSupport.unpark(watcher);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }
}
