package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** Crossing each bound: the peer over the limit is refused, everyone else is untouched. */
class LimitsTest {

    @Test
    void connectionsOverTheLimitAreRefusedCountedAndOthersKeepWorking() throws Exception {
        var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("listener.max-connections", "3"));
        var health = new HealthClient(service.healthPort());
        var held = new ArrayList<Socket>();
        try {
            double rejectedBefore = health.counter("socket_connections_rejected_total", "service=\"echo-tcp\"");
            for (int i = 0; i < 3; i++) {
                var socket = Wire.connect(service.listenerPort());
                held.add(socket);
                assertEcho(socket, "held " + i);
            }
            for (int i = 0; i < 2; i++) {
                try (var extra = Wire.connect(service.listenerPort())) {
                    extra.getOutputStream().write("over the limit".getBytes(StandardCharsets.UTF_8));
                    assertTrue(Wire.closedByServer(extra), "the extra connection was served");
                }
            }
            for (int i = 0; i < 3; i++) {
                assertEcho(held.get(i), "still served " + i);
            }
            assertEquals(rejectedBefore + 2,
                    health.awaitCounter(rejectedBefore + 2, "socket_connections_rejected_total", "service=\"echo-tcp\""));

            held.removeFirst().close();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 2));
            try (var next = Wire.connect(service.listenerPort())) {
                assertEcho(next, "a freed slot is usable");
            }
        } finally {
            for (var socket : held) {
                socket.close();
            }
            service.shutdown();
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheTimeoutWhileABusyOneStays() throws Exception {
        var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("listener.idle-timeout", "1s"));
        var health = new HealthClient(service.healthPort());
        try (var idle = Wire.connect(service.listenerPort()); var busy = Wire.connect(service.listenerPort())) {
            double timeoutsBefore = health.counter("socket_errors_total", "kind=\"idle_timeout\"");
            long start = System.nanoTime();
            // The busy connection talks every 100 ms, well inside the timeout even on a loaded machine.
            for (int i = 0; i < 15; i++) {
                assertEcho(busy, "tick " + i);
                Thread.sleep(100);
            }
            assertTrue(Wire.closedByServer(idle), "idle connection left open");
            assertTrue(System.nanoTime() - start >= Duration.ofSeconds(1).toNanos(), "closed before its timeout");
            assertEcho(busy, "busy connection still open");
            assertTrue(health.counter("socket_errors_total", "kind=\"idle_timeout\"") >= timeoutsBefore + 1);
        } finally {
            service.shutdown();
        }
    }

    @Test
    void oneAddressCannotTakeEverySlot() throws Exception {
        var service = TestServices.start("echo-tcp", EchoService::listener,
                Map.of("listener.max-connections", "10", "listener.max-connections-per-address", "2"));
        var health = new HealthClient(service.healthPort());
        var held = new ArrayList<Socket>();
        try {
            double rejectedBefore = health.counter("socket_connections_rejected_total", "service=\"echo-tcp\"");
            for (int i = 0; i < 2; i++) {
                held.add(connectFrom("127.0.0.1", service.listenerPort()));
                assertEcho(held.getLast(), "first address " + i);
            }
            try (var extra = connectFrom("127.0.0.1", service.listenerPort())) {
                extra.getOutputStream().write("a third from the same address".getBytes(StandardCharsets.UTF_8));
                assertTrue(Wire.closedByServer(extra), "a third connection from one address was served");
            }
            assertTrue(health.awaitCounter(rejectedBefore + 1, "socket_connections_rejected_total", "service=\"echo-tcp\"")
                    >= rejectedBefore + 1);
            // Another address (Linux routes all of 127/8 to loopback) has its own two slots.
            for (int i = 0; i < 2; i++) {
                held.add(connectFrom("127.0.0.2", service.listenerPort()));
                assertEcho(held.getLast(), "second address " + i);
            }
            assertEcho(held.getFirst(), "the first address keeps what it has");

            held.removeFirst().close();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 3));
            try (var next = connectFrom("127.0.0.1", service.listenerPort())) {
                assertEcho(next, "a freed slot is usable again");
            }
        } finally {
            for (var socket : held) {
                socket.close();
            }
            service.shutdown();
        }
    }

    private static Socket connectFrom(String source, int port) throws Exception {
        var socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void assertEcho(Socket socket, String text) throws Exception {
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        assertArrayEquals(bytes, socket.getInputStream().readNBytes(bytes.length));
    }
}
