package dev.socketsuite.runtime.state;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for one counter: callers that ask at the same time share one round trip.
 * One caller at a time leads: it takes every request waiting, reserves their sum in one
 * step and hands the numbers out in the order the requests arrived. While its round trip
 * is in flight new requests gather for the next one, so under load a round trip carries
 * many requests, and alone a request pays just one. Once its own request is served the
 * leader passes the lead to the oldest waiting request, so no caller serves others forever.
 */
final class CoalescingCounter {

    /** One round trip: reserves {@code count} numbers, returns the first. */
    @FunctionalInterface
    interface Reservation {
        long reserve(int count);
    }

    /** Keeps one round trip's reply small when a burst arrives. */
    private static final int MAX_PER_TRIP = 4096;

    private final Reservation reservation;
    private final ConcurrentLinkedQueue<Request> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();

    CoalescingCounter(Reservation reservation) {
        this.reservation = reservation;
    }

    /** Reserves {@code count} consecutive numbers, sharing the round trip with concurrent callers. */
    long reserve(int count) {
        var request = new Request(count);
        waiting.add(request);
        if (leading.compareAndSet(false, true)) {
            lead(request);
        }
        boolean interrupted = false;
        while (!request.answered()) {
            if (request.takeLead()) {
                lead(request);
            } else {
                LockSupport.park(this);
                // The numbers may already be on their way: wait for them, keep the interrupt for later.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (request.failure != null) {
            throw request.failure;
        }
        return request.first;
    }

    /** Serves round trips until {@code own} is answered, then passes the lead on or lets it go. */
    private void lead(Request own) {
        while (!own.answered()) {
            serveWaiting();
        }
        while (true) {
            var next = waiting.peek();
            if (next != null) {
                next.giveLead(); // still leading: the lead passes to next with the flag
                return;
            }
            leading.set(false);
            // A request added between peek and release saw the lead taken: take it back for it.
            if (waiting.isEmpty() || !leading.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void serveWaiting() {
        var batch = new ArrayList<Request>();
        int total = 0;
        for (Request next; total < MAX_PER_TRIP && (next = waiting.poll()) != null; ) {
            batch.add(next);
            total += next.count;
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            long first = reservation.reserve(total);
            for (var request : batch) {
                request.answer(first, null);
                first += request.count;
            }
        } catch (RuntimeException e) {
            batch.forEach(request -> request.answer(0, e));
        }
    }

    /** One caller's request; its thread parks until it is answered or handed the lead. */
    private static final class Request {
        final int count;
        final Thread caller = Thread.currentThread();
        volatile long first;
        volatile RuntimeException failure;
        volatile boolean answered;
        volatile boolean lead;

        Request(int count) {
            this.count = count;
        }

        boolean answered() {
            return answered;
        }

        void answer(long first, RuntimeException failure) {
            this.first = first;
            this.failure = failure;
            this.answered = true;
            LockSupport.unpark(caller);
        }

        void giveLead() {
            lead = true;
            LockSupport.unpark(caller);
        }

        boolean takeLead() {
            if (lead) {
                lead = false;
                return true;
            }
            return false;
        }
    }
}
