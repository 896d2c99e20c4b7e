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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.LoopClient;
import dev.socketsuite.runtime.stream.LoopTurn;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Timer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The shared state on a Redis server every replica uses, or on the primary that Sentinel
 * names ({@link RedisEndpoint}). Counters take one INCRBY per round trip, so numbers are
 * unique and gapless whichever replica asks, and requests that arrive together
 * share a round trip, several of which may be in flight ({@link GroupCommit}); no caller
 * waits on the network unless it asks to. {@link RedisLog} and {@link RedisNames} run their
 * commands through {@link #call} here.
 *
 * <p>With {@code state.redis.min-replicas} above 0, a number or a log entry counts only once
 * that many replicas hold it: the write and a {@code WAIT} go out together on one connection,
 * in one round trip, and a write fewer replicas acknowledged is refused (a gap, never a
 * number a new primary could hand out again).
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
    private final Map<String, GroupCommit<Integer, Long>> counters = new ConcurrentHashMap<>();
    /** The logs handed out, closed with the state. */
    private final List<RedisLog> logs = new CopyOnWriteArrayList<>();
    private final int tripsInFlight;
    private final RedisAvailability availability;
    /** Each event loop's own connection, and the counter requests of its turn; each touched by its loop alone. */
    private final RedisPipe[] pipes;
    private final Map<String, CounterBatch>[] turnBatches;

    RedisState(RedisSettings settings, ServiceMetrics metrics) {
        this.server = new RedisEndpoint(settings);
        this.client = server.client();
        this.endpoint = server.describe();
        this.keyPrefix = settings.keyPrefix();
        this.timeout = settings.timeout();
        this.minReplicas = settings.minReplicas();
        this.tripsInFlight = settings.tripsInFlight();
        this.roundTrips = metrics.timer("socket.state.round.trips", "Round trips to the state backend");
        this.errors = metrics.counter("socket.state.errors",
                "Failed round trips to the state backend, and writes too few replicas acknowledged");
        this.availability = new RedisAvailability(server, timeout, minReplicas);
        this.pipes = new RedisPipe[LoopClient.count()];
        @SuppressWarnings("unchecked")
        Map<String, CounterBatch>[] batches = new Map[pipes.length];
        java.util.Arrays.setAll(batches, i -> new java.util.HashMap<>());
        this.turnBatches = batches;
    }

    @Override
    public CompletionStage<Long> reserveLater(String counter, int count) {
        var status = availability.status();
        if (!status.available()) {
            return CompletableFuture.failedFuture(new StateUnavailableException(status.reason()));
        }
        if (server.tls()) {
            // rediss:// keeps the Redis client's own connections until the loops speak TLS to it.
            return counters.computeIfAbsent(counter, name -> new GroupCommit<Integer, Long>("state-" + name, tripsInFlight,
                    counts -> firsts(counts, roundTrip(name, counts.stream().mapToInt(Integer::intValue).sum()))))
                    .submit(count);
        }
        var loop = LoopClient.current();
        if (loop != null) {
            return reserveOnLoop(loop, counter, count);
        }
        // A caller on no loop (a virtual thread): the request goes to a loop, and comes back from it.
        var answer = new CompletableFuture<Long>();
        var other = LoopClient.next();
        other.execute(() -> reserveOnLoop(other, counter, count).whenComplete((first, error) -> {
            if (error != null) {
                answer.completeExceptionally(error);
            } else {
                answer.complete(first);
            }
        }));
        return answer;
    }

    /**
     * On {@code loop}'s thread: joins the requests for {@code counter} made during this turn,
     * which take their numbers with one INCRBY at the turn's end.
     */
    private CompletableFuture<Long> reserveOnLoop(LoopClient loop, String counter, int count) {
        var batches = turnBatches[loop.index()];
        var batch = batches.get(counter);
        if (batch == null) {
            var opened = new CounterBatch();
            batches.put(counter, opened);
            LoopTurn.atEnd(() -> sendBatch(loop, counter, batches.remove(counter)));
            batch = opened;
        }
        return batch.add(count);
    }

    /** One INCRBY for a turn's requests; a counter that went back is raised past the numbers it would repeat. */
    private void sendBatch(LoopClient loop, String counter, CounterBatch batch) {
        var high = highest.computeIfAbsent(counter, name -> new AtomicLong());
        var key = keyPrefix + counter;
        int total = batch.total();
        long floor = high.get(); // read before sending: batches of several loops may return out of order
        long begin = System.nanoTime();
        var pipe = pipe(loop);
        pipe.send(List.of("INCRBY", key, String.valueOf(total)), true).whenComplete((reply, error) -> {
            roundTrips.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
            Long last = number(reply, error, batch);
            if (last == null) {
                return;
            }
            if (last - total >= floor) {
                handOut(batch, high, last);
                return;
            }
            long raiseTo = Math.max(floor, last);
            LOG.log(Level.WARNING, "state: counter {0} on {1} had gone back (the server lost its data); "
                    + "raising it past {2}, the highest number this replica handed out", counter, endpoint,
                    String.valueOf(raiseTo));
            var args = List.of(String.valueOf(total), String.valueOf(raiseTo));
            pipe.send(script("EVALSHA", RESERVE_SHA1, key, args), true).thenCompose(raised ->
                    raised instanceof RespReply.Error noScript && "NOSCRIPT".equals(noScript.code())
                            ? pipe.send(script("EVAL", RESERVE, key, args), true) : CompletableFuture.completedFuture(raised))
                    .whenComplete((raised, failed) -> {
                        Long raisedLast = number(raised, failed, batch);
                        if (raisedLast != null) {
                            handOut(batch, high, raisedLast);
                        }
                    });
        });
    }

    /** The number a reply carries, or null once {@code batch} was refused for what came instead. */
    private Long number(RespReply reply, Throwable error, CounterBatch batch) {
        if (error != null) {
            errors.increment();
            var cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof NotReplicatedException) {
                reportFromLoop(cause.getMessage());
            }
            batch.refuse(cause instanceof StateUnavailableException unavailable ? unavailable
                    : new StateUnavailableException(cause.getMessage()));
            return null;
        }
        if (reply instanceof RespReply.Int number) {
            return number.value();
        }
        errors.increment();
        var reason = endpoint + " answered " + (reply instanceof RespReply.Error refusal ? refusal.message() : reply);
        // READONLY, LOADING, MASTERDOWN: a failover under way; the watcher finds where to go now.
        reportFromLoop(reason);
        batch.refuse(new StateUnavailableException(reason));
        return null;
    }

    /** The batch's numbers end at {@code last}: handed out in the order asked for, and this replica's highest raised. */
    private static void handOut(CounterBatch batch, AtomicLong high, long last) {
        high.accumulateAndGet(last, Math::max);
        batch.handOut(last - batch.total() + 1);
    }

    /** {@code EVAL} or {@code EVALSHA} of {@code script} (its text or digest) on the one {@code key}. */
    private static List<String> script(String verb, String script, String key, List<String> args) {
        var command = new ArrayList<>(List.of(verb, script, "1", key));
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

    /** The requests for one counter made during one loop turn: they share one INCRBY. */
    private static final class CounterBatch {
        private final List<Integer> counts = new ArrayList<>();
        private final List<CompletableFuture<Long>> answers = new ArrayList<>();
        private int total;

        CompletableFuture<Long> add(int count) {
            var answer = new CompletableFuture<Long>();
            counts.add(count);
            answers.add(answer);
            total += count;
            return answer;
        }

        int total() {
            return total;
        }

        /** Hands out the numbers from {@code first} on, in the order they were asked for. */
        void handOut(long first) {
            var firsts = firsts(counts, first);
            for (int i = 0; i < answers.size(); i++) {
                answers.get(i).complete(firsts.get(i));
            }
        }

        void refuse(StateUnavailableException error) {
            answers.forEach(answer -> answer.completeExceptionally(error));
        }
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
     * One INCRBY for {@code count} numbers, on behalf of every request that shares the trip.
     * A Redis that restarted without its data counts from 1 again: numbers at or below the
     * highest this replica had handed out when the trip left would repeat, so they are
     * dropped (a gap) and the script raises the counter past them.
     */
    private long roundTrip(String counter, int count) {
        var high = highest.computeIfAbsent(counter, name -> new AtomicLong());
        var key = keyPrefix + counter;
        long floor = high.get(); // read before sending: trips in flight together may return out of order
        // A retried reservation can at worst burn numbers its lost reply carried: a gap, never a repeat.
        long last = run(redis -> replicated(key, direct -> direct.incrBy(key, count),
                pipeline -> pipeline.incrBy(key, count)::get), true, true);
        if (last - count < floor) {
            long raiseTo = Math.max(floor, last);
            LOG.log(Level.WARNING, "state: counter {0} on {1} had gone back (the server lost its data); "
                    + "raising it past {2}, the highest number this replica handed out", counter, endpoint,
                    String.valueOf(raiseTo));
            last = raisedPast(key, count, raiseTo);
        }
        high.accumulateAndGet(last, Math::max);
        return last - count + 1;
    }

    /** The last of {@code count} numbers above {@code floor}, the counter raised to it first when below. */
    private long raisedPast(String key, int count, long floor) {
        var keys = List.of(key);
        var args = List.of(String.valueOf(count), String.valueOf(floor));
        return run(redis -> (Long) replicatedScript(RESERVE, RESERVE_SHA1, keys, args), true, true);
    }

    /**
     * Runs one command: refused at once while the server is down, timed, and a failure
     * marks it down (the watcher then waits for it to come back). Never retried, as a
     * command whose reply was lost may have been carried out.
     */
    <T> T call(Function<UnifiedJedis, T> command) {
        return run(command, true, false);
    }

    /**
     * {@link #call} for a command that may run twice (a read): a connection that broke
     * before its reply, as every idle one does when the server restarts or steps down, is
     * retried once on a fresh one before the command is refused.
     */
    <T> T callRetrying(Function<UnifiedJedis, T> command) {
        return run(command, true, true);
    }

    /** {@link #callRetrying} for a blocking read: its wait is no round trip's latency, so it is not timed. */
    <T> T callWaiting(Function<UnifiedJedis, T> command) {
        return run(command, false, true);
    }

    private <T> T run(Function<UnifiedJedis, T> command, boolean timed, boolean retryable) {
        var status = availability.status();
        if (!status.available()) {
            throw new StateUnavailableException(status.reason());
        }
        long begin = System.nanoTime();
        try {
            try {
                return command.apply(client);
            } catch (JedisConnectionException e) {
                if (!retryable || timedOut(e)) {
                    throw e;
                }
                errors.increment();
                server.dropIdleConnections();
                return command.apply(client);
            }
        } catch (NotReplicatedException e) {
            errors.increment();
            availability.failed(e.getMessage());
            throw new StateUnavailableException(e.getMessage());
        } catch (JedisException e) {
            errors.increment();
            availability.failed(endpoint + " unreachable: " + rootMessage(e));
            throw new StateUnavailableException(availability.status().reason());
        } finally {
            if (timed) {
                roundTrips.record(System.nanoTime() - begin, TimeUnit.NANOSECONDS);
            }
        }
    }

    /**
     * A write that counts only once {@code state.redis.min-replicas} replicas hold it. Without
     * replicas to wait for, {@code direct} runs it as a plain call (in two A/B pairs at -c64 a
     * pipeline cost 5-6% of the rate); otherwise {@code pipelined} queues it (returning how to
     * read its reply) with a {@code WAIT} behind it on the same connection (WAIT counts that
     * connection's writes), all in one round trip.
     *
     * @throws NotReplicatedException when fewer replicas than needed acknowledged it in time
     */
    private <T> T replicated(String key, Function<UnifiedJedis, T> direct,
                             Function<AbstractPipeline, Supplier<T>> pipelined) {
        if (minReplicas == 0) {
            return direct.apply(client);
        }
        try (var pipeline = client.pipelined()) {
            var result = pipelined.apply(pipeline);
            var acknowledged = pipeline.waitReplicas(key, minReplicas, waitMillis());
            pipeline.sync();
            var value = result.get();
            if (acknowledged.get() < minReplicas) {
                throw new NotReplicatedException(acknowledged.get() + " of the " + minReplicas
                        + " replicas needed acknowledged a write to " + endpoint + " within " + waitMillis() + " ms");
            }
            return value;
        }
    }

    /** {@link #replicated} for a script, run by digest and sent whole only when the server does not have it. */
    Object replicatedScript(String text, String sha1, List<String> keys, List<String> args) {
        var key = keys.getFirst();
        try {
            return replicated(key, direct -> direct.evalsha(sha1, keys, args),
                    pipeline -> pipeline.evalsha(sha1, keys, args)::get);
        } catch (JedisNoScriptException e) {
            return replicated(key, direct -> direct.eval(text, keys, args),
                    pipeline -> pipeline.eval(text, keys, args)::get);
        }
    }

    /** Replicas that must hold a write before it counts. */
    int minReplicas() {
        return minReplicas;
    }

    /** Round trips one counter or log may have in flight at once. */
    int tripsInFlight() {
        return tripsInFlight;
    }

    /** How long a WAIT may take: well inside the socket timeout, so the server answers before it. */
    private long waitMillis() {
        return Math.max(1, timeout.toMillis() / 2);
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
        var log = new RedisLog(this, keyPrefix + name, keep);
        logs.add(log);
        return log;
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
        // Their trips in flight finish first; later requests fail as the state does.
        counters.values().forEach(GroupCommit::close);
        closePipes();
        logs.forEach(RedisLog::close);
        availability.close();
        server.close();
    }

    /** Each loop closes its own connection, failing what it has in flight; waits a moment for them. */
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
