package dev.socketsuite.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.socketsuite.runtime.testing.FailoverRun;
import dev.socketsuite.runtime.testing.Gapless;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.RedisSentinels;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import dev.socketsuite.runtime.testing.TcpProxy;
import org.junit.jupiter.api.Test;

/** Three counter-udp processes sharing one real Redis: one sequence, whatever happens to a part. */
class SharedCounterTest {

    private static final Map<String, String> NO_RATE_LIMIT = Map.of(
            "LISTENER_RATE_LIMIT_PER_SECOND", "1000000", "LISTENER_RATE_LIMIT_BURST", "1000000");

    @Test
    void replicasShareOneGaplessSequenceThroughAKillAndARedisOutage() throws Exception {
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), NO_RATE_LIMIT));
                }
                var numbers = sendFromMany(replicas, 6, 150);
                Gapless.assertExactly(1, 900, numbers);

                // One replica dies without a word: the others carry on, no number repeats.
                replicas.removeFirst().close();
                Gapless.assertExactly(901, 1200, sendFromMany(replicas, 4, 75));

                redis.stop();
                for (var replica : replicas) {
                    replica.awaitProbe("ready", 503, Duration.ofSeconds(5));
                    assertEquals(200, replica.health().probe("live"), "liveness must not depend on Redis");
                }
                try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    assertNull(send(socket, replicas.getFirst().port(), Duration.ofMillis(500)),
                            "a reply without Redis would carry an invented number");
                }
                assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> dropped(replicas.getFirst()) >= 1),
                        "the refused datagram was not counted as state_unavailable");

                redis.restart();
                for (var replica : replicas) {
                    replica.awaitProbe("ready", 200, Duration.ofSeconds(15));
                }
                Gapless.assertExactly(1201, 1400, sendFromMany(replicas, 4, 50));
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /**
     * A restart between two of the replicas' checks left readiness UP and every pooled
     * connection dead, so the first datagram after it got no reply. It must get its number.
     */
    @Test
    void theFirstDatagramAfterAQuickRedisRestartIsAnswered() throws Exception {
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), NO_RATE_LIMIT));
                }
                Gapless.assertExactly(1, 600, sendFromMany(replicas, 6, 100));
                redis.stop();
                redis.restart();
                for (var replica : replicas) {
                    replica.awaitProbe("ready", 200, Duration.ofSeconds(15));
                }
                try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    assertEquals("Received! Message #601", send(socket, replicas.getFirst().port(), Duration.ofSeconds(5)));
                }
                assertEquals(0, dropped(replicas.getFirst()), "a datagram was refused while the replica was ready");
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    @Test
    void replicasNeverRepeatANumberThroughASentinelFailover() throws Exception {
        try (var redis = RedisSentinels.start()) {
            var env = new HashMap<>(NO_RATE_LIMIT);
            env.putAll(redis.env());
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                }
                var result = FailoverRun.run(redis, replicas, 6, replica -> {
                    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                        var reply = send(socket, replica.port(), Duration.ofMillis(500));
                        return reply == null ? null : Long.parseLong(reply.substring("Received! Message #".length()));
                    }
                });
                System.out.println("counter-udp through a failover: " + result);
                double dropped = replicas.stream().mapToDouble(SharedCounterTest::dropped).sum();
                assertTrue(result.refused() == 0 || dropped > 0, "datagrams went unanswered but none was counted");
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /** One replica cut off from Redis goes not ready by itself; the others keep numbering; it comes back when the path heals. */
    @Test
    void aReplicaPartitionedFromRedisAloneGoesNotReadyAndComesBack() throws Exception {
        try (var redis = RedisServer.start(); var path = TcpProxy.to(redis.port())) {
            var env = new HashMap<>(NO_RATE_LIMIT);
            env.put("STATE_REDIS_TIMEOUT", "1s"); // the default: what "not ready within 2 s" rests on
            var replicas = new ArrayList<Replica>();
            try {
                var cutOff = Replica.readyOnRedis(Main.class.getName(), "redis://127.0.0.1:" + path.port() + "/0", env);
                replicas.add(cutOff);
                replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                Gapless.assertExactly(1, 300, sendFromMany(replicas, 3, 100));

                path.cut();
                long cutAt = System.nanoTime();
                cutOff.awaitProbe("ready", 503, Duration.ofSeconds(5));
                System.out.printf("partition: the cut-off replica went not ready %d ms after the cut%n",
                        (System.nanoTime() - cutAt) / 1_000_000);
                var others = replicas.subList(1, 3);
                for (var other : others) {
                    assertEquals(200, other.health().probe("ready"), "a replica that still reaches Redis went not ready");
                }
                Gapless.assertExactly(301, 400, sendFromMany(others, 2, 50));

                path.heal();
                cutOff.awaitProbe("ready", 200, Duration.ofSeconds(15));
                Gapless.assertExactly(401, 490, sendFromMany(replicas, 3, 30));
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /** {@code senders} sockets each send {@code each} datagrams, spread over the replicas, one at a time. */
    /**
     * On Redis a batch takes its numbers in a round trip. A stop in the middle of a burst
     * still sends every number that was taken: the count Redis holds is the count of replies
     * that arrived (the socket once closed under the batch being answered).
     */
    @Test
    void aStopMidBurstSendsEveryNumberThatWasTaken() throws Exception {
        try (var redis = RedisServer.start();
             var replica = Replica.readyOnRedis(Main.class.getName(), redis.url(), NO_RATE_LIMIT);
             var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setReceiveBufferSize(1 << 20);
            socket.setSoTimeout(2000);
            var replies = new java.util.concurrent.atomic.AtomicInteger();
            var receiver = Thread.ofPlatform().start(() -> {
                var packet = new DatagramPacket(new byte[256], 256);
                try {
                    while (true) {
                        socket.receive(packet);
                        replies.incrementAndGet();
                    }
                } catch (IOException end) {
                    // two quiet seconds: the service has stopped
                }
            });
            var target = new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), replica.port());
            for (int i = 0; i < 2000; i++) {
                socket.send(new DatagramPacket(new byte[] {'x'}, 1, target));
                if (i == 1000) {
                    replica.process().terminate();
                }
            }
            assertEquals(0, replica.process().awaitExit(Duration.ofSeconds(15)), "a clean drain ends with 0");
            receiver.join();
            try (var jedis = new redis.clients.jedis.Jedis(InetAddress.getLoopbackAddress().getHostAddress(), redis.port())) {
                long taken = Long.parseLong(jedis.get("socket-suite:counter-udp:messages"));
                assertTrue(taken > 0, "the burst before the stop took no number");
                assertEquals(taken, replies.get(), "numbers taken but never sent");
            }
        }
    }

    private static List<Long> sendFromMany(List<Replica> replicas, int senders, int each) throws Exception {
        return Gapless.takenBy(senders, (sender, taken) -> {
            try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                for (int i = 0; i < each; i++) {
                    var replica = replicas.get((sender + i) % replicas.size());
                    var reply = send(socket, replica.port(), Duration.ofSeconds(5));
                    assertNotNull(reply, "no reply from a replica");
                    taken.accept(Long.parseLong(reply.substring("Received! Message #".length())));
                }
            }
        });
    }

    private static String send(DatagramSocket socket, int port, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        var payload = "count me".getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
        var buffer = new byte[256];
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static double dropped(Replica replica) {
        try {
            return replica.health().counter("socket_datagrams_dropped_total", "reason=\"state_unavailable\"");
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
