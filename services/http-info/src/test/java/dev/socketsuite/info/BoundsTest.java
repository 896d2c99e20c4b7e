package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;

import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each bound crossed on a real socket: the right status, then the connection closes. */
class BoundsTest {

    private static RunningService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestServices.start("http-info", InfoService::listener, Map.of(
                "http.max-request-line", "256",
                "http.max-header-bytes", "1024",
                "http.max-headers", "10",
                "http.max-body", "1000",
                "http.request-timeout", "1s",
                "listener.max-connections", "600"));
        port = service.listenerPort();
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    /** Sends {@code request}, reads one response, and checks the server then closes. */
    private static HttpResponse refusedWith(int code, String request) throws Exception {
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            var response = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT).readResponse(false);
            assertEquals(code, response.code(), response.bodyText());
            assertEquals("close", response.headers().first("Connection").orElseThrow());
            assertEquals(-1, socket.getInputStream().read(), "the connection stayed open");
            return response;
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "request line too long|414",
        "header section too large|431",
        "too many header fields|431",
        "body too large|413",
        "chunked body too large|413",
        "garbage|400",
        "length and chunked|400",
        "unknown transfer coding|501",
        "HTTP/2 request line|505",
    })
    void eachBoundHasItsStatus(String name, int code) throws Exception {
        var request = switch (name) {
            case "request line too long" -> "GET /" + "a".repeat(300) + " HTTP/1.1\r\n\r\n";
            case "header section too large" -> "GET / HTTP/1.1\r\nX-Big: " + "b".repeat(1100) + "\r\n\r\n";
            case "too many header fields" -> "GET / HTTP/1.1\r\n" + "X-N: 1\r\n".repeat(11) + "\r\n";
            case "body too large" -> "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n" + "x".repeat(1001);
            case "chunked body too large" -> "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3e9\r\n" + "x".repeat(1001) + "\r\n0\r\n\r\n";
            case "garbage" -> "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u01fc\u0003\u0003\r\n\r\n";
            case "length and chunked" -> "POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "0\r\n\r\n";
            case "unknown transfer coding" -> "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n";
            default -> "GET / HTTP/2.0\r\n\r\n";
        };
        var response = refusedWith(code, request);
        assertEquals("text/html; charset=utf-8", response.headers().first("Content-Type").orElseThrow());
        assertTrue(response.bodyText().contains("<h1>" + code + " "), response.bodyText());
    }

    @Test
    void aHeaderSectionThatNeverEndsGets408() throws Exception {
        var response = refusedWith(408, "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        assertTrue(response.bodyText().contains("408 Request Timeout"));
    }

    @Test
    void hundredsOfSlowClientsDoNotStarveAFastOne() throws Exception {
        var health = new HealthClient(service.healthPort());
        var slow = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 300; i++) {
                var socket = Wire.connect(port);
                socket.getOutputStream().write("GET / HTTP/1.1\r\nX-Drip: ".getBytes(StandardCharsets.ISO_8859_1));
                slow.add(socket);
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> health.openConnections() >= 300));
            // A normal client is served while all 300 are stuck mid-header.
            try (var fast = Wire.connect(port)) {
                fast.getOutputStream().write("GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
                var response = new HttpReader(fast.getInputStream(), HttpLimits.DEFAULT).readResponse(false);
                assertEquals(200, response.code());
            }
            // And every slow one is timed out with a 408, not left holding its slot.
            int timedOut = 0;
            for (var socket : slow) {
                var response = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT).readResponse(false);
                timedOut += response.code() == 408 ? 1 : 0;
            }
            assertEquals(slow.size(), timedOut);
            assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> health.openConnections() == 0));
        } finally {
            for (var socket : slow) {
                socket.close();
            }
        }
    }
}
