package dev.socketsuite.runtime.state;

import java.lang.System.Logger.Level;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.LoopClient;
import dev.socketsuite.runtime.stream.LoopTurn;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The shared state on a Redis server every replica uses, or on the primary that Sentinel
 * names ({@link RedisEndpoint}). Requests go from the event loop that holds them, on its
 * own connection ({@link RedisPipe}): those made during one loop turn for one counter or log
 * share one command ({@link TurnBatch}), so a counter takes one INCRBY per batch and its
 * numbers are unique and gapless whichever replica asks; no caller waits on the network
 * unless it asks to. A log's blocking reads go from a loop too, on a connection of their own
 * ({@link #readWaiting}); its tail, a resume's look back and the nick leases go through the
 * client library ({@link #callRetrying}), which also finds the primary and watches the server.
 *
 * <p>With {@code state.redis.min-replicas} above 0, a number or a log entry counts only once
 * that many replicas hold it: a turn's writes and a {@code WAIT} go out together on one
 * connection, and a write fewer replicas acknowledged is refused (a gap, never a number a new
 * primary could hand out again).
 *
 * <p>Whether requests may go out at all is {@link RedisAvailability}'s call: while the server
 * is down they fail at once, without waiting on a dead server.
 */
final class RedisState implements SharedState {

    private static final System.Logger LOG = System.getLogger(RedisState.class.getName());
    /** INCRBY, but from above {@code ARGV[2]}: how a counter that went back is raised past the numbers it would repeat. */
    private static final String RESERVE = """
            local floor = tonumber(ARGV[2])
            local current = tonumber(redis.call('GET', KEYS[1]) or '0')
            if current < floor then
              redis.call('SET', KEYS[1], floor)
            end
            return redis.call('INCRBY', KEYS[1], ARGV[1])
            """;
    private static final String RESERVE_SHA1 = sha1Hex(RESERVE);

    private final RedisEndpoint server;
    private final UnifiedJedis client;
    private final String endpoint;
    private final String keyPrefix;
    private final Duration timeout;
    private final int minReplicas;
    private final Timer roundTrips;
    private final Counter errors;
    private final Map<String, AtomicLong> highest = new ConcurrentHashMap<>();
    private final RedisAvailability availability;
    /** Each event loop's own connection, and the requests of its turn by counter or log; each touched by its loop alone. */
    private final RedisPipe[] pipes;
    private final Map<String, TurnBatch<?, ?>>[] turnBatches;
    /** Each loop's connections for blocking reads, by what they read: a read the server holds holds every command behind it. */
    private final Map<String, RedisPipe>[] readers;
    private volatile boolean closed;

    RedisState(RedisSettings settings, ServiceMetrics metrics) {
        this.server = new RedisEndpoint(settings);
        this.client = server.client();
        this.endpoint = server.describe();
        this.keyPrefix = settings.keyPrefix();
        this.timeout = settings.timeout();
        this.minReplicas = settings.minReplicas();
        this.roundTrips = metrics.timer("socket.state.round.trips", "Round trips to the state backend");
        this.errors = metrics.counter("socket.state.errors",
                "Failed round trips to the state backend, and writes too few replicas acknowledged");
        this.availability = new RedisAvailability(server, timeout, minReplicas);
        this.pipes = new RedisPipe[LoopClient.count()];
        @SuppressWarnings("unchecked")
        Map<String, TurnBatch<?, ?>>[] batches = new Map[pipes.length];
        java.util.Arrays.setAll(batches, i -> new java.util.HashMap<>());
        this.turnBatches = batches;
        @SuppressWarnings("unchecked")
        Map<String, RedisPipe>[] readers = new Map[pipes.length];
        java.util.Arrays.setAll(readers, i -> new java.util.HashMap<>());
        this.readers = readers;
    }

    @Override
    public CompletionStage<Long> reserveLater(String counter, int count) {
        return inTurn("counter " + counter, count, (loop, batch) -> sendCounts(loop, counter, batch));
    }

    /**
     * Joins {@code request} to those for {@code what} made during this turn of the calling event
     * loop (a caller on no loop hops to the loop {@code what} is given to, and its answer back);
     * at the turn's end {@code send} sends them together, on that loop's connection. Refused at
     * once while the server is down, without waiting on it.
     */
    <Q, A> CompletableFuture<A> inTurn(String what, Q request, BiConsumer<LoopClient, TurnBatch<Q, A>> send) {
        var refused = refusedNow();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        var loop = LoopClient.current();
        if (loop != null) {
            return joinTurn(loop, what, request, send);
        }
        var answer = new CompletableFuture<A>();
        // Always the same loop for one counter or log: callers on threads then share its batches.
        var other = loopFor(what);
        other.execute(() -> joinTurn(other, what, request, send).whenComplete((value, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(value);
            }
        }));
        return answer;
    }

    /** Why a request must be refused at once (the state is closed, or the server down), or null. */
    private StateUnavailableException refusedNow() {
        var status = closed ? StateStatus.down("the shared state is closed") : availability.status();
        return status.available() ? null : new StateUnavailableException(status.reason());
    }

    /** The loop that sends for {@code what} when its caller is on none: always the same one. */
    private static LoopClient loopFor(String what) {
        return LoopClient.of(Math.floorMod(what.hashCode(), LoopClient.count()));
    }

    private <Q, A> CompletableFuture<A> joinTurn(LoopClient loop, String what, Q request,
                                                 BiConsumer<LoopClient, TurnBatch<Q, A>> send) {
        var batches = turnBatches[loop.index()];
        @SuppressWarnings("unchecked")
        var batch = (TurnBatch<Q, A>) batches.get(what);
        if (batch == null) {
            var opened = new TurnBatch<Q, A>();
            batches.put(what, opened);
            LoopTurn.atEnd(() -> {
                batches.remove(what, opened);
                send.accept(loop, opened);
            });
            batch = opened;
        }
        var answer = batch.add(request);
        if (batch.full()) {
            batches.remove(what); // the next request opens a batch that leaves after this one
        }
        return answer;
    }

    /**
     * Sends a read the server may hold ({@code XREAD ... BLOCK}) for {@code what} on a connection
     * of its own, from the loop {@code what} is given to; the answer (an array, whose items are
     * null when the wait ran out) completes on that loop. Refused at once while the server is down.
     */
    CompletableFuture<RespReply.Array> readWaiting(String what, List<String> command) {
        var refused = refusedNow();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        var answer = new CompletableFuture<RespReply.Array>();
        var loop = loopFor(what);
        loop.execute(() -> readers[loop.index()]
                .computeIfAbsent(what, name -> new RedisPipe(loop, server::pipeTarget, timeout, 0, this::reportFromLoop))
                .send(command, false)
                .whenComplete((reply, error) -> {
                    var refusal = refusal(reply, error, RespReply.Array.class);
                    if (refusal != null) {
                        answer.completeExceptionally(refusal);
                    } else {
                        answer.complete((RespReply.Array) reply);
                    }
                }));
        return answer;
    }

    /** One INCRBY for a turn's requests; a counter that went back is raised past the numbers it would repeat. */
    private void sendCounts(LoopClient loop, String counter, TurnBatch<Integer, Long> batch) {
        var high = highest.computeIfAbsent(counter, name -> new AtomicLong());
        var key = keyPrefix + counter;
        int total = batch.requests().stream().mapToInt(Integer::intValue).sum();
        long floor = high.get(); // read before sending: batches of several loops may return out of order
        timed(pipe(loop).send(List.of("INCRBY", key, String.valueOf(total)), true)).whenComplete((reply, error) -> {
            var refusal = refusal(reply, error, RespReply.Int.class);
            if (refusal != null) {
                batch.refuse(refusal);
                return;
            }
            long last = ((RespReply.Int) reply).value();
            if (last - total >= floor) {
                handOut(batch, high, total, last);
                return;
            }
            long raiseTo = Math.max(floor, last);
            LOG.log(Level.WARNING, "state: counter {0} on {1} had gone back (the server lost its data); "
                    + "raising it past {2}, the highest number this replica handed out", counter, endpoint,
                    String.valueOf(raiseTo));
            scriptOn(loop, RESERVE, RESERVE_SHA1, List.of(key), List.of(String.valueOf(total), String.valueOf(raiseTo)))
                    .whenComplete((raised, failed) -> {
                        var refused = refusal(raised, failed, RespReply.Int.class);
                        if (refused != null) {
                            batch.refuse(refused);
                        } else {
                            handOut(batch, high, total, ((RespReply.Int) raised).value());
                        }
                    });
        });
    }

    /** The batch's {@code total} numbers end at {@code last}: handed out in the order asked for, and this replica's highest raised. */
    private static void handOut(TurnBatch<Integer, Long> batch, AtomicLong high, int total, long last) {
        high.accumulateAndGet(last, Math::max);
        batch.handOut(firsts(batch.requests(), last - total + 1));
    }

    /**
     * Runs {@code script} (its text, and its digest) on {@code loop}'s connection: by digest, and
     * sent whole only when the server does not have it (after a restart).
     */
    CompletableFuture<RespReply> scriptOn(LoopClient loop, String text, String sha1, List<String> keys, List<String> args) {
        var pipe = pipe(loop);
        return timed(pipe.send(scriptCommand("EVALSHA", sha1, keys, args), true)).thenCompose(reply ->
                reply instanceof RespReply.Error noScript && "NOSCRIPT".equals(noScript.code())
                        ? timed(pipe.send(scriptCommand("EVAL", text, keys, args), true))
                        : CompletableFuture.completedFuture(reply));
    }

    private CompletableFuture<RespReply> timed(CompletableFuture<RespReply> sent) {
        long begin = System.nanoTime();
        return sent.whenComplete((reply, error) -> roundTrips.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS));
    }

    /**
     * What a reply means to its callers: null when it is the kind expected, else the refusal to
     * give them, counted. A write too few replicas hold, and an error reply (READONLY, LOADING,
     * MASTERDOWN: a failover under way), are told to the watcher, which finds where to go now.
     */
    StateUnavailableException refusal(RespReply reply, Throwable error, Class<? extends RespReply> expected) {
        if (error == null && expected.isInstance(reply)) {
            return null;
        }
        errors.increment();
        if (error != null) {
            var cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof NotReplicatedException) {
                reportFromLoop(cause.getMessage());
            }
            return cause instanceof StateUnavailableException unavailable ? unavailable
                    : new StateUnavailableException(cause.getMessage());
        }
        var reason = endpoint + " answered " + (reply instanceof RespReply.Error refused ? refused.message() : reply);
        reportFromLoop(reason);
        return new StateUnavailableException(reason);
    }

    /** {@code EVAL} or {@code EVALSHA} of {@code script} (its text or digest) on {@code keys}. */
    private static List<String> scriptCommand(String verb, String script, List<String> keys, List<String> args) {
        var command = new ArrayList<>(List.of(verb, script, String.valueOf(keys.size())));
        command.addAll(keys);
        command.addAll(args);
        return command;
    }

    /**
     * Tells the availability watcher of a failure seen on an event loop, from a thread of its
     * own: marking the state down takes a lock the watcher holds while it drops the client
     * library's idle connections, which can wait on a dead server, and the loop must not.
     */
    private void reportFromLoop(String reason) {
        Thread.ofVirtual().name("state-failure").start(() -> availability.failed(reason));
    }

    /** {@code loop}'s own connection, made on first use; on that loop's thread. */
    private RedisPipe pipe(LoopClient loop) {
        var pipe = pipes[loop.index()];
        if (pipe == null) {
            pipe = new RedisPipe(loop, server::pipeTarget, timeout, minReplicas, this::reportFromLoop);
            pipes[loop.index()] = pipe;
        }
        return pipe;
    }

    /** Hands out a trip's numbers, from {@code first} on, in the order its requests came. */
    private static List<Long> firsts(List<Integer> counts, long first) {
        var firsts = new ArrayList<Long>(counts.size());
        for (int count : counts) {
            firsts.add(first);
            first += count;
        }
        return firsts;
    }

    /**
     * Runs a command that may run twice (a read, or a script that checks before it writes) on
     * the client library's connections: refused at once while the server is down, timed, and a
     * failure marks it down (the watcher then waits for it to come back). A connection that
     * broke before its reply, as every idle one does when the server restarts or steps down,
     * is retried once on a fresh one before the command is refused.
     */
    <T> T callRetrying(Function<UnifiedJedis, T> command) {
        var status = availability.status();
        if (!status.available()) {
            throw new StateUnavailableException(status.reason());
        }
        long begin = System.nanoTime();
        try {
            try {
                return command.apply(client);
            } catch (JedisConnectionException e) {
                if (timedOut(e)) {
                    throw e;
                }
                errors.increment();
                server.dropIdleConnections();
                return command.apply(client);
            }
        } catch (JedisException e) {
            errors.increment();
            availability.failed(endpoint + " unreachable: " + rootMessage(e));
            throw new StateUnavailableException(availability.status().reason());
        } finally {
            roundTrips.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
        }
    }

    /** Replicas that must hold a write before it counts. */
    int minReplicas() {
        return minReplicas;
    }

    static boolean timedOut(JedisConnectionException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
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
        return availability.status();
    }

    @Override
    public String describe() {
        return endpoint;
    }

    @Override
    public void close() {
        closed = true;
        closePipes();
        availability.close();
        server.close();
    }

    /** Each loop closes its own connections, failing what they have in flight; waits a moment for them. */
    private void closePipes() {
        var closed = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < pipes.length; i++) {
            int index = i;
            var done = new CompletableFuture<Void>();
            closed.add(done);
            LoopClient.of(index).execute(() -> {
                if (pipes[index] != null) {
                    pipes[index].close();
                }
                readers[index].values().forEach(RedisPipe::close);
                done.complete(null);
            });
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "the loops' Redis connections did not close in time", e);
        }
    }

    static String rootMessage(Throwable error) {
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
}
