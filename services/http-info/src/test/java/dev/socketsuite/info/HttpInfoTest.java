package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.socketsuite.protocol.http.HttpException;
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

/** http-info's pages, keep-alive and escaping, as browsers, curl and hand-written clients see them. */
class HttpInfoTest {

    private static RunningService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestServices.start("http-info", InfoService::listener, Map.of());
        port = service.listenerPort();
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    /** Sends raw request bytes and reads {@code count} responses from the same connection. */
    static java.util.List<HttpResponse> exchange(String requests, int count, boolean head) throws IOException, HttpException {
        try (var socket = Wire.connect(port)) {
            return exchange(socket, requests, count, head);
        }
    }

    static java.util.List<HttpResponse> exchange(Socket socket, String requests, int count, boolean head)
            throws IOException, HttpException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
        var reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
        var responses = new ArrayList<HttpResponse>();
        for (int i = 0; i < count; i++) {
            responses.add(reader.readResponse(head));
        }
        return responses;
    }

    static HttpResponse one(String request) throws IOException, HttpException {
        return exchange(request, 1, false).getFirst();
    }

    @Test
    void everyRequestLandsInTheLatencyHistogramByStatusClass() throws Exception {
        var health = new HealthClient(service.healthPort());
        double okBefore = health.latencyCount("http_request", "class=\"2xx\"");
        double notFoundBefore = health.latencyCount("http_request", "class=\"4xx\"");
        exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /about HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 3, false);
        assertEquals(okBefore + 2, health.awaitLatencyCount(okBefore + 2, "http_request", "class=\"2xx\""));
        assertEquals(notFoundBefore + 1, health.awaitLatencyCount(notFoundBefore + 1, "http_request", "class=\"4xx\""));
        var buckets = health.buckets("socket_latency_seconds", "work=\"http_request\"", "class=\"2xx\"");
        assertEquals(18, buckets.size(), "17 bounds from 50 us to 10 s, then +Inf: " + buckets);
    }

    @Test
    void theOriginRequestGetsTheRequestInfoPage() throws Exception {
        var response = one("GET /hello HTTP/1.1\r\nHost: localhost:8000\r\nUser-Agent: Mozilla/5.0\r\n"
                + "Accept: text/html\r\n\r\n");
        assertEquals(200, response.code());
        assertEquals("text/html; charset=utf-8", response.headers().first("Content-Type").orElseThrow());
        var body = response.bodyText();
        assertTrue(body.contains("<h1>Request Info</h1>"), body);
        assertTrue(body.contains("<p><strong>Method:</strong> GET</p>"), body);
        assertTrue(body.contains("<p><strong>Path:</strong> /hello</p>"), body);
        assertTrue(body.contains("<p><strong>Browser:</strong> Mozilla/5.0</p>"), body);
        assertTrue(body.matches("(?s).*You are visitor #\\d+.*"), body);
    }

    @Test
    void everyOtherPathIsTheOriginNotFoundPage() throws Exception {
        for (var path : new String[] {"/nope", "/hello/", "/about.html", "/%3Cscript%3E"}) {
            var response = one("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(404, response.code(), path);
            assertEquals("Not Found", response.reason());
            assertTrue(response.bodyText().contains("<h1>404 Not Found</h1>"));
            assertTrue(response.bodyText().contains("<p>The page you requested does not exist.</p>"));
        }
    }

    @Test
    void reflectedValuesAreEscaped() throws Exception {
        var attack = "\"><script>alert(document.cookie)</script><img src=x onerror=alert(1)>";
        var html = one("GET /about?x=<script> HTTP/1.1\r\nUser-Agent: " + attack + "\r\n\r\n").bodyText();
        assertFalse(html.contains("<script>"), html);
        assertFalse(html.contains("<img"), html);
        assertTrue(html.contains("&quot;&gt;&lt;script&gt;alert(document.cookie)&lt;/script&gt;"), html);
        assertTrue(html.contains("<p><strong>Path:</strong> /about</p>"), "the query is not reflected: " + html);

        var json = one("GET / HTTP/1.1\r\nAccept: application/json\r\nUser-Agent: " + attack + "\r\n\r\n").bodyText();
        assertFalse(json.contains("<script>"), json);
    }

    @Test
    void jsonShowsTheSameFactsWithEveryHeader() throws Exception {
        var response = one("GET /about HTTP/1.1\r\nHost: example.test\r\nAccept: application/json\r\n"
                + "User-Agent: curl/8.0\r\nX-Trace: a\r\nX-Trace: b\r\n\r\n");
        assertEquals(200, response.code());
        assertEquals("application/json", response.headers().first("Content-Type").orElseThrow());
        var json = response.bodyText();
        assertTrue(json.startsWith("{\"method\":\"GET\",\"path\":\"/about\","), json);
        assertTrue(json.contains("\"browser\":\"curl/8.0\""), json);
        assertTrue(json.matches("(?s).*\"visitor\":\\d+.*"), json);
        assertTrue(json.matches("(?s).*\"client\":\"127\\.0\\.0\\.1:\\d+\".*"), json);
        assertTrue(json.contains("\"hostname\":\""), json);
        assertTrue(json.contains("\"Host\":\"example.test\""), json);
        assertTrue(json.contains("\"X-Trace\":\"a, b\""), json);
    }

    @Test
    void pipelinedKeepAliveRequestsAreAnsweredInOrderWithBodiesDiscarded() throws Exception {
        var responses = exchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world"
                + "PUT /about HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n", 4, false);
        assertEquals(200, responses.get(0).code());
        assertTrue(responses.get(1).bodyText().contains("<p><strong>Method:</strong> POST</p>"));
        assertTrue(responses.get(2).bodyText().contains("<p><strong>Method:</strong> PUT</p>"));
        assertEquals(404, responses.get(3).code());
        long first = visitor(responses.get(0));
        assertEquals(first + 1, visitor(responses.get(1)));
        assertEquals(first + 2, visitor(responses.get(2)));
    }

    @Test
    void http10ClosesAfterOneResponseUnlessAskedToKeepAlive() throws Exception {
        try (var socket = Wire.connect(port)) {
            var response = exchange(socket, "GET / HTTP/1.0\r\n\r\n", 1, false).getFirst();
            assertEquals("HTTP/1.1", response.version());
            assertEquals("close", response.headers().first("Connection").orElseThrow());
            assertEquals(-1, socket.getInputStream().read());
        }
        try (var socket = Wire.connect(port)) {
            var responses = exchange(socket, "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                    + "GET /hello HTTP/1.0\r\n\r\n", 2, false);
            assertEquals("keep-alive", responses.get(0).headers().first("Connection").orElseThrow());
            assertEquals("close", responses.get(1).headers().first("Connection").orElseThrow());
        }
    }

    @Test
    void headSendsTheHeadersOfGetWithoutTheBody() throws Exception {
        try (var socket = Wire.connect(port)) {
            var head = exchange(socket, "HEAD /hello HTTP/1.1\r\nUser-Agent: same\r\n\r\n", 1, true).getFirst();
            assertEquals(200, head.code());
            assertEquals(0, head.body().length);
            var get = exchange(socket, "GET /hello HTTP/1.1\r\nUser-Agent: same\r\nConnection: close\r\n\r\n", 1, false)
                    .getFirst();
            // The pages differ only where they show the method ("HEAD" is a letter longer than "GET")
            // and the visitor number (the GET's is next, a digit longer when it reaches a power of ten).
            long number = visitor(get);
            int extraDigit = String.valueOf(number).length() - String.valueOf(number - 1).length();
            assertEquals(Integer.parseInt(get.headers().first("Content-Length").orElseThrow()) + 1 - extraDigit,
                    Integer.parseInt(head.headers().first("Content-Length").orElseThrow()));
            assertEquals(-1, socket.getInputStream().read(), "nothing followed the HEAD response's headers");
        }
    }

    @Test
    void curlGetsThePage() throws Exception {
        ProcessBuilder curl = new ProcessBuilder("curl", "-s", "-A", "<b>curl</b>", "http://127.0.0.1:" + port + "/hello");
        Process process;
        try {
            process = curl.start();
        } catch (IOException e) {
            assumeTrue(false, "curl is not installed");
            return;
        }
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(out.contains("<p><strong>Browser:</strong> &lt;b&gt;curl&lt;/b&gt;</p>"), out);
    }

    /** The visitor number a page shows. */
    static long visitor(HttpResponse response) {
        var matcher = java.util.regex.Pattern.compile("visitor #(\\d+)").matcher(response.bodyText());
        assertTrue(matcher.find(), response.bodyText());
        return Long.parseLong(matcher.group(1));
    }
}
