package dev.socketsuite.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ProxyHeaders;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.UnixClient;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** unix-status over a real Unix domain socket, byte for byte. */
class UnixStatusTest {

    private static final String SEED_RESPONSE =
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nrunning";

    @TempDir
    Path dir;
    private Path socket;
    private RunningService service;

    @BeforeEach
    void start() {
        socket = dir.resolve("status.sock");
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.shutdown();
        }
    }

    private RunningService start(Map<String, String> extra) {
        var config = new HashMap<>(Map.of("listener.path", socket.toString()));
        config.putAll(extra);
        service = TestServices.start("unix-status", StatusService::listener, config);
        return service;
    }

    @Test
    void getRootAnswersExactlyAsTheOriginServer() throws IOException {
        start(Map.of());
        assertEquals(SEED_RESPONSE, UnixClient.exchange(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        assertEquals(SEED_RESPONSE, UnixClient.exchange(socket, "GET / HTTP/1.0\r\n\r\n"));
    }

    @Test
    void headRootHasTheSameHeadersAndNoBody() throws IOException {
        start(Map.of());
        assertEquals(SEED_RESPONSE.replace("running", ""),
                UnixClient.exchange(socket, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    }

    @Test
    void statusIsJsonAndKeepAliveServesPipelinedRequests() throws IOException {
        start(Map.of());
        var response = UnixClient.exchange(socket, "GET /status HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        var matcher = Pattern.compile("HTTP/1\\.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \\d+\r\n")
                .matcher(response);
        assertTrue(matcher.find() && matcher.find(), response);
        assertTrue(response.contains("\"status\":\"running\""), response);
        assertTrue(response.contains("\"pid\":" + ProcessHandle.current().pid()), response);
        assertTrue(response.matches("(?s).*\"uptimeSeconds\":\\d+.*\"openConnections\":1.*"), response);
        assertTrue(response.contains("\"version\":\""), response);
    }

    @Test
    void otherMethodsGet405WithAllow() throws IOException {
        start(Map.of());
        var response = UnixClient.exchange(socket, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                + "Connection: close\r\n\r\nabc");
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain\r\nContent-Length: 18\r\n"
                + "Allow: GET, HEAD\r\nConnection: close\r\n\r\nMethod not allowed", response);
    }

    @Test
    void unknownPathsGet404() throws IOException {
        start(Map.of());
        var response = UnixClient.exchange(socket, "GET /nope HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 404 Not Found\r\n"), response);
        assertTrue(response.endsWith("\r\n\r\nNot found"), response);
    }

    @Test
    void garbageGets400AndTheConnectionCloses() throws IOException {
        start(Map.of());
        var response = UnixClient.exchange(socket, "\u0000\u0001\u00ff garbage\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 400 Bad Request\r\n"), response);
        assertTrue(response.contains("Connection: close\r\n"), response);
        // The service is unharmed.
        assertEquals(SEED_RESPONSE, UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n"));
    }

    @Test
    void aSilentClientIsClosedAtTheIdleTimeout() throws IOException {
        start(Map.of("listener.idle-timeout", "300ms"));
        try (var client = UnixClient.connect(socket)) {
            long start = System.nanoTime();
            assertEquals("", client.readToEnd(), "a silent client gets no bytes, only the close");
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited >= 250 && waited < 8000, waited + " ms");
        }
    }

    @Test
    void aRequestThatStallsGets408() throws IOException {
        start(Map.of("http.request-timeout", "400ms"));
        try (var client = UnixClient.connect(socket)) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n");
            var response = client.readToEnd();
            assertTrue(response.startsWith("HTTP/1.1 408 Request Timeout\r\n"), response);
            assertTrue(response.contains("Connection: close\r\n"), response);
        }
    }

    @Test
    void theSocketFileGetsItsModeAndIsRemovedAtShutdown() throws IOException {
        start(Map.of());
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        service.shutdown();
        service = null;
        assertTrue(Files.notExists(socket), "socket file left behind");
    }

    @Test
    void alsoServesTcpWhenAPortIsSet() throws IOException {
        var running = start(Map.of("listener.port", "0"));
        assertEquals(SEED_RESPONSE, Wire.exchange(running.listenerPort(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertEquals(SEED_RESPONSE, UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n"));
    }

    @Test
    void behindAProxyTheTcpListenerWantsTheHeaderAndTheUnixSocketDoesNot() throws IOException {
        var running = start(Map.of("listener.port", "0", "listener.proxy-protocol", "true"));
        try (var viaProxy = Wire.connect(running.listenerPort())) {
            viaProxy.getOutputStream().write(ProxyHeaders.before(ProxyHeaders.v2("203.0.113.7", 1234, "10.0.0.1", 8090),
                    "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertEquals(SEED_RESPONSE, Wire.readToEndUtf8(viaProxy));
        }
        try (var direct = Wire.connect(running.listenerPort())) {
            direct.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("", Wire.readToEndUtf8(direct), "served over TCP without a PROXY header");
        }
        assertEquals(SEED_RESPONSE, UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n"));
    }

    @Test
    void aFullServiceAnswers503AndOthersAreServed() throws Exception {
        var running = start(Map.of("listener.max-connections", "1"));
        var health = new HealthClient(running.healthPort());
        try (var holder = UnixClient.connect(socket)) {
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 1));
            var refused = UnixClient.exchange(socket, "GET / HTTP/1.1\r\n\r\n");
            assertTrue(refused.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), refused);
            holder.send("GET / HTTP/1.1\r\n\r\n");
            assertEquals(SEED_RESPONSE, holder.readToEnd());
        }
    }
}
