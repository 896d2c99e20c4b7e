package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.Gapless;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** Two echo-tcp processes in counter mode on one real Redis: one connection sequence. */
class SharedCounterModeTest {

    private static final String GREETING = "Hello! You are connection #";
    private static final Map<String, String> COUNTER_MODE = Map.of("ECHO_MODE", "counter");

    @Test
    void replicasNumberConnectionsOnceAndStaySilentWhileRedisIsGone() throws Exception {
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 2; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), COUNTER_MODE));
                }
                Gapless.assertExactly(1, 200, connect(replicas, 4, 50));

                redis.stop();
                var replica = replicas.getFirst();
                replica.awaitProbe("ready", 503, Duration.ofSeconds(5));
                assertEquals(200, replica.health().probe("live"), "liveness must not depend on Redis");
                assertEquals("", Wire.exchange(replica.port(), "hello"),
                        "a reply without Redis would carry an invented number");
                replica.awaitErrors("state_unavailable", 1);

                Replica.awaitOutageSeenByAll(replicas);
                redis.restart();
                for (var each : replicas) {
                    each.awaitProbe("ready", 200, Duration.ofSeconds(15));
                }
                Gapless.assertExactly(201, 240, connect(replicas, 2, 20));
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    @Test
    void replicasNeverRepeatANumberThroughASentinelFailover() throws Exception {
        try (var redis = RedisSentinels.start()) {
            var env = new HashMap<>(COUNTER_MODE);
            env.putAll(redis.env());
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 2; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                }
                var result = FailoverRun.run(redis, replicas, 4, replica -> {
                    var reply = Wire.exchange(replica.port(), "hello");
                    return reply.startsWith(GREETING) ? Long.parseLong(reply.substring(GREETING.length()).strip()) : null;
                });
                System.out.println("echo-tcp counter mode through a failover: " + result);
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /** {@code clients} peers each open {@code each} connections in turn, spread over the replicas. */
    private static List<Long> connect(List<Replica> replicas, int clients, int each) throws Exception {
        return Gapless.takenBy(clients, (client, taken) -> {
            for (int i = 0; i < each; i++) {
                var reply = Wire.exchange(replicas.get((client + i) % replicas.size()).port(), "hello");
                assertTrue(reply.startsWith(GREETING), reply);
                taken.accept(Long.parseLong(reply.substring(GREETING.length()).strip()));
            }
        });
    }
}
