package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ProxyHeaders;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** echo-tcp behind a proxy: {@code listener.proxy-protocol=true} as a load balancer sends the header. */
class ProxyProtocolTest {

    private RunningService service;
    private HealthClient health;

    @BeforeEach
    void start() {
        start(Map.of());
    }

    private void start(Map<String, String> extra) {
        if (service != null) {
            service.shutdown();
        }
        var config = new HashMap<>(Map.of("listener.proxy-protocol", "true", "listener.idle-timeout", "1s"));
        config.putAll(extra);
        service = TestServices.start("echo-tcp", EchoService::listener, config);
        health = new HealthClient(service.healthPort());
    }

    @AfterEach
    void stop() {
        service.shutdown();
        service = null;
    }

    @Test
    void thePayloadAfterAnyValidHeaderIsEchoedIntactAndTheHeaderIsNot() throws Exception {
        var headers = new byte[][] {
            ProxyHeaders.v1("203.0.113.7", 40001, "10.0.0.1", 8080),
            ProxyHeaders.v1("2001:db8::7", 40002, "2001:db8::1", 8080),
            ProxyHeaders.v2("198.51.100.9", 40003, "10.0.0.1", 8080),
            ProxyHeaders.v2("2001:db8::9", 40004, "2001:db8::1", 8080),
            ProxyHeaders.v2Local(),
            "PROXY UNKNOWN\r\n".getBytes(StandardCharsets.US_ASCII)};
        for (var header : headers) {
            try (var socket = Wire.connect(service.listenerPort())) {
                // Header and payload in one write: the bytes read past the header must reach the handler.
                socket.getOutputStream().write(ProxyHeaders.before(header, "hello behind a proxy"));
                assertEquals("hello behind a proxy", read(socket, 20));
                socket.getOutputStream().write("and then more".getBytes(StandardCharsets.UTF_8));
                assertEquals("and then more", read(socket, 13));
            }
        }
    }

    @Test
    void aConnectionWithoutAValidHeaderIsClosedCountedAndOthersAreUntouched() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"proxy_header\"");
        try (var good = Wire.connect(service.listenerPort())) {
            good.getOutputStream().write(ProxyHeaders.before(ProxyHeaders.v1("203.0.113.1", 1, "10.0.0.1", 2), "ok"));
            assertEquals("ok", read(good, 2));
            var refused = new String[] {
                "hello, no header\n",
                "PROXY TCP4 203.0.113.1 10.0.0.1 1\r\n",
                "PROXY TCP4 999.0.113.1 10.0.0.1 1 2\r\n",
                "PROXY UNKNOWN " + "x".repeat(120)};
            for (var start : refused) {
                try (var socket = Wire.connect(service.listenerPort())) {
                    socket.getOutputStream().write(start.getBytes(StandardCharsets.US_ASCII));
                    assertTrue(Wire.closedByServer(socket), "served without a valid header: " + start);
                }
            }
            assertTrue(health.awaitCounter(before + refused.length, "socket_errors_total", "kind=\"proxy_header\"")
                    >= before + refused.length);
            good.getOutputStream().write("still".getBytes(StandardCharsets.UTF_8));
            assertEquals("still", read(good, 5));
        }
    }

    @Test
    void aHeaderTricklingInSlowerThanTheIdleTimeoutIsCutOff() throws Exception {
        double before = health.counter("socket_errors_total", "kind=\"proxy_header_timeout\"");
        try (var socket = Wire.connect(service.listenerPort())) {
            var header = ProxyHeaders.v1("203.0.113.1", 1, "10.0.0.1", 2);
            long start = System.nanoTime();
            boolean closed = false;
            // One byte every 200 ms keeps the connection active, but the header as a whole must arrive in 1 s.
            for (int i = 0; i < header.length && !closed; i++) {
                try {
                    socket.getOutputStream().write(header[i]);
                    Thread.sleep(200);
                } catch (IOException e) {
                    closed = true;
                }
            }
            assertTrue(closed || Wire.closedByServer(socket), "the trickle was allowed to finish");
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(header.length / 5).toNanos());
        }
        assertTrue(health.awaitCounter(before + 1, "socket_errors_total", "kind=\"proxy_header_timeout\"") >= before + 1);
    }

    @Test
    void theLimitPerAddressCountsTheClientsTheHeadersName() throws Exception {
        start(Map.of("listener.max-connections-per-address", "1"));
        var held = new ArrayList<Socket>();
        try {
            // Every connection comes from the proxy's one address; the limit of one applies per client.
            for (var client : new String[] {"203.0.113.1", "203.0.113.2", "2001:db8::3"}) {
                var socket = Wire.connect(service.listenerPort());
                held.add(socket);
                var server = client.contains(":") ? "2001:db8::1" : "10.0.0.1";
                socket.getOutputStream().write(ProxyHeaders.before(ProxyHeaders.v2(client, 5000, server, 8080), "hi"));
                assertEquals("hi", read(socket, 2), client);
            }
            double rejectedBefore = health.counter("socket_connections_rejected_total", "service=\"echo-tcp\"");
            try (var second = Wire.connect(service.listenerPort())) {
                second.getOutputStream().write(ProxyHeaders.before(ProxyHeaders.v1("203.0.113.2", 5001, "10.0.0.1", 8080), "hi"));
                assertTrue(Wire.closedByServer(second), "a second connection of 203.0.113.2 was served");
            }
            assertTrue(health.awaitCounter(rejectedBefore + 1, "socket_connections_rejected_total", "service=\"echo-tcp\"")
                    >= rejectedBefore + 1);
            held.get(1).close();
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 2));
            try (var again = Wire.connect(service.listenerPort())) {
                again.getOutputStream().write(ProxyHeaders.before(ProxyHeaders.v1("203.0.113.2", 5002, "10.0.0.1", 8080), "back"));
                assertEquals("back", read(again, 4));
            }
        } finally {
            for (var socket : held) {
                socket.close();
            }
        }
    }

    private static String read(Socket socket, int length) throws IOException {
        var bytes = socket.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
