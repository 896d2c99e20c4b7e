package dev.socketsuite.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.socketsuite.runtime.testing.Gapless;
import org.junit.jupiter.api.Test;

/**
 * Group commit: concurrent callers share round trips, several trips may be in flight, no
 * caller waits for a trip it is not in, and every number still goes to exactly one caller.
 */
class GroupCommitTest {

    /** A slow backend, as a network round trip is: counts trips and hands out numbers. */
    private static final class SlowCounter implements GroupCommit.Trip<Integer, Long> {
        final AtomicLong last = new AtomicLong();
        final AtomicInteger trips = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger mostInFlight = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public List<Long> send(List<Integer> counts) {
            trips.incrementAndGet();
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight.decrementAndGet();
            }
            if (failing.get()) {
                throw new StateUnavailableException("backend down");
            }
            int total = counts.stream().mapToInt(Integer::intValue).sum();
            long first = last.addAndGet(total) - total + 1;
            var firsts = new ArrayList<Long>();
            for (int count : counts) {
                firsts.add(first);
                first += count;
            }
            return firsts;
        }
    }

    @Test
    void concurrentCallersShareRoundTripsAndEachNumberGoesToOneOfThem() throws Exception {
        var backend = new SlowCounter();
        var commit = new GroupCommit<>("test", 2, backend);
        var numbers = Gapless.takenBy(64, (thread, taken) -> {
            for (int i = 0; i < 50; i++) {
                int count = i % 10 == 0 ? 3 : 1;
                long first = GroupCommit.await(commit.submit(count));
                for (int n = 0; n < count; n++) {
                    taken.accept(first + n);
                }
            }
        });
        Gapless.assertExactly(1, 64 * (45 + 5 * 3), numbers);
        assertTrue(backend.trips.get() < 64 * 50 / 4, "requests were not coalesced: " + backend.trips.get() + " trips");
        assertTrue(backend.mostInFlight.get() <= 2, "more trips in flight than allowed: " + backend.mostInFlight.get());
    }

    /**
     * Requests that come now and then, against trips that come back at once: senders keep
     * finishing, lingering and parking while requests arrive, and none is left waiting.
     */
    @Test
    void aRequestArrivingWhileTheSendersLingerOrParkIsNeverLeftWaiting() throws Exception {
        var last = new AtomicLong();
        var commit = new GroupCommit<Integer, Long>("test", 2, counts -> counts.stream()
                .map(count -> last.addAndGet(count) - count + 1).toList());
        var numbers = Gapless.takenBy(8, (thread, taken) -> {
            var random = ThreadLocalRandom.current();
            for (int i = 0; i < 2000; i++) {
                LockSupport.parkNanos(random.nextLong(50_000));
                taken.accept(commit.submit(1).orTimeout(5, TimeUnit.SECONDS).join());
            }
        });
        Gapless.assertExactly(1, 8 * 2000, numbers);
    }

    @Test
    void aLoneCallerPaysOneRoundTripEach() {
        var backend = new SlowCounter();
        var commit = new GroupCommit<>("test", 2, backend);
        assertEquals(1, GroupCommit.await(commit.submit(1)));
        assertEquals(2, GroupCommit.await(commit.submit(5)));
        assertEquals(7, GroupCommit.await(commit.submit(1)));
        assertEquals(3, backend.trips.get());
    }

    /**
     * The next batch goes out while the first trip is still in flight; once every allowed
     * trip is out, later requests gather and go together, answered in the order they came.
     */
    @Test
    void theNextTripLeavesBeforeTheLastReplyAndLaterRequestsGather() throws Exception {
        var trips = new CopyOnWriteArrayList<List<String>>();
        var release = new Semaphore(0);
        var started = new Semaphore(0);
        var commit = new GroupCommit<String, String>("test", 2, batch -> {
            trips.add(batch);
            started.release();
            release.acquireUninterruptibly();
            return batch.stream().map(request -> request + "!").toList();
        });
        var first = commit.submit("a");
        assertTrue(started.tryAcquire(5, TimeUnit.SECONDS));
        var second = commit.submit("b");
        assertTrue(started.tryAcquire(5, TimeUnit.SECONDS), "the second trip waited for the first reply");
        var later = List.of(commit.submit("c"), commit.submit("d"), commit.submit("e"));
        assertFalse(first.isDone() || second.isDone(), "a caller waited for its reply in submit");
        assertFalse(started.tryAcquire(100, TimeUnit.MILLISECONDS), "a third trip went out beside two in flight");

        release.release(1); // one of the two trips in flight comes back; the rest gather into the next
        assertTrue(started.tryAcquire(5, TimeUnit.SECONDS));
        release.release(2);
        assertEquals(List.of("c!", "d!", "e!"), later.stream().map(GroupCommit::await).toList());
        assertEquals("a!", GroupCommit.await(first));
        assertEquals("b!", GroupCommit.await(second));
        assertEquals(List.of(List.of("a"), List.of("b"), List.of("c", "d", "e")), trips);
    }

    @Test
    void aFailedTripFailsItsCallersAndTheNextTripServesTheRest() throws Exception {
        var backend = new SlowCounter();
        var commit = new GroupCommit<>("test", 2, backend);
        backend.failing.set(true);
        var failures = new AtomicInteger();
        Gapless.takenBy(16, (thread, taken) -> {
            for (int i = 0; i < 10; i++) {
                assertThrows(StateUnavailableException.class, () -> GroupCommit.await(commit.submit(1)));
                failures.incrementAndGet();
            }
        });
        assertEquals(160, failures.get(), "every caller hears of the failure, none hangs");
        backend.failing.set(false);
        var numbers = Gapless.takenBy(16, (thread, taken) -> {
            for (int i = 0; i < 10; i++) {
                taken.accept(GroupCommit.await(commit.submit(1)));
            }
        });
        Gapless.assertExactly(1, 160, numbers);
    }

    @Test
    void aTripThatAnswersTheWrongNumberOfRequestsFailsThemAll() {
        var commit = new GroupCommit<String, String>("test", 1, batch -> List.of());
        CompletableFuture<String> answer = commit.submit("a");
        var failure = assertThrows(CompletionException.class, answer::join);
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    @Test
    void closedItTakesNoMoreRequestsFinishesItsTripAndLeavesNoSender() throws Exception {
        var entered = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var commit = new GroupCommit<String, String>("closing", 1, batch -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return batch;
        });
        var inFlight = commit.submit("in flight");
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        commit.close();
        var late = commit.submit("late");
        assertInstanceOf(StateUnavailableException.class, assertThrows(CompletionException.class, late::join).getCause());
        release.countDown();
        assertEquals("in flight", inFlight.get(10, TimeUnit.SECONDS), "a trip under way finishes");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (senders("closing") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, senders("closing"), "a sender outlived the close");
    }

    private static long senders(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(name + "-trip-")).count();
    }
}
