package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketsuite.runtime.stream.LoopTurn;

/**
 * Group commit: requests that arrive together share one round trip, and up to
 * {@code maxTrips} round trips are in flight at once. A caller never waits here: it gets a
 * future, completed when its trip's reply is back. Each trip takes every request waiting
 * (up to a bound), so under load one trip carries many requests, and alone a request pays
 * just one; while trips are in flight, new requests gather for the next. A trip's replies
 * are handed out in the order its requests arrived.
 *
 * <p>Trips run on threads of their own, so the event loops that submit requests never block
 * on the network; a loop wakes a sender once per turn ({@link LoopTurn}), not per request,
 * and not at all while a sender that just finished a trip lingers for the next batch.
 *
 * @param <Q> a request
 * @param <A> its answer
 */
final class GroupCommit<Q, A> {

    /** One round trip for a batch of requests; returns their answers, in order. May block. */
    @FunctionalInterface
    interface Trip<Q, A> {
        List<A> send(List<Q> batch);
    }

    /** Keeps one round trip's request and reply small when a burst arrives. */
    static final int MAX_PER_TRIP = 1024;
    /**
     * How many times a sender with nothing to send yields the core before it parks. Waking a
     * parked sender costs the loop a futex wake and both threads a switch, per trip; on a
     * core the sender shares with the loops (and Redis), a yield runs the loop that is about
     * to submit the next batch, which the sender then finds. With a core to itself, yields
     * return at once and the sender parks a few microseconds later.
     */
    private static final int LINGER_YIELDS = 16;
    private static final Duration SENDER_IDLE = Duration.ofSeconds(30);

    private final Trip<Q, A> trip;
    private final int maxTrips;
    /** Senders start at most maxTrips at a time (see running); an idle one waits a while for the next burst. */
    private final ExecutorService senders;
    private final ConcurrentLinkedQueue<Pending<Q, A>> waiting = new ConcurrentLinkedQueue<>();
    /** Senders running, each with at most one trip in flight. */
    private final AtomicInteger running = new AtomicInteger();
    /** Senders yielding for their next batch ({@link #lingerForBatch}). */
    private final AtomicInteger lingering = new AtomicInteger();
    private volatile boolean closed;

    GroupCommit(String name, int maxTrips, Trip<Q, A> trip) {
        if (maxTrips < 1) {
            throw new IllegalArgumentException("at least one trip must be allowed in flight");
        }
        this.trip = trip;
        this.maxTrips = maxTrips;
        this.senders = new ThreadPoolExecutor(0, Integer.MAX_VALUE, SENDER_IDLE.toSeconds(), TimeUnit.SECONDS,
                new SynchronousQueue<>(), Thread.ofPlatform().name(name + "-trip-", 0).daemon().factory());
    }

    /** Queues {@code request} for the next trip; the future fails with what the trip threw. */
    CompletableFuture<A> submit(Q request) {
        var pending = new Pending<Q, A>(request);
        if (closed) {
            pending.completeExceptionally(closedError());
            return pending;
        }
        waiting.add(pending);
        LoopTurn.atEnd(this::startSenderIfIdle);
        return pending;
    }

    /**
     * Takes no more requests: those still waiting fail, trips in flight finish, and the idle
     * senders end now rather than after their idle time.
     */
    void close() {
        closed = true;
        senders.shutdown();
        failWaiting();
    }

    private void failWaiting() {
        for (Pending<Q, A> pending; (pending = waiting.poll()) != null; ) {
            pending.completeExceptionally(closedError());
        }
    }

    private static StateUnavailableException closedError() {
        return new StateUnavailableException("the shared state is closed");
    }

    /** Waits for {@code answer}; a failure is thrown as the trip threw it. */
    static <T> T await(CompletionStage<T> answer) {
        try {
            return answer.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void startSenderIfIdle() {
        if (lingering.get() > 0) {
            return; // it takes this request, or looks at the queue again once it stops lingering
        }
        for (int now = running.get(); now < maxTrips; now = running.get()) {
            if (running.compareAndSet(now, now + 1)) {
                try {
                    senders.execute(this::sendWhileWaiting);
                } catch (RejectedExecutionException closedMeanwhile) {
                    running.decrementAndGet();
                    failWaiting();
                }
                return;
            }
        }
    }

    private void sendWhileWaiting() {
        while (true) {
            var batch = takeBatch();
            if (batch.isEmpty()) {
                batch = lingerForBatch();
            }
            if (!batch.isEmpty()) {
                send(batch);
                continue;
            }
            running.decrementAndGet();
            // A request queued after the last poll may have found every sender running: take it.
            if (waiting.isEmpty() || !tryRunAgain()) {
                return;
            }
        }
    }

    private boolean tryRunAgain() {
        for (int now = running.get(); now < maxTrips; now = running.get()) {
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Yields the core a few times for a batch; meanwhile submitters leave the other senders parked. */
    private List<Pending<Q, A>> lingerForBatch() {
        lingering.incrementAndGet();
        try {
            for (int i = 0; i < LINGER_YIELDS; i++) {
                Thread.yield();
                var batch = takeBatch();
                if (!batch.isEmpty()) {
                    return batch;
                }
            }
            return List.of();
        } finally {
            lingering.decrementAndGet(); // before the caller's last look at the queue
        }
    }

    private List<Pending<Q, A>> takeBatch() {
        var batch = new ArrayList<Pending<Q, A>>();
        for (Pending<Q, A> next; batch.size() < MAX_PER_TRIP && (next = waiting.poll()) != null; ) {
            batch.add(next);
        }
        return batch;
    }

    private void send(List<Pending<Q, A>> batch) {
        List<A> answers;
        try {
            var requests = new ArrayList<Q>(batch.size());
            batch.forEach(pending -> requests.add(pending.request));
            answers = trip.send(requests);
            if (answers.size() != batch.size()) {
                throw new IllegalStateException(answers.size() + " answers to " + batch.size() + " requests");
            }
        } catch (RuntimeException | Error e) {
            batch.forEach(pending -> pending.completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(answers.get(i));
        }
    }

    /** A request and the future its caller holds. */
    private static final class Pending<Q, A> extends CompletableFuture<A> {
        final Q request;

        Pending(Q request) {
            this.request = request;
        }
    }
}
