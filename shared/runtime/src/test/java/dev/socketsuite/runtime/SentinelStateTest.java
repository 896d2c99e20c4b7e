package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.SharedStates;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;

/** The shared state on a primary with two replicas and three sentinels, all real processes. */
class SentinelStateTest {

    private static SharedState open(RedisSentinels redis, Map<String, String> more) {
        var keys = new HashMap<>(Map.of("state.backend", "redis", "state.redis.url", redis.url(),
                "state.redis.sentinels", redis.sentinels(), "state.redis.timeout", "1s"));
        keys.putAll(more);
        return SharedStates.open(new Settings(TestServices.config(keys)), "test", new ServiceMetrics("sentinel-test"));
    }

    @Test
    void numbersNeverRepeatAcrossAFailoverAndCountingResumesOnTheNewPrimary() throws Exception {
        try (var redis = RedisSentinels.start(); var first = open(redis, Map.of()); var second = open(redis, Map.of())) {
            assertTrue(first.describe().contains("sentinel mymaster"), first.describe());
            Set<Long> taken = ConcurrentHashMap.newKeySet();
            var duplicates = new AtomicInteger();
            var refused = new AtomicInteger();
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var takers = new java.util.ArrayList<Thread>();
            for (int i = 0; i < 4; i++) {
                var state = i % 2 == 0 ? first : second;
                takers.add(Thread.ofVirtual().start(() -> {
                    while (!stop.get()) {
                        try {
                            if (!taken.add(state.next("n"))) {
                                duplicates.incrementAndGet();
                            }
                        } catch (StateUnavailableException e) {
                            refused.incrementAndGet();
                            sleepQuietly();
                        }
                    }
                }));
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> taken.size() >= 500), "no numbers before the kill");
            int old = redis.killPrimary();
            long killedAt = System.nanoTime();
            redis.awaitFailoverFrom(old, Duration.ofSeconds(30));
            redis.awaitHealed(Duration.ofSeconds(60));
            assertTrue(HealthClient.await(FailoverRun.AFTER_HEAL,
                    () -> first.status().available() && second.status().available()),
                    "not ready on the new primary: " + first.status().reason() + " / " + second.status().reason());
            long readyAfterMillis = (System.nanoTime() - killedAt) / 1_000_000;
            int before = taken.size();
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> taken.size() >= before + 500),
                    "counting did not resume on the new primary");
            stop.set(true);
            for (var taker : takers) {
                taker.join();
            }
            assertEquals(0, duplicates.get(), "a number was handed out twice");
            long highest = taken.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("failover: ready again %d ms after the kill; %d numbers, %d gaps, %d refusals%n",
                    readyAfterMillis, taken.size(), highest - taken.size(), refused.get());
        }
    }

    /**
     * The sentinels may come to name another primary without a {@code +switch-master} message
     * ever reaching a client (two failovers in a row whose messages arrive out of order, a
     * subscription that was down, a reconfiguration by hand). The state asks them on every
     * check, so it follows within seconds, and numbers are handed out there, none twice.
     */
    @Test
    void aPrimaryTheSentinelsNameWithoutAnnouncingItIsFollowed() throws Exception {
        try (var redis = RedisSentinels.start(); var state = open(redis, Map.of())) {
            long before = state.next("n");
            var replica = redis.aReplica();
            redis.moveWithoutAnnouncing(replica);
            long movedAt = System.nanoTime();
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> {
                try {
                    return state.next("n") > before;
                } catch (StateUnavailableException notYet) {
                    return false;
                }
            }), "numbers not handed out on the primary the sentinels name: " + state.status().reason());
            assertTrue(state.status().available(), state.status().reason());
            System.out.printf("sentinels re-pointed without a message: numbers again %d ms later%n",
                    (System.nanoTime() - movedAt) / 1_000_000);
        }
    }

    /** Pods of one release start together: sentinels not answering yet leave the state not ready, not the service dead. */
    @Test
    void sentinelsThatDoNotAnswerYetLeaveTheStateNotReady() throws Exception {
        int nobody;
        try (var probe = new java.net.ServerSocket(0)) {
            nobody = probe.getLocalPort();
        }
        var keys = Map.of("state.backend", "redis", "state.redis.url", "redis://127.0.0.1:6379/0",
                "state.redis.sentinels", "127.0.0.1:" + nobody, "state.redis.timeout", "1s");
        try (var state = SharedStates.open(new Settings(TestServices.config(keys)), "test", new ServiceMetrics("sentinel-test"))) {
            assertFalse(state.status().available());
            assertTrue(state.status().reason().contains("no sentinel"), state.status().reason());
            assertThrows(StateUnavailableException.class, () -> state.next("n"));
        }
    }

    @Test
    void aPrimaryWithoutTheReplicasItNeedsIsNotReadyAndHandsOutNothing() throws Exception {
        try (var redis = RedisSentinels.start(); var state = open(redis, Map.of("state.redis.min-replicas", "3"))) {
            assertFalse(state.status().available(), "ready with 2 of the 3 replicas needed");
            assertTrue(state.status().reason().contains("2 of the 3"), state.status().reason());
            assertThrows(StateUnavailableException.class, () -> state.next("n"));
        }
    }

    /**
     * A replica that hangs still looks online to the primary for a while, so the check passes;
     * the write's own WAIT then sees it unacknowledged, and the number is refused, not given.
     */
    @Test
    void aNumberTooFewReplicasAcknowledgedIsRefusedThenCountingGoesOn() throws Exception {
        try (var redis = RedisSentinels.start(); var state = open(redis, Map.of("state.redis.min-replicas", "2"))) {
            assertTrue(state.status().available(), state.status().reason());
            assertEquals(1, state.next("n"));
            var replica = redis.aReplica();
            replica.pause();
            try {
                var refused = assertThrows(StateUnavailableException.class, () -> state.next("n"));
                assertTrue(refused.getMessage().contains("1 of the 2 replicas"), refused.getMessage());
            } finally {
                replica.resume();
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> {
                try {
                    return state.next("n") > 2;
                } catch (StateUnavailableException notYet) {
                    return false;
                }
            }), "counting did not go on once the replica was back");
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
