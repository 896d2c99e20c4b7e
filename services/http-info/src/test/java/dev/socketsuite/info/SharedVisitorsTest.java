package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.nio.charset.StandardCharsets;

import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.Gapless;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** Three http-info processes on one real Redis: visitor numbers stay one sequence, or are refused. */
class SharedVisitorsTest {

    private static final Pattern VISITOR = Pattern.compile("\"visitor\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void replicasNumberVisitorsOnceAndRefuseWhileRedisIsGone() throws Exception {
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), Map.of()));
                }
                Gapless.assertExactly(1, 240, visit(replicas, 8, 30));

                redis.stop();
                var replica = replicas.getFirst();
                replica.awaitProbe("ready", 503, Duration.ofSeconds(5));
                assertEquals(200, replica.health().probe("live"), "liveness must not depend on Redis");

                var html = get(replica, "text/html");
                assertEquals(503, html.statusCode());
                assertEquals("2", html.headers().firstValue("Retry-After").orElse(null));
                assertTrue(html.body().contains("503"), html.body());
                assertTrue(!VISITOR.matcher(html.body()).find() && !html.body().contains("visitor #"), html.body());
                var json = get(replica, "application/json");
                assertEquals(503, json.statusCode());
                assertTrue(json.body().contains("\"status\":503") || json.body().contains("\"status\": 503"), json.body());
                assertEquals("2", json.headers().firstValue("Retry-After").orElse(null));
                replica.awaitErrors("state_unavailable", 2);
                for (int i = 0; i < 20; i++) {
                    assertEquals(503, get(replica, "text/html").statusCode());
                }
                long warnings = replica.process().output().stream()
                        .filter(line -> line.contains("what needs it is refused until it is back")).count();
                assertEquals(1, warnings, "an outage is logged once, not once per request");

                // A replica that starts while Redis is away still starts: live, not ready, and says why.
                var late = Replica.onRedis(Main.class.getName(), redis.url(), Map.of());
                replicas.add(late);
                assertEquals(200, late.health().probe("live"));
                late.awaitProbe("ready", 503, Duration.ofSeconds(5));
                var readiness = late.readiness();
                assertTrue(readiness.contains("redis://127.0.0.1:" + redis.port()) && readiness.contains("reason"),
                        readiness);

                Replica.awaitOutageSeenByAll(replicas);
                redis.restart();
                for (var each : replicas) {
                    each.awaitProbe("ready", 200, Duration.ofSeconds(15));
                }
                Gapless.assertExactly(241, 320, visit(replicas, 4, 20));
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /**
     * On Redis a page waits for its number on the event loop: pipelined requests still come
     * back in order, numbered in order, with a 404 among them answered in its place; a peer
     * that leaves while its number is on the way leaves nothing behind.
     */
    @Test
    void pipelinedPagesOnRedisComeBackInOrderAndAPeerMayLeaveMidWait() throws Exception {
        try (var redis = RedisServer.start();
             var replica = Replica.readyOnRedis(Main.class.getName(), redis.url(), Map.of())) {
            var requests = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                requests.append(i == 7 ? "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n" : "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            try (var socket = Wire.connect(replica.port())) {
                var responses = HttpInfoTest.exchange(socket, requests.toString(), 20, false);
                var numbers = new ArrayList<Long>();
                for (int i = 0; i < 20; i++) {
                    if (i == 7) {
                        assertEquals(404, responses.get(i).code());
                    } else {
                        assertEquals(200, responses.get(i).code());
                        numbers.add(HttpInfoTest.visitor(responses.get(i)));
                    }
                }
                assertEquals(LongStream.rangeClosed(1, 19).boxed().toList(), numbers, "numbered in the order asked");
            }
            for (int i = 0; i < 50; i++) {
                try (var socket = Wire.connect(replica.port())) {
                    socket.setSoLinger(true, 0); // a reset, at once, while the number may be on its way
                    socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            }
            try (var socket = Wire.connect(replica.port())) {
                var page = HttpInfoTest.exchange(socket, "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n", 1, false);
                assertEquals(200, page.getFirst().code(), "the replica serves on after peers left mid-wait");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (replica.health().openConnections() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(0, replica.health().openConnections(), "connections left mid-wait were not all closed");
        }
    }

    @Test
    void replicasNeverRepeatAVisitorNumberThroughASentinelFailover() throws Exception {
        try (var redis = RedisSentinels.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 2; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), redis.env()));
                }
                var result = FailoverRun.run(redis, replicas, 6, replica -> {
                    var response = get(replica, "application/json");
                    if (response.statusCode() == 503) {
                        return null;
                    }
                    assertEquals(200, response.statusCode(), response.body());
                    var matcher = VISITOR.matcher(response.body());
                    assertTrue(matcher.find(), response.body());
                    return Long.parseLong(matcher.group(1));
                });
                System.out.println("http-info through a failover: " + result);
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /** {@code clients} visitors each load the page {@code each} times, spread over the replicas. */
    private static List<Long> visit(List<Replica> replicas, int clients, int each) throws Exception {
        return Gapless.takenBy(clients, (client, taken) -> {
            for (int i = 0; i < each; i++) {
                var response = get(replicas.get((client + i) % replicas.size()), "application/json");
                assertEquals(200, response.statusCode(), response.body());
                var matcher = VISITOR.matcher(response.body());
                assertTrue(matcher.find(), response.body());
                taken.accept(Long.parseLong(matcher.group(1)));
            }
        });
    }

    private static HttpResponse<String> get(Replica replica, String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/"))
                .header("Accept", accept).timeout(Duration.ofSeconds(5)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
