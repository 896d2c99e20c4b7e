package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedLog;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.SharedStates;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;

/** The log and the leased names replicas share, on a real Redis. */
class SharedLogAndNamesTest {

    private static SharedState redis(String url) {
        return SharedStates.open(new Settings(TestServices.config(Map.of("state.backend", "redis",
                "state.redis.url", url, "state.redis.timeout", "1s"))), "test", new ServiceMetrics("test"));
    }

    @Test
    void memoryHasNoLogOrNames() {
        try (var state = SharedStates.open(new Settings(TestServices.config(Map.of())), "test", new ServiceMetrics("t"))) {
            assertNull(state.log("room", 100));
            assertNull(state.names("nicks", Duration.ofSeconds(1)));
        }
    }

    @Test
    void everyReaderSeesOneOrderAndABlockedReadWakesOnAppend() throws Exception {
        try (var server = RedisServer.start(); var first = redis(server.url()); var second = redis(server.url())) {
            var writer = first.log("room", 1000);
            var reader = second.log("room", 1000);
            var offsets = new java.util.ArrayList<Long>();
            for (var text : List.of("a", "b", "c")) {
                offsets.add(writer.append(Map.of("text", text)));
            }
            assertEquals(List.of(1L, 2L, 3L), offsets, "offsets go up by one from 1");
            var all = reader.readAfter("0-0", Duration.ZERO, 10);
            assertEquals(List.of("a", "b", "c"), all.stream().map(e -> e.fields().get("text")).toList());
            assertEquals(offsets, all.stream().map(SharedLog.Entry::offset).toList());
            assertEquals(List.of("c"), reader.since(2).stream().map(e -> e.fields().get("text")).toList());
            assertEquals(List.of("a", "b", "c"), reader.since(0).stream().map(e -> e.fields().get("text")).toList());
            var lastId = all.getLast().id();
            assertEquals(List.of("b", "c"), reader.last(2).stream().map(e -> e.fields().get("text")).toList());

            long begin = System.nanoTime();
            assertTrue(reader.readAfter(lastId, Duration.ofMillis(200), 10).isEmpty());
            assertTrue(System.nanoTime() - begin >= Duration.ofMillis(150).toNanos(), "the read did not wait");

            var waiting = CompletableFuture.supplyAsync(() -> reader.readAfter(lastId, Duration.ofMillis(450), 10));
            Thread.sleep(100);
            assertEquals(4, writer.append(Map.of("text", "d")));
            var next = waiting.get();
            assertEquals(1, next.size(), "the blocked read missed the new entry");
            assertEquals(4, next.getFirst().offset());
            assertEquals(Map.of("text", "d"), next.getFirst().fields());
            assertTrue(reader.readAfter(SharedLog.NEWEST, Duration.ofMillis(50), 10).isEmpty());

            // A read the server holds (up to 500 ms here) holds its own connection only: the same state's appends go at once.
            var held = CompletableFuture.supplyAsync(() -> reader.readAfter(next.getFirst().id(), Duration.ofMillis(900), 10));
            Thread.sleep(100);
            begin = System.nanoTime();
            assertEquals(5, second.log("room", 1000).append(Map.of("text", "e")));
            assertTrue(System.nanoTime() - begin < Duration.ofMillis(250).toNanos(), "an append waited behind a blocked read");
            assertEquals(List.of("e"), held.get().stream().map(e -> e.fields().get("text")).toList());
        }
    }

    /**
     * Appends that arrive together share a trip and still take consecutive offsets, each its
     * own, in the stream's order, each with its own fields however many it has.
     */
    @Test
    void concurrentAppendsTakeEveryOffsetOnceAndTheServerForgettingTheScriptIsNoOutage() throws Exception {
        try (var server = RedisServer.start(); var state = redis(server.url())) {
            var log = state.log("room", 10_000);
            var offsets = dev.socketsuite.runtime.testing.Gapless.takenBy(16, (thread, taken) -> {
                for (int i = 0; i < 70; i++) {
                    taken.accept(log.append(fieldsOf(thread + ":" + i)));
                }
            });
            dev.socketsuite.runtime.testing.Gapless.assertExactly(1, 1120, offsets);
            var since = log.since(0); // more than one page back
            assertEquals(1120, since.size());
            for (int i = 0; i < since.size(); i++) {
                assertEquals(i + 1, since.get(i).offset(), "the stream's order is the offsets' order");
                var fields = since.get(i).fields();
                assertEquals(fieldsOf(fields.get("text")), fields);
            }
            assertEquals(120, log.since(1000).size());
            try (var jedis = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
                jedis.scriptFlush();
            }
            assertEquals(1121, log.append(Map.of("text", "after the flush")));
            assertTrue(state.status().available(), "a forgotten script is no outage: " + state.status().reason());
        }
    }

    /** One field for even threads' entries, three for odd threads' (as a chat join and a message differ). */
    private static Map<String, String> fieldsOf(String text) {
        int thread = Integer.parseInt(text.substring(0, text.indexOf(':')));
        return thread % 2 == 0 ? Map.of("text", text) : Map.of("text", text, "nick", "n" + thread, "origin", "");
    }

    /** A server that lost its data starts its offsets again past what this replica saw. */
    @Test
    void offsetsNeverGoBackAfterTheServerLosesItsData() throws Exception {
        try (var server = RedisServer.start(); var state = redis(server.url())) {
            var log = state.log("room", 1000);
            for (int i = 0; i < 5; i++) {
                log.append(Map.of("text", "before"));
            }
            try (var jedis = new redis.clients.jedis.Jedis("127.0.0.1", server.port())) {
                jedis.flushAll();
            }
            assertEquals(6, log.append(Map.of("text", "after")));
        }
    }

    @Test
    void aNameHasOneHolderAcrossReplicasUntilReleasedOrItsLeaseRunsOut() throws Exception {
        try (var server = RedisServer.start(); var first = redis(server.url()); var second = redis(server.url())) {
            var mine = first.names("nicks", Duration.ofSeconds(1));
            var theirs = second.names("nicks", Duration.ofSeconds(1));
            assertTrue(mine.claim("alice", "replica-1/7"));
            assertFalse(theirs.claim("ALICE", "replica-2/3"), "a name differing only in case is the same name");
            assertTrue(mine.claim("Alice", "replica-1/7"), "the holder may re-spell its own name");
            assertEquals(List.of("Alice"), theirs.list());

            theirs.release("alice", "replica-2/3");
            assertEquals(List.of("Alice"), theirs.list(), "only the holder releases");
            mine.release("alice", "replica-1/7");
            assertTrue(theirs.claim("alice", "replica-2/3"));

            assertTrue(mine.claim("bob", "replica-1/8"));
            Thread.sleep(600);
            assertEquals(List.of(), mine.renew(List.of("bob"), "replica-1/8"));
            Thread.sleep(600);
            assertFalse(theirs.claim("bob", "replica-2/4"), "a renewed lease ran out");
            Thread.sleep(1100); // the holder died: nobody renews
            assertTrue(theirs.claim("bob", "replica-2/4"), "a dead holder's name was not freed");
            assertEquals(List.of("bob"), mine.renew(List.of("bob"), "replica-1/8"));

            server.stop();
            assertThrows(StateUnavailableException.class, () -> mine.claim("carol", "replica-1/9"));
        }
    }
}
