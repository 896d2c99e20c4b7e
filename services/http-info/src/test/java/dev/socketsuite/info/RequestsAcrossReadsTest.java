package dev.socketsuite.info;

import static dev.socketsuite.info.HttpInfoTest.visitor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One connection whose requests are answered both at once, as they arrive whole, and by the
 * connection's own thread, once one is split over reads, refused or ends the connection:
 * the order, the visitor numbers, the request timer and the closes hold across that move.
 */
class RequestsAcrossReadsTest {

    /** Long enough for the server to read what came before on its own. */
    private static final Duration PAUSE = Duration.ofMillis(200);

    private static RunningService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestServices.start("http-info-reads", InfoService::listener, Map.of(
                "http.request-timeout", "1s",
                "listener.idle-timeout", "3s"));
        port = service.listenerPort();
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    private static void send(OutputStream out, String bytes) throws IOException {
        out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Test
    void aRequestSplitOverReadsIsAnsweredInOrderAfterTheWholeOnesBeforeIt() throws Exception {
        try (var socket = Wire.connect(port)) {
            var out = socket.getOutputStream();
            var split = get("/hello");
            send(out, get("/") + get("/about") + split.substring(0, 12));
            Thread.sleep(PAUSE);
            send(out, split.substring(12) + get("/"));
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            var first = reader.readResponse(false);
            assertTrue(first.bodyText().contains("<p><strong>Path:</strong> /</p>"), first.bodyText());
            for (var path : new String[] {"/about", "/hello", "/"}) {
                var next = reader.readResponse(false);
                assertEquals(200, next.code());
                assertTrue(next.bodyText().contains("<p><strong>Path:</strong> " + path + "</p>"), next.bodyText());
                assertEquals(visitor(first) + 1, visitor(next), "visitors number in the order requests came");
                first = next;
            }
            // Still a keep-alive connection, now on its own thread.
            send(out, get("/hello"));
            assertEquals(visitor(first) + 1, visitor(reader.readResponse(false)));
        }
    }

    @Test
    void morePipelinedRequestsInOneReadThanTheLoopAnswersAreAllAnsweredInOrder() throws Exception {
        try (var socket = Wire.connect(port)) {
            var out = socket.getOutputStream();
            send(out, get("/hello").repeat(100));
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            long previous = visitor(reader.readResponse(false));
            for (int i = 1; i < 100; i++) {
                long next = visitor(reader.readResponse(false));
                assertEquals(previous + 1, next, "response " + i);
                previous = next;
            }
            send(out, get("/"));
            assertEquals(previous + 1, visitor(reader.readResponse(false)));
        }
    }

    @Test
    void aRequestThatStallsAfterOthersWereAnsweredAtOnceStillTimesOut() throws Exception {
        try (var socket = Wire.connect(port)) {
            var out = socket.getOutputStream();
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            send(out, get("/"));
            assertEquals(200, reader.readResponse(false).code());
            send(out, "GET /hello HTTP/1.1\r\nHost");
            var timeout = reader.readResponse(false);
            assertEquals(408, timeout.code(), timeout.bodyText());
            assertEquals("close", timeout.headers().first("Connection").orElseThrow());
            assertTrue(Wire.closedByServer(socket));
        }
    }

    @Test
    void aBadRequestAfterGoodOnesInTheSameReadIsRefusedAfterTheirAnswers() throws Exception {
        try (var socket = Wire.connect(port)) {
            send(socket.getOutputStream(), get("/") + get("/hello") + "NOT HTTP\r\n\r\n");
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            assertEquals(200, reader.readResponse(false).code());
            assertEquals(200, reader.readResponse(false).code());
            var refused = reader.readResponse(false);
            assertEquals(400, refused.code(), refused.bodyText());
            assertTrue(Wire.closedByServer(socket));
        }
    }

    @Test
    void aRequestAskingToCloseIsAnsweredLastAndTheConnectionCloses() throws Exception {
        try (var socket = Wire.connect(port)) {
            send(socket.getOutputStream(), get("/") + "GET /hello HTTP/1.1\r\nConnection: close\r\n\r\n" + get("/about"));
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            assertEquals(200, reader.readResponse(false).code());
            var last = reader.readResponse(false);
            assertTrue(last.bodyText().contains("<p><strong>Path:</strong> /hello</p>"), last.bodyText());
            assertEquals("close", last.headers().first("Connection").orElseThrow());
            assertTrue(Wire.closedByServer(socket), "the request after the closing one was answered");
        }
    }

    @Test
    void aPeerThatPipelinesWithoutReadingIsNoLongerReadUntilItReads() throws Exception {
        int requests = 20_000;
        // 20 MB of requests: more than the socket buffers on both sides hold, so the writer stalls
        // only if the server stops reading.
        var request = ("GET /hello HTTP/1.1\r\nHost: x\r\nX-Pad: " + "p".repeat(1000) + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (var socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.setSoTimeout(10_000);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            var written = new AtomicLong();
            var writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < requests; i++) {
                        socket.getOutputStream().write(request);
                        written.addAndGet(request.length);
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(Wire.stallsWithin(Duration.ofSeconds(20), written), "the server read on without writing");
            assertTrue(written.get() < (long) requests * request.length, "every request fit in the buffers");
            var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
            long previous = visitor(reader.readResponse(false));
            for (int i = 1; i < requests; i++) {
                long next = visitor(reader.readResponse(false));
                assertEquals(previous + 1, next, "response " + i);
                previous = next;
            }
            writer.join();
        }
    }

    @Test
    void aQuietKeepAliveConnectionClosesAtTheIdleTimeoutAndLeavesNothingOpen() throws Exception {
        try (var socket = Wire.connect(port)) {
            send(socket.getOutputStream(), get("/"));
            assertEquals(200, new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT).readResponse(false).code());
            socket.setSoTimeout(10_000);
            assertTrue(Wire.closedByServer(socket), "still open after the idle timeout");
        }
        var health = new HealthClient(service.healthPort());
        assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> health.openConnections() == 0),
                "connections left open: " + health.openConnections());
    }
}
