package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.ServiceProcess;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test backend's endpoints (status, delay, bytes, headers, ip) and which pod answered, over real sockets. */
class BackendEndpointsTest {

    private static final String JSON = "Accept: application/json\r\n";
    /** What Chromium and Firefox send for a page. */
    private static final String BROWSER = "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n";
    /** Room for the largest /bytes answer. */
    private static final HttpLimits LIMITS = new HttpLimits(8192, 64 * 1024, 100, 8L << 20);
    private static RunningService service;
    private static int port;

    @BeforeAll
    static void start() {
        service = TestServices.start("http-info", InfoService::listener, Map.of("http.max-delay", "3s"));
        port = service.listenerPort();
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    @Test
    void statusAnswersTheCodeAskedForAndRefusesAnyOther() throws Exception {
        var teapot = get("/status/418", JSON);
        assertEquals(418, teapot.code());
        assertEquals("I'm a teapot", teapot.reason());
        assertTrue(teapot.bodyText().contains("\"status\":418"), teapot.bodyText());
        assertEquals(599, get("/status/599", "").code());
        assertEquals("Server Error", get("/status/599", "").reason());
        for (var bad : new String[] {"199", "600", "abc", "", "2000000000", "-200"}) {
            assertEquals(400, get("/status/" + bad, "").code(), bad);
        }
        // 204 has no body: the next pipelined request on the connection is read right after it.
        var both = exchange("GET /status/204 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/201 HTTP/1.1\r\nHost: x\r\n\r\n",
                2, false);
        assertEquals(204, both.get(0).code());
        assertEquals(0, both.get(0).body().length);
        assertEquals(201, both.get(1).code());
        var head = exchange("HEAD /status/503 HTTP/1.1\r\nHost: x\r\n\r\n", 1, true).getFirst();
        assertEquals(503, head.code());
        assertEquals(0, head.body().length);
    }

    @Test
    void delayAnswersAfterItsTimeAndRefusesPastTheBound() throws Exception {
        long begin = System.nanoTime();
        var delayed = get("/delay/0.3", JSON);
        assertEquals(200, delayed.code());
        assertTrue(System.nanoTime() - begin >= 300_000_000L, "answered before its delay");
        assertTrue(delayed.bodyText().contains("\"delay\":\"300ms\""), delayed.bodyText());
        assertEquals(200, get("/delay/200ms", "").code());
        for (var bad : new String[] {"4", "3.5", "-1", "soon", "1e3", "4s"}) {
            assertEquals(400, get("/delay/" + bad, "").code(), bad);
        }
        // Pipelined behind a delay, the next request waits its turn and comes after it.
        var inOrder = exchange("GET /delay/0.2 HTTP/1.1\r\nHost: x\r\n\r\nGET /status/202 HTTP/1.1\r\nHost: x\r\n\r\n",
                2, false);
        assertEquals(200, inOrder.get(0).code());
        assertEquals(202, inOrder.get(1).code());
    }

    /** 200 delayed requests hold neither the loops nor threads: a page is answered while every one of them waits. */
    @Test
    void delayedRequestsLeaveTheLoopsFree() throws Exception {
        var waiting = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 200; i++) {
                var socket = Wire.connect(port);
                socket.getOutputStream().write("GET /delay/3 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                waiting.add(socket);
            }
            assertEquals(200, get("/hello", "").code());
            for (var socket : waiting) {
                assertEquals(0, socket.getInputStream().available(), "a delayed request was answered early");
            }
            for (var socket : waiting) {
                assertEquals(200, new HttpReader(socket.getInputStream(), LIMITS).readResponse(false).code());
            }
        } finally {
            for (var socket : waiting) {
                socket.close();
            }
        }
    }

    @Test
    void bytesSendsExactlyNUpToTheBoundPlainOrChunked() throws Exception {
        assertEquals(0, get("/bytes/0", "").body().length);
        var bound = get("/bytes/1048576", "");
        assertEquals(1 << 20, bound.body().length);
        assertEquals("application/octet-stream", bound.headers().first("Content-Type").orElseThrow());
        assertEquals(400, get("/bytes/1048577", "").code());
        assertEquals(400, get("/bytes/x", "").code());
        var chunked = get("/bytes/40000?chunked=true", "");
        assertEquals("chunked", chunked.headers().first("Transfer-Encoding").orElseThrow());
        assertEquals(40_000, chunked.body().length);
    }

    /** A peer that does not read a megabyte holds its own connection only. */
    @Test
    void aSlowReaderOfBytesDelaysNobodyElse() throws Exception {
        try (var slow = Wire.connect(port)) {
            slow.setReceiveBufferSize(4096);
            slow.getOutputStream().write("GET /bytes/1048576 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(200); // not reading: the server's socket fills
            assertEquals(200, get("/hello", "").code());
            var response = new HttpReader(slow.getInputStream(), LIMITS).readResponse(false);
            assertEquals(1 << 20, response.body().length);
        }
    }

    @Test
    void headersAndIpShowWhatThisBackendSawEscaped() throws Exception {
        var json = get("/headers", JSON + "X-Probe: yes\r\n");
        assertTrue(json.bodyText().contains("\"X-Probe\":\"yes\""), json.bodyText());
        var html = get("/headers", BROWSER + "X-Evil: <script>alert(1)</script>\r\n");
        assertTrue(html.bodyText().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html.bodyText());
        assertFalse(html.bodyText().contains("<script>"), html.bodyText());
        var ip = get("/ip", JSON).bodyText();
        assertTrue(ip.matches("\\{\"origin\":\"127\\.0\\.0\\.1:\\d+\"}"), ip);
        assertEquals(404, get("/headers/more", "").code());
    }

    @Test
    void anythingDescribesTheRequestAndItsBodyByDigest() throws Exception {
        var body = "a body to digest";
        var expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII)));
        var sized = exchange("POST /anything/deep/path?x=1&y=2 HTTP/1.1\r\nHost: x\r\n" + JSON
                + "Content-Length: " + body.length() + "\r\n\r\n" + body, 1, false).getFirst().bodyText();
        for (var part : new String[] {"\"method\":\"POST\"", "\"path\":\"/anything/deep/path\"", "\"query\":\"x=1&y=2\"",
                "\"length\":" + body.length(), "\"sha256\":\"" + expected + "\""}) {
            assertTrue(sized.contains(part), part + " in " + sized);
        }
        // Chunked, the same bytes have the same digest; pipelined behind it, a second request still gets its answer.
        var chunked = exchange("PUT /anything HTTP/1.1\r\nHost: x\r\n" + JSON + "Transfer-Encoding: chunked\r\n\r\n"
                + "7\r\na body \r\n9\r\nto digest\r\n0\r\n\r\nGET /anything HTTP/1.1\r\nHost: x\r\n" + JSON + "\r\n", 2, false);
        assertTrue(chunked.get(0).bodyText().contains("\"sha256\":\"" + expected + "\""), chunked.get(0).bodyText());
        assertTrue(chunked.get(1).bodyText().contains("\"length\":0"), chunked.get(1).bodyText());
        assertEquals(404, get("/anythingelse", "").code());
    }

    /**
     * The endpoints answer JSON to scripts (no Accept, curl's {@code *}{@code /*}, JSON asked
     * for, or HTML weighed no higher than JSON) and HTML to a browser; the page stays HTML.
     */
    @Test
    void backendEndpointsAnswerJsonUnlessTheClientPrefersHtml() throws Exception {
        var paths = List.of("/headers", "/ip", "/anything", "/status/418", "/delay/0", "/bytes/x");
        var scripts = List.of("", "Accept: */*\r\n", JSON, "Accept: text/html;q=0.5, application/json\r\n",
                "Accept: application/json, text/html\r\n", "Accept: text/html;q=0\r\n", "Accept: text/plain\r\n",
                "Accept: text/html;q=bogus\r\n");
        for (var path : paths) {
            for (var accept : scripts) {
                var response = get(path, accept);
                assertEquals("application/json", response.headers().first("Content-Type").orElseThrow(), path + " " + accept);
                assertTrue(response.bodyText().startsWith("{"), response.bodyText());
            }
            for (var accept : List.of(BROWSER, "Accept: text/html\r\n", "Accept: TEXT/*;q=0.9, application/json;q=0.8\r\n")) {
                var response = get(path, accept);
                assertEquals("text/html; charset=utf-8", response.headers().first("Content-Type").orElseThrow(), path + " " + accept);
                assertTrue(response.bodyText().startsWith("<!DOCTYPE html>"), response.bodyText());
            }
        }
        assertEquals("text/html; charset=utf-8", get("/", "Accept: */*\r\n").headers().first("Content-Type").orElseThrow());
        assertEquals("text/html; charset=utf-8", get("/hello", "").headers().first("Content-Type").orElseThrow());
    }

    /** curl, as people script these endpoints with it and jq: JSON with no Accept of its own. */
    @Test
    void curlGetsJsonFromTheBackendEndpoints() throws Exception {
        var curl = new ProcessBuilder("curl", "-sS", "-H", "X-Probe: curl", "http://127.0.0.1:" + port + "/headers")
                .redirectErrorStream(true).start();
        var body = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, curl.waitFor(), body);
        assertTrue(body.matches("\\{\"headers\":\\{.*\"Accept\":\"\\*/\\*\".*\"X-Probe\":\"curl\".*}}"), body);
    }

    /** With the downward API env the JSON names the pod and the page shows it; no other variable is ever shown. */
    @Test
    void thePodThatAnsweredIsShownAndNothingElseFromTheEnvironment() throws Exception {
        var env = Map.of("LISTENER_PORT", "0", "SERVER_PORT", "0", "POD_NAME", "web-7f9c", "POD_NAMESPACE", "shop",
                "NODE_NAME", "node-3", "POD_IP", "10.1.2.3", "API_TOKEN", "do-not-show-this");
        try (var process = ServiceProcess.launch(Main.class.getName(), env)) {
            int podPort = process.awaitReady(Duration.ofSeconds(30))[0];
            var json = get(podPort, "/", JSON).bodyText();
            assertTrue(json.contains("\"pod\":{\"name\":\"web-7f9c\",\"namespace\":\"shop\",\"node\":\"node-3\",\"ip\":\"10.1.2.3\"}"), json);
            assertFalse(json.contains("do-not-show-this"), json);
            var html = get(podPort, "/hello", "").bodyText();
            assertTrue(html.contains("<p><strong>Served by:</strong> web-7f9c</p>"), html);
        }
        var withoutPod = get("/", JSON).bodyText();
        assertFalse(withoutPod.contains("\"pod\""), withoutPod);
        assertTrue(get("/", "").bodyText().contains("<p><strong>Served by:</strong> "));
    }

    /** Sends raw request bytes on one connection and reads {@code count} responses. */
    private static List<HttpResponse> exchange(String requests, int count, boolean head) throws Exception {
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            var reader = new HttpReader(socket.getInputStream(), LIMITS);
            var responses = new ArrayList<HttpResponse>();
            for (int i = 0; i < count; i++) {
                responses.add(reader.readResponse(head));
            }
            return responses;
        }
    }

    private static HttpResponse get(String path, String headers) throws IOException, dev.socketsuite.protocol.http.HttpException {
        return get(port, path, headers);
    }

    private static HttpResponse get(int to, String path, String headers) throws IOException, dev.socketsuite.protocol.http.HttpException {
        try (var socket = Wire.connect(to)) {
            var request = "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return new HttpReader(socket.getInputStream(), LIMITS).readResponse(false);
        }
    }
}
