package dev.socketsuite.counter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.datagram.DatagramListener;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;

/** counter-udp over real datagrams, as the origin document's udp_client.py sends them. */
class CounterUdpTest {

    private static RunningService start(Map<String, String> overrides) {
        return start("counter-udp", overrides);
    }

    private static RunningService start(String name, Map<String, String> overrides) {
        return TestServices.start(name,
                context -> DatagramListener.udp(context, new MessageCounter(context.state(), context.metrics())), overrides);
    }

    /** Sends one datagram and returns the reply, or null when none came within {@code wait}. */
    private static String send(DatagramSocket socket, int port, byte[] payload, Duration wait) throws IOException {
        socket.setSoTimeout((int) wait.toMillis());
        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
        var buffer = new byte[2048];
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
            return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    private static String send(DatagramSocket socket, int port, String text) throws IOException {
        return send(socket, port, text.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5));
    }

    @Test
    void answersEachDatagramWithTheNextNumberWhateverItsBytes() throws Exception {
        var service = start(Map.of());
        var health = new HealthClient(service.healthPort());
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            double handledBefore = health.latencyCount("datagram");
            int port = service.listenerPort();
            assertEquals("Received! Message #1", send(socket, port, "Hello from UDP client!"));
            assertEquals("Received! Message #2", send(socket, port, "Hello from UDP client!"));
            assertEquals("Received! Message #3", send(socket, port, new byte[0], Duration.ofSeconds(5)));
            assertEquals("Received! Message #4", send(socket, port, new byte[] {(byte) 0xff, (byte) 0xfe, 0}, Duration.ofSeconds(5)));
            assertEquals("Received! Message #5", send(socket, port, new byte[65_507], Duration.ofSeconds(5)));
            assertEquals(handledBefore + 5, health.awaitLatencyCount(handledBefore + 5, "datagram"), "one per datagram answered");
        } finally {
            service.shutdown();
        }
    }

    @Test
    void answersOverIpv6WhenBoundToAnIpv6Address() throws Exception {
        var service = start(Map.of("listener.host", "::1"));
        var ipv6Loopback = InetAddress.getByName("::1");
        try (var socket = new DatagramSocket(0, ipv6Loopback)) {
            socket.setSoTimeout(5000);
            var payload = "over IPv6".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(payload, payload.length, ipv6Loopback, service.listenerPort()));
            var reply = new DatagramPacket(new byte[64], 64);
            socket.receive(reply);
            assertEquals("Received! Message #1", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            assertEquals(ipv6Loopback, reply.getAddress());
        } finally {
            service.shutdown();
        }
    }

    @Test
    void concurrentSendersGetNumbersWithoutGapOrDuplicate() throws Exception {
        var service = start(Map.of("listener.rate-limit.per-second", "1000000", "listener.rate-limit.burst", "1000000"));
        int senders = 16;
        int each = 150;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<List<Long>>>();
            for (int s = 0; s < senders; s++) {
                results.add(pool.submit((Callable<List<Long>>) () -> {
                    var numbers = new ArrayList<Long>();
                    try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                        for (int i = 0; i < each; i++) {
                            var reply = send(socket, service.listenerPort(), "m" + i);
                            numbers.add(ReplyFormats.parseDatagramAck(reply).orElseThrow());
                        }
                    }
                    return numbers;
                }));
            }
            var all = new TreeSet<Long>();
            int total = 0;
            for (var result : results) {
                var numbers = result.get();
                total += numbers.size();
                all.addAll(numbers);
            }
            assertEquals(senders * each, total);
            assertEquals(total, all.size(), "a number was given twice");
            assertEquals(1L, all.first());
            assertEquals((long) total, all.last(), "a number was skipped");
        } finally {
            service.shutdown();
        }
    }

    @Test
    void aSourceOverItsRateIsDroppedAndCountedWithoutUsingNumbers() throws Exception {
        var service = start(Map.of("listener.rate-limit.per-second", "1", "listener.rate-limit.burst", "5"));
        var health = new HealthClient(service.healthPort());
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            var target = new InetSocketAddress(InetAddress.getLoopbackAddress(), service.listenerPort());
            for (int i = 0; i < 20; i++) {
                socket.send(new DatagramPacket(new byte[] {'x'}, 1, target));
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> dropped(health, "rate_limited") >= 14));
            var replies = new TreeSet<Long>();
            socket.setSoTimeout(2000);
            var buffer = new byte[256];
            try {
                while (true) {
                    var packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    replies.add(ReplyFormats.parseDatagramAck(new String(buffer, 0, packet.getLength(),
                            StandardCharsets.UTF_8)).orElseThrow());
                }
            } catch (SocketTimeoutException expected) {
                // no more replies
            }
            // Five from the burst, maybe one more refilled while sending; every drop counted.
            assertTrue(replies.size() >= 5 && replies.size() <= 6, replies.toString());
            assertEquals(20, replies.size() + dropped(health, "rate_limited"));
            assertEquals(replies.size(), (long) replies.last(), "dropped datagrams must not use numbers");
        } finally {
            service.shutdown();
        }
    }

    @Test
    void datagramsFromPrivilegedPortsGetNoReply() throws Exception {
        var service = start(Map.of());
        var health = new HealthClient(service.healthPort());
        try (var privileged = privilegedSocket(); var normal = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertNull(send(privileged, service.listenerPort(), new byte[] {'e'}, Duration.ofMillis(500)));
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> dropped(health, "privileged_source_port") >= 1));
            assertEquals("Received! Message #1", send(normal, service.listenerPort(), "after"));
        } finally {
            service.shutdown();
        }
    }

    @Test
    void healthProbesNeverMoveTheCounter() throws Exception {
        var service = start(Map.of());
        var health = new HealthClient(service.healthPort());
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertEquals("Received! Message #1", send(socket, service.listenerPort(), "one"));
            for (int i = 0; i < 5; i++) {
                for (var probe : new String[] {"live", "ready", "started"}) {
                    assertEquals(200, health.probe(probe));
                }
                health.get("/observe/health");
                health.get("/observe/metrics");
            }
            assertEquals("Received! Message #2", send(socket, service.listenerPort(), "two"));
            assertTrue(health.get("/observe/health/ready").body().contains("udp://127.0.0.1:" + service.listenerPort()));
        } finally {
            service.shutdown();
        }
    }

    /** With numbers in this process the receive blocks in the kernel; a stop must still end it. */
    @Test
    void aStopEndsTheReceiveThatWaitsForTheNextDatagram() throws Exception {
        var name = "counter-udp-stop";
        var service = start(name, Map.of("shutdown.grace", "60s"));
        try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertEquals("Received! Message #1", send(socket, service.listenerPort(), "one"));
        }
        assertTrue(receiveThreads(name) > 0, "the receive thread runs while serving");
        service.shutdown();
        assertEquals(0, receiveThreads(name), "the receive thread ended with the stop");
    }

    private static long receiveThreads(String service) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(service + "-receive") && thread.isAlive())
                .count();
    }

    @Test
    void readinessFallsAndTheProcessExitsZeroOnSigterm() throws Exception {
        try (var process = ServiceProcess.launch(Main.class.getName(), Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0"))) {
            int[] ports = process.awaitReady(Duration.ofSeconds(30));
            try (var socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                assertEquals("Received! Message #1", send(socket, ports[0], "hi"));
            }
            process.terminate();
            assertEquals(0, process.awaitExit(Duration.ofSeconds(30)), String.join("\n", process.output()));
        }
    }

    private static double dropped(HealthClient health, String reason) {
        try {
            return health.counter("socket_datagrams_dropped_total", "reason=\"" + reason + "\"");
        } catch (Exception e) {
            return -1;
        }
    }

    /** A socket on a port below 1024; needs root or CAP_NET_BIND_SERVICE, else the test is skipped. */
    private static DatagramSocket privilegedSocket() throws IOException {
        for (int port = 1023; port > 900; port--) {
            try {
                return new DatagramSocket(port, InetAddress.getLoopbackAddress());
            } catch (BindException e) {
                if (e.getMessage() != null && e.getMessage().contains("ermission")) {
                    assumeTrue(false, "cannot bind a privileged port here");
                }
            }
        }
        assumeTrue(false, "no free privileged port");
        return null;
    }
}
