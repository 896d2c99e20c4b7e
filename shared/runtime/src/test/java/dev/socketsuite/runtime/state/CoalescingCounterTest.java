package dev.socketsuite.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.runtime.testing.Gapless;
import org.junit.jupiter.api.Test;

/** Group commit: concurrent callers share round trips, and every number still goes to one caller. */
class CoalescingCounterTest {

    /** A slow backend, as a network round trip is: counts trips and hands out numbers. */
    private static final class SlowBackend implements CoalescingCounter.Reservation {
        final AtomicLong last = new AtomicLong();
        final AtomicInteger trips = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        @Override
        public long reserve(int count) {
            trips.incrementAndGet();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failing.get()) {
                throw new StateUnavailableException("backend down");
            }
            return last.addAndGet(count) - count + 1;
        }
    }

    @Test
    void concurrentCallersShareRoundTripsAndEachNumberGoesToOneOfThem() throws Exception {
        var backend = new SlowBackend();
        var counter = new CoalescingCounter(backend);
        var numbers = Gapless.takenBy(64, (thread, taken) -> {
            for (int i = 0; i < 50; i++) {
                if (i % 10 == 0) {
                    long first = counter.reserve(3);
                    taken.accept(first);
                    taken.accept(first + 1);
                    taken.accept(first + 2);
                } else {
                    taken.accept(counter.reserve(1));
                }
            }
        });
        Gapless.assertExactly(1, 64 * (45 + 5 * 3), numbers);
        assertTrue(backend.trips.get() < 64 * 50 / 4, "requests were not coalesced: " + backend.trips.get() + " trips");
    }

    @Test
    void aLoneCallerPaysOneRoundTrip() {
        var backend = new SlowBackend();
        var counter = new CoalescingCounter(backend);
        assertEquals(1, counter.reserve(1));
        assertEquals(2, counter.reserve(5));
        assertEquals(7, counter.reserve(1));
        assertEquals(3, backend.trips.get());
    }

    @Test
    void aFailedTripFailsItsCallersAndTheNextTripServesTheRest() throws Exception {
        var backend = new SlowBackend();
        var counter = new CoalescingCounter(backend);
        backend.failing.set(true);
        var failures = new AtomicInteger();
        Gapless.takenBy(16, (thread, taken) -> {
            for (int i = 0; i < 10; i++) {
                assertThrows(StateUnavailableException.class, () -> counter.reserve(1));
                failures.incrementAndGet();
            }
        });
        assertEquals(160, failures.get(), "every caller hears of the failure, none hangs");
        backend.failing.set(false);
        var numbers = Gapless.takenBy(16, (thread, taken) -> {
            for (int i = 0; i < 10; i++) {
                taken.accept(counter.reserve(1));
            }
        });
        Gapless.assertExactly(1, 160, numbers);
    }


}
