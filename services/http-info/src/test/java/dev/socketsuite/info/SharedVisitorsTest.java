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

import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.Gapless;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
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
