package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.Replica;
import org.junit.jupiter.api.Test;

/** Two chat replicas on a primary with replicas and sentinels, talking through a SIGKILL of the primary. */
class SentinelRoomTest {

    private static final String ACK = "Received your message!";
    private static final String DOUBT = "error: your message may not have reached the room";

    @Test
    void membersTalkAcrossReplicasThroughAFailoverAndNoAcknowledgedLineIsLost() throws Exception {
        try (var redis = RedisSentinels.start()) {
            var env = new HashMap<>(redis.env());
            env.put("CHAT_NICK_LEASE", "2s");
            try (var one = Replica.readyOnRedis(Main.class.getName(), redis.url(), env);
                 var two = Replica.readyOnRedis(Main.class.getName(), redis.url(), env);
                 var alice = named(one.port(), "alice"); var bob = named(two.port(), "bob");
                 var carol = named(one.port(), "carol"); var dave = named(two.port(), "dave")) {
                var stop = new AtomicBoolean();
                try (var threads = Executors.newVirtualThreadPerTaskExecutor();
                     var logs = new OutputOnFailure(one, two)) {
                    var aliceSaid = threads.submit(talk(alice, "a", stop));
                    var bobSaid = threads.submit(talk(bob, "b", stop));
                    var carolHeard = threads.submit(listen(carol));
                    var daveHeard = threads.submit(listen(dave));

                    Thread.sleep(1000); // talk on the first primary
                    int old = redis.killPrimary();
                    redis.awaitFailoverFrom(old, Duration.ofSeconds(30));
                    // With a 1 s down-after the sentinels may switch twice; wait for Redis to heal.
                    redis.awaitHealed(Duration.ofSeconds(60));
                    one.awaitProbe("ready", 200, FailoverRun.AFTER_HEAL);
                    two.awaitProbe("ready", 200, FailoverRun.AFTER_HEAL);
                    Thread.sleep(1000); // talk on the healed primary
                    stop.set(true);

                    var acknowledged = new ArrayList<String>();
                    acknowledged.addAll(aliceSaid.get());
                    acknowledged.addAll(bobSaid.get());
                    // With a 1 s down-after, a busy machine can see the sentinels switch once more after
                    // Redis looked healed (the new primary then has no replica yet, and readiness is down).
                    redis.awaitHealed(Duration.ofSeconds(60));
                    one.awaitProbe("ready", 200, FailoverRun.AFTER_HEAL);
                    two.awaitProbe("ready", 200, FailoverRun.AFTER_HEAL);
                    // Ready means lines are taken: each is acknowledged at once, not after retries.
                    sayUntilAcknowledged(alice, "done");
                    sayUntilAcknowledged(bob, "done");
                    var heardOnOne = carolHeard.get();
                    var heardOnTwo = daveHeard.get();

                    for (var heard : List.of(heardOnOne, heardOnTwo)) {
                        assertTrue(heard.containsAll(acknowledged), "an acknowledged line never arrived");
                        for (var line : heard) {
                            assertTrue(line.matches("\\[alice] a-\\d+|\\[bob] b-\\d+"), "a line nobody sent: " + line);
                        }
                    }
                    assertEquals(common(heardOnOne, heardOnTwo), common(heardOnTwo, heardOnOne),
                            "the replicas relayed the room in different orders");
                    System.out.printf("chat through a failover: %d lines acknowledged, %d and %d relayed on the replicas%n",
                            acknowledged.size(), heardOnOne.size(), heardOnTwo.size());
                    assertTrue(acknowledged.stream().anyMatch(line -> line.startsWith("[alice]"))
                            && acknowledged.stream().anyMatch(line -> line.startsWith("[bob]")), "nobody got through");
                    logs.passed();
                }
            }
        }
    }

    /**
     * A line the primary took while too few replicas held it is in the room (the log shows it),
     * but its author is told it may not have reached it, and never gets an acknowledgement:
     * a failover could still lose it.
     */
    @Test
    void aLineTooFewReplicasHoldIsNeverAcknowledged() throws Exception {
        try (var redis = RedisSentinels.start()) {
            var env = new HashMap<>(redis.env());
            env.put("STATE_REDIS_MIN_REPLICAS", "2");
            try (var one = Replica.readyOnRedis(Main.class.getName(), redis.url(), env);
                 var alice = named(one.port(), "alice"); var carol = named(one.port(), "carol")) {
                var replica = redis.aReplica();
                replica.pause(); // the primary still counts it online: only the write's own WAIT finds it gone
                try {
                    alice.send("unsure\n");
                    assertEquals(DOUBT + ": the room is unavailable: messages are not delivered until it is back",
                            nextAnswer(alice), "a line one replica of the two needed holds");
                    carol.awaitLine("[alice] unsure");
                } finally {
                    replica.resume();
                }
                one.awaitProbe("ready", 200, Duration.ofSeconds(20));
                sayUntilAcknowledged(alice, "sure");
                carol.awaitLine("[alice] sure");
            }
        }
    }

    /** The answer to a line: its acknowledgement or the doubt; relayed lines and the room's notices are skipped. */
    private static String nextAnswer(ChatClient member) throws IOException {
        String line;
        while (!(line = member.line()).equals(ACK) && !line.startsWith(DOUBT)) {
            // not an answer
        }
        return line;
    }

    /** Says {@code text} until it is acknowledged, for at most {@link FailoverRun#AFTER_HEAL}. */
    private static void sayUntilAcknowledged(ChatClient member, String text) throws Exception {
        long end = System.nanoTime() + FailoverRun.AFTER_HEAL.toNanos();
        while (System.nanoTime() - end < 0) {
            member.send(text + "\n");
            if (nextAnswer(member).equals(ACK)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(text + " was not acknowledged within " + FailoverRun.AFTER_HEAL);
    }

    /** Sends numbered lines one at a time until told to stop; returns those acknowledged, as others see them. */
    private static Callable<List<String>> talk(ChatClient member, String prefix, AtomicBoolean stop) {
        return () -> {
            var nick = prefix.equals("a") ? "alice" : "bob";
            var acknowledged = new ArrayList<String>();
            for (int i = 0; !stop.get(); i++) {
                member.send(prefix + "-" + i + "\n");
                if (nextAnswer(member).equals(ACK)) {
                    acknowledged.add("[" + nick + "] " + prefix + "-" + i);
                } else {
                    Thread.sleep(20);
                }
            }
            return acknowledged;
        };
    }

    /** Every relayed line a member sees until both talkers said they are done. */
    private static Callable<List<String>> listen(ChatClient member) {
        return () -> {
            var heard = new ArrayList<String>();
            boolean aliceDone = false;
            boolean bobDone = false;
            while (!(aliceDone && bobDone)) {
                var line = member.line();
                if (line == null) {
                    throw new AssertionError("the listener was disconnected");
                }
                if (line.equals("[alice] done")) {
                    aliceDone = true;
                } else if (line.equals("[bob] done")) {
                    bobDone = true;
                } else if (line.startsWith("[")) {
                    heard.add(line);
                }
            }
            return heard;
        };
    }

    /** The lines of {@code order} that {@code other} has too, in {@code order}'s order. */
    private static List<String> common(List<String> order, List<String> other) {
        Set<String> in = new LinkedHashSet<>(other);
        return order.stream().filter(in::contains).toList();
    }

    /** Prints what both replicas logged unless told the test passed: a failover's story is in them. */
    private static final class OutputOnFailure implements AutoCloseable {
        private final Replica[] replicas;
        private boolean passed;

        OutputOnFailure(Replica... replicas) {
            this.replicas = replicas;
        }

        void passed() {
            passed = true;
        }

        @Override
        public void close() {
            if (!passed) {
                for (var replica : replicas) {
                    System.out.println("replica on port " + replica.port() + " logged:\n"
                            + String.join("\n", replica.process().output()));
                }
            }
        }
    }

    private static ChatClient named(int port, String nick) throws IOException {
        var member = ChatClient.joined(port);
        member.send("/nick " + nick + "\n");
        String line;
        while (!(line = member.line()).endsWith(" is now " + nick)) {
            // the room's notices before our own
        }
        return member;
    }
}
