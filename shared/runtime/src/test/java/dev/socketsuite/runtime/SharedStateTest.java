package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;
import dev.socketsuite.runtime.state.SharedStates;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.testing.Gapless;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            var numbers = Gapless.takenBy(16, (thread, taken) -> {
                var state = thread % 2 == 0 ? first : second;
                for (int i = 0; i < 200; i++) {
                    if (i % 10 == 0) {
                        long start = state.reserve("n", 3);
                        taken.accept(start);
                        taken.accept(start + 1);
                        taken.accept(start + 2);
                    } else {
                        taken.accept(state.next("n"));
                    }
                }
            });
            // 16 threads x (180 single numbers + 20 reservations of 3): every task must have finished.
            Gapless.assertExactly(1, 16 * (180 + 20 * 3), numbers);
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
            // Many callers at once leave several idle connections in the pool, all dead after the outage.
            Gapless.assertExactly(1, 64, nextFromMany(state, 16, 4));
            server.stop();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> !state.status().available()),
                    "the outage was not noticed");
            assertThrows(StateUnavailableException.class, () -> state.next("n"));
            server.restart();
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> state.status().available()),
                    "the backend did not come back");
            Gapless.assertExactly(65, 128, nextFromMany(state, 16, 4));
        }
    }

    /**
     * A restart quicker than the watcher's check leaves readiness UP and every pooled
     * connection dead. The first request used to fail on one of them and be refused; it is
     * retried on a fresh connection instead, so a request made while ready succeeds.
     */
    @Test
    void theFirstRequestAfterARestartSucceeds() throws Exception {
        try (var server = RedisServer.start(); var state = redis(server.url())) {
            Gapless.assertExactly(1, 64, nextFromMany(state, 16, 4));
            server.stop();
            server.restart();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> state.status().available()),
                    "not ready again after the restart: " + state.status().reason());
            assertEquals(65, state.next("n"), "the first number after the restart");
        }
    }

    /** {@code threads} callers each take {@code each} numbers at once; any failure fails the test. */
    private static List<Long> nextFromMany(SharedState state, int threads, int each) throws Exception {
        return Gapless.takenBy(threads, (thread, taken) -> {
            for (int i = 0; i < each; i++) {
                taken.accept(state.next("n"));
            }
        });
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
    void aPasswordComesFromItsOwnKeyOrTheUrlAndIsNeverShown() throws Exception {
        try (var server = RedisServer.start("s3cret-pw")) {
            try (var state = redis(server.url())) {
                assertFalse(state.status().available(), "a server that requires a password answered without one");
                assertTrue(state.status().reason().contains("NOAUTH"), state.status().reason());
            }
            try (var state = open(Map.of("state.backend", "redis", "state.redis.url", server.url(),
                    "state.redis.password", "not-the-pw-42"))) {
                assertFalse(state.status().available());
                assertFalse(state.status().reason().contains("not-the-pw-42"), state.status().reason());
            }
            try (var state = open(Map.of("state.backend", "redis", "state.redis.url", server.url(),
                    "state.redis.password", "s3cret-pw"))) {
                assertTrue(state.status().available(), state.status().reason());
                assertEquals(1, state.next("n"));
                assertFalse(state.describe().contains("s3cret"), state.describe());
            }
            var withPassword = "redis://:s3cret-pw@127.0.0.1:" + server.port() + "/0";
            try (var state = redis(withPassword)) {
                assertTrue(state.status().available(), state.status().reason());
                assertEquals(2, state.next("n"));
                assertFalse(state.describe().contains("s3cret"), state.describe());
            }
        }
    }

    /**
     * rediss://: numbers and log appends go over the loops' TLS connections, log reads over the
     * client library's, both trusting the authority named by state.redis.tls.ca-file; a server
     * that authority did not sign serves nothing, and a file with no authority stops startup.
     */
    @Test
    void redissTrustsTheNamedAuthorityAndNoOther(@TempDir Path dir) throws Exception {
        var certificates = TestCertificates.create(dir);
        try (var server = RedisServer.startTls(certificates)) {
            try (var state = rediss(server, certificates.caCertificate())) {
                var numbers = Gapless.takenBy(8, (thread, taken) -> {
                    for (int i = 0; i < 100; i++) {
                        taken.accept(state.next("tls"));
                    }
                });
                Gapless.assertExactly(1, 800, numbers);
                var log = state.log("room", 100);
                long first = log.append(Map.of("text", "a"));
                assertEquals(first + 1, log.append(Map.of("text", "b")));
                assertEquals(List.of("a", "b"), log.last(2).stream().map(entry -> entry.fields().get("text")).toList());
            }
            try (var state = rediss(server, certificates.strangerCertificate())) {
                assertThrows(StateUnavailableException.class, () -> state.next("tls"));
                assertFalse(state.status().available(), state.status().reason());
            }
            var noAuthority = Files.writeString(dir.resolve("empty.pem"), "");
            var startup = assertThrows(StartupException.class, () -> rediss(server, noAuthority));
            assertTrue(startup.getMessage().contains("STATE_REDIS_TLS_CA_FILE"), startup.getMessage());
        }
    }

    private static SharedState rediss(RedisServer server, Path ca) {
        return open(Map.of("state.backend", "redis", "state.redis.url", server.tlsUrl(), "state.redis.timeout", "500ms",
                "state.redis.tls.ca-file", ca.toString()));
    }

    @Test
    void badBackendOrUrlStopsStartupNamingTheKey() {
        var backend = assertThrows(StartupException.class, () -> open(Map.of("state.backend", "etcd")));
        assertTrue(backend.getMessage().contains("STATE_BACKEND"), backend.getMessage());
        var url = assertThrows(StartupException.class,
                () -> open(Map.of("state.backend", "redis", "state.redis.url", "http://example")));
        assertTrue(url.getMessage().contains("STATE_REDIS_URL"), url.getMessage());
        for (var sentinels : List.of("127.0.0.1", "127.0.0.1:0", "a:26379,b:x", ":26379")) {
            var bad = assertThrows(StartupException.class, () -> open(Map.of("state.backend", "redis",
                    "state.redis.sentinels", sentinels)), sentinels);
            assertTrue(bad.getMessage().contains("STATE_REDIS_SENTINELS"), bad.getMessage());
        }
        var replicas = assertThrows(StartupException.class, () -> open(Map.of("state.backend", "redis",
                "state.redis.min-replicas", "-1")));
        assertTrue(replicas.getMessage().contains("STATE_REDIS_MIN_REPLICAS"), replicas.getMessage());
        var master = assertThrows(StartupException.class, () -> open(Map.of("state.backend", "redis",
                "state.redis.sentinels", "127.0.0.1:26379", "state.redis.master-name", " ")));
        assertTrue(master.getMessage().contains("STATE_REDIS_MASTER_NAME"), master.getMessage());
    }

    private static void command(int port, String command) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(socket.getInputStream().read() > 0);
        }
    }
}
