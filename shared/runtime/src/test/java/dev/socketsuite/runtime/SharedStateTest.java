package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.SharedStates;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;

/** Both state backends against what a service relies on; Redis is a real server. */
class SharedStateTest {

    private static SharedState open(Map<String, String> keys) {
        return SharedStates.open(new Settings(TestServices.config(keys)), "test", new ServiceMetrics("test"));
    }

    private static SharedState redis(String url) {
        return open(Map.of("state.backend", "redis", "state.redis.url", url, "state.redis.timeout", "500ms"));
    }

    @Test
    void memoryHandsOutConsecutiveNumbersPerCounter() {
        try (var state = open(Map.of())) {
            assertEquals("memory", state.describe());
            assertEquals(1, state.next("a"));
            assertEquals(2, state.reserve("a", 5));
            assertEquals(7, state.next("a"));
            assertEquals(1, state.next("b"));
        }
    }

    @Test
    void redisNumbersAreUniqueAndGaplessAcrossClients() throws Exception {
        try (var server = RedisServer.start(); var first = redis(server.url()); var second = redis(server.url())) {
            var numbers = new ConcurrentLinkedQueue<Long>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int t = 0; t < 16; t++) {
                    var state = t % 2 == 0 ? first : second;
                    pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            if (i % 10 == 0) {
                                long start = state.reserve("n", 3);
                                numbers.add(start);
                                numbers.add(start + 1);
                                numbers.add(start + 2);
                            } else {
                                numbers.add(state.next("n"));
                            }
                        }
                        return null;
                    });
                }
            }
            var sorted = new TreeSet<>(numbers);
            assertEquals(numbers.size(), sorted.size(), "a number was handed out twice");
            assertEquals(1L, sorted.first());
            assertEquals((long) numbers.size(), sorted.last(), "numbers have a gap");
        }
    }

    @Test
    void unreachableAtStartThenUpWhenTheServerComes() throws Exception {
        var server = RedisServer.start();
        server.stop();
        try (var state = redis(server.url())) {
            assertFalse(state.status().available());
            assertTrue(state.status().reason().contains("unreachable"), state.status().reason());
            assertThrows(StateUnavailableException.class, () -> state.next("n"));
            server.restart();
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> state.status().available()));
            assertEquals(1, state.next("n"));
        } finally {
            server.close();
        }
    }

    @Test
    void lostAtRuntimeRefusesThenResumesWhereItWas() throws Exception {
        try (var server = RedisServer.start(); var state = redis(server.url())) {
            assertEquals(1, state.next("n"));
            assertEquals(2, state.next("n"));
            server.stop();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> !state.status().available()),
                    "the outage was not noticed");
            assertThrows(StateUnavailableException.class, () -> state.next("n"));
            server.restart();
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> state.status().available()),
                    "the backend did not come back");
            assertEquals(3, state.next("n"));
        }
    }

    @Test
    void aServerThatLostItsDataNeverMakesThisReplicaRepeatANumber() throws Exception {
        try (var server = RedisServer.start(); var state = redis(server.url())) {
            assertEquals(1, state.reserve("n", 5));
            command(server.port(), "FLUSHALL");
            assertEquals(6, state.next("n"));
        }
    }

    @Test
    void badBackendOrUrlStopsStartupNamingTheKey() {
        var backend = assertThrows(StartupException.class, () -> open(Map.of("state.backend", "etcd")));
        assertTrue(backend.getMessage().contains("STATE_BACKEND"), backend.getMessage());
        var url = assertThrows(StartupException.class,
                () -> open(Map.of("state.backend", "redis", "state.redis.url", "http://example")));
        assertTrue(url.getMessage().contains("STATE_REDIS_URL"), url.getMessage());
    }

    private static void command(int port, String command) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(socket.getInputStream().read() > 0);
        }
    }
}
