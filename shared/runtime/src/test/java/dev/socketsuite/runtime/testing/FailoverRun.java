package dev.socketsuite.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replicas of a numbering service on Sentinel, under concurrent load while the primary is
 * killed with SIGKILL: no number may be handed out twice over the whole run, and within
 * {@link #AFTER_HEAL} of Redis having a primary with its replicas again (however many
 * switches the sentinels made), requests are answered and every replica is ready.
 */
public final class FailoverRun {

    /** One request to one replica: the number it was given, or null when it was refused. */
    @FunctionalInterface
    public interface Take {
        Long from(Replica replica) throws Exception;
    }

    /** What the run saw, for the test's report. */
    public record Result(int numbers, long gaps, int refused, long healedAfterMillis, long readyAfterMillis,
                         long refusingMillis) {
        @Override
        public String toString() {
            return numbers + " numbers, " + gaps + " gaps, " + refused + " refused over " + refusingMillis
                    + " ms, Redis healed " + healedAfterMillis + " ms and every replica ready and answering "
                    + readyAfterMillis + " ms after the kill";
        }
    }

    /** How soon after Redis healed requests must be answered again, and readiness be back. */
    public static final Duration AFTER_HEAL = Duration.ofSeconds(5);

    private FailoverRun() {
    }

    /** Runs {@code clients} loops of {@code take} over {@code replicas}, kills the primary mid-run, and checks the above. */
    public static Result run(RedisSentinels redis, List<Replica> replicas, int clients, Take take) throws Exception {
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        var duplicates = new ConcurrentHashMap<Long, Boolean>();
        var refused = new AtomicInteger();
        var firstRefusal = new AtomicLong();
        var lastRefusal = new AtomicLong();
        var failures = new ConcurrentHashMap<String, Boolean>();
        var stop = new AtomicBoolean();
        var loops = new ArrayList<Thread>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            loops.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; !stop.get(); i++) {
                    try {
                        var number = take.from(replicas.get((client + i) % replicas.size()));
                        if (number == null) {
                            long now = System.nanoTime();
                            firstRefusal.compareAndSet(0, now);
                            lastRefusal.set(now);
                            refused.incrementAndGet();
                            Thread.sleep(10);
                        } else if (!taken.add(number)) {
                            duplicates.put(number, true);
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        failures.put(e.toString(), true);
                    }
                }
            }));
        }
        try {
            assertTrue(HealthClient.await(Duration.ofSeconds(20), () -> taken.size() >= 300),
                    "too few numbers before the kill: " + taken.size());
            int old = redis.killPrimary();
            long killedAt = System.nanoTime();
            redis.awaitFailoverFrom(old, Duration.ofSeconds(30));
            // Sentinels with a 1 s down-after may switch twice; the run lasts until Redis healed.
            redis.awaitHealed(Duration.ofSeconds(60));
            long healedAt = System.nanoTime();
            int atHeal = taken.size();
            // Within seconds of the heal, requests are answered and every replica says it is ready.
            if (!HealthClient.await(AFTER_HEAL, () -> taken.size() > atHeal)) {
                throw new AssertionError("nothing was answered within " + AFTER_HEAL + " of Redis healing; failures "
                        + failures.keySet() + "; readiness now " + readiness(replicas) + "; replica output "
                        + replicas.stream().map(r -> String.join("\n", r.process().output())).toList());
            }
            for (var replica : replicas) {
                replica.awaitProbe("ready", 200, AFTER_HEAL);
            }
            long readyAfter = (System.nanoTime() - killedAt) / 1_000_000;
            long healedAfter = (healedAt - killedAt) / 1_000_000;
            int before = taken.size();
            int refusedBefore = refused.get();
            // And after readiness returned, requests go on being answered, not just the probe.
            if (!HealthClient.await(Duration.ofSeconds(20), () -> taken.size() >= before + 300)) {
                throw new AssertionError("counting did not resume on the new primary: " + (taken.size() - before)
                        + " numbers and " + (refused.get() - refusedBefore) + " refusals in 20 s after every replica was"
                        + " ready; failures " + failures.keySet() + "; readiness now " + readiness(replicas)
                        + "; replica output " + replicas.stream().map(r -> String.join("\n", r.process().output())).toList());
            }
            stop.set(true);
            for (var loop : loops) {
                loop.join(Duration.ofSeconds(20));
            }
            assertEquals(Set.of(), duplicates.keySet(), "numbers handed out twice");
            assertEquals(Set.of(), failures.keySet(), "requests that failed other than by a refusal");
            long highest = taken.stream().mapToLong(Long::longValue).max().orElseThrow();
            long lowest = taken.stream().mapToLong(Long::longValue).min().orElseThrow();
            long refusing = firstRefusal.get() == 0 ? 0 : (lastRefusal.get() - firstRefusal.get()) / 1_000_000;
            return new Result(taken.size(), highest - lowest + 1 - taken.size(), refused.get(), healedAfter, readyAfter,
                    refusing);
        } finally {
            stop.set(true);
            loops.forEach(Thread::interrupt);
        }
    }

    private static List<String> readiness(List<Replica> replicas) {
        var bodies = new ArrayList<String>();
        for (var replica : replicas) {
            try {
                bodies.add(replica.readiness());
            } catch (IOException e) {
                bodies.add("unreadable: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                bodies.add("interrupted");
            }
        }
        return bodies;
    }
}
