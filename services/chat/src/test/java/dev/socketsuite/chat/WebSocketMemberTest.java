package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import dev.socketsuite.runtime.testing.HealthClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Members on WebSocket (GET /ws on chat.web.port) in the same room as TCP members, in one process. */
class WebSocketMemberTest {

    @RegisterExtension
    final RunningChat chat = new RunningChat();

    private int web;

    /** Starts chat with a web port; returns the TCP port. */
    private int start(Map<String, String> config) throws IOException {
        web = freePort();
        var all = new HashMap<>(config);
        all.put("chat.web.port", String.valueOf(web));
        return chat.start(all);
    }

    static int freePort() throws IOException {
        try (var probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private HealthClient health() {
        return new HealthClient(chat.service().healthPort());
    }

    @Test
    void aWebSocketMemberAndATcpMemberTalkBothWaysInOneOrder() throws Exception {
        int port = start(Map.of());
        try (var tcp = ChatClient.joined(port); var ws = WsMember.joined(web)) {
            assertEquals("* guest-2 joined", tcp.line());
            ws.send("hello from a browser");
            var ack = ws.event();
            assertEquals(new WsMember.Event(ack.offset(), "ack", null, "Received your message!"), ack);
            assertEquals("[guest-2] hello from a browser", tcp.line());
            tcp.send("hello from a terminal\n");
            tcp.line();
            var relayed = ws.event();
            assertEquals(new WsMember.Event(ack.offset() + 1, "message", "guest-1", "hello from a terminal"), relayed,
                    "every line carries the room's next offset");
            ws.send("/nick webby");
            assertEquals("* guest-2 is now webby", tcp.line(), "a WebSocket member's commands are a TCP member's");
            assertEquals(new WsMember.Event(ack.offset() + 2, "notice", null, "guest-2 is now webby"), ws.event());
            ws.send("/who");
            assertEquals("online (2): guest-1, webby", ws.event().text());
            ws.send("/bogus");
            assertEquals("error", ws.event().kind());
            ws.send("<b>\"quoted\" \u001b[31m</b>");
            ws.event();
            assertEquals("[webby] <b>\"quoted\" </b>", tcp.line(), "terminal escapes are stripped for everyone");
            tcp.send("<script>alert(1)</script>\n");
            tcp.line();
            var json = ws.received.poll(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(json.contains("\\u003cscript\\u003e"), "a JSON frame never carries raw markup: " + json);
            ws.send("/quit");
            assertEquals("bye", ws.event().text());
            assertEquals(1000, ws.awaitClose().code());
            tcp.awaitLine("* webby left");
        }
    }

    @Test
    void sinceResumesAfterTheLastOffsetSeenAndABadOneIsRefused() throws Exception {
        int port = start(Map.of());
        try (var tcp = ChatClient.joined(port)) {
            long seen;
            try (var ws = WsMember.joined(web)) {
                tcp.line();
                tcp.send("before\n");
                tcp.line();
                seen = ws.awaitText("before").offset();
            }
            tcp.awaitLine("* guest-2 left");
            tcp.send("one\n");
            tcp.line();
            tcp.send("two\n");
            tcp.line();
            try (var back = WsMember.connect(web, "since=" + seen)) {
                tcp.awaitLine("* guest-3 joined");
                tcp.send("three\n");
                tcp.line();
                assertEquals(List.of(
                        new WsMember.Event(null, "notice", null, "Hello from the socket server!"),
                        new WsMember.Event(seen + 1, "history", null, "guest-2 left"),
                        new WsMember.Event(seen + 2, "history", "guest-1", "one"),
                        new WsMember.Event(seen + 3, "history", "guest-1", "two"),
                        new WsMember.Event(seen + 4, "notice", null, "guest-3 joined"),
                        new WsMember.Event(seen + 5, "message", "guest-1", "three")), back.eventsThrough("three"),
                        "the replay, then its own join live, then live lines, none twice");
            }
            try (var bad = WsMember.connect(web, "since=yesterday")) {
                assertEquals("error", bad.event().kind());
                assertEquals(1000, bad.awaitClose().code());
            }
        }
    }

    /**
     * With history on, a page that resumes gets no newcomer history: only what came after the
     * offset it gives, each line once, with offsets, then its own join as a live line.
     */
    @Test
    void aResumingPageGetsOnlyTheReplayAndANewOneTheHistoryWithOffsets() throws Exception {
        int port = start(Map.of("chat.history", "20"));
        try (var tcp = ChatClient.joined(port)) {
            tcp.send("/offsets on\n");
            tcp.line();
            var offsets = new ArrayList<Long>();
            for (int i = 0; i <= 5; i++) {
                tcp.send("m" + i + "\n");
                offsets.add(Long.parseLong(tcp.line().replaceFirst("#(\\d+) .*", "$1")));
            }
            long m3 = offsets.get(3);
            try (var resuming = WsMember.connect(web, "since=" + m3)) {
                assertEquals("#" + (m3 + 3) + " * guest-2 joined", tcp.line());
                tcp.send("live\n");
                tcp.line();
                assertEquals(List.of(
                        new WsMember.Event(null, "notice", null, "Hello from the socket server!"),
                        new WsMember.Event(m3 + 1, "history", "guest-1", "m4"),
                        new WsMember.Event(m3 + 2, "history", "guest-1", "m5"),
                        new WsMember.Event(m3 + 3, "notice", null, "guest-2 joined"),
                        new WsMember.Event(m3 + 4, "message", "guest-1", "live")), resuming.eventsThrough("live"));
            }
            tcp.awaitLine("#" + (m3 + 5) + " * guest-2 left");
            try (var newcomer = WsMember.connect(web, null)) {
                assertEquals("#" + (m3 + 6) + " * guest-3 joined", tcp.line());
                tcp.send("later\n");
                tcp.line();
                var expected = new ArrayList<WsMember.Event>();
                expected.add(new WsMember.Event(null, "notice", null, "Hello from the socket server!"));
                for (int i = 0; i <= 5; i++) {
                    expected.add(new WsMember.Event(offsets.get(i), "history", "guest-1", "m" + i));
                }
                expected.add(new WsMember.Event(m3 + 4, "history", "guest-1", "live"));
                expected.add(new WsMember.Event(m3 + 6, "notice", null, "guest-3 joined"));
                expected.add(new WsMember.Event(m3 + 7, "message", "guest-1", "later"));
                assertEquals(expected, newcomer.eventsThrough("later"));
            }
        }
    }

    @Test
    void byDefaultOnlyThePagesOwnOriginMayConnect() throws Exception {
        start(Map.of());
        assertEquals(403, refusedWith("https://evil.example"));
        openWith("http://127.0.0.1:" + web);
        openWith(null); // no Origin: not a browser, which Origin checks do not concern
    }

    @Test
    void allowedOriginsAreTheOnlyOnesThatMayConnect() throws Exception {
        start(Map.of("chat.web.allowed-origins", "https://chat.example.org, https://other.example.org"));
        openWith("https://chat.example.org");
        openWith("https://other.example.org");
        assertEquals(403, refusedWith("https://evil.example"));
        assertEquals(403, refusedWith("http://127.0.0.1:" + web), "a list replaces the page's own origin");
    }

    private void openWith(String origin) {
        var builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (origin != null) {
            builder.header("Origin", origin);
        }
        builder.buildAsync(URI.create("ws://127.0.0.1:" + web + "/ws"), new WebSocket.Listener() { }).join().abort();
    }

    private int refusedWith(String origin) {
        var refused = assertThrows(CompletionException.class, () -> openWith(origin));
        return ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode();
    }

    @Test
    void anOversizedMessageOrABinaryOneClosesWithItsCodeAndIsCounted() throws Exception {
        int port = start(Map.of("chat.max-line", "64"));
        var health = health();
        try (var tcp = ChatClient.joined(port)) {
            try (var big = WsMember.joined(web)) {
                tcp.line();
                big.send("x".repeat(65));
                assertEquals(1009, big.awaitClose().code(), "one frame too big");
                tcp.awaitLine("* guest-2 left");
            }
            try (var fragmented = WsMember.joined(web)) {
                tcp.line();
                fragmented.sendPart("y".repeat(40), false);
                fragmented.sendPart("y".repeat(40), true);
                assertEquals(1009, fragmented.awaitClose().code(), "a message too big in small frames");
                tcp.awaitLine("* guest-3 left");
            }
            try (var binary = WsMember.joined(web)) {
                tcp.line();
                binary.sendBinary(new byte[] {1, 2, 3});
                assertEquals(1003, binary.awaitClose().code(), "cannot accept");
                tcp.awaitLine("* guest-4 left");
            }
            assertTrue(health.counter("socket_errors_total", "kind=\"websocket_abnormal_close\"") >= 1);
            assertTrue(health.counter("socket_errors_total", "kind=\"message_too_long\"") >= 1);
            assertTrue(health.counter("socket_errors_total", "kind=\"binary_message\"") >= 1);
            awaitOpen(health, 1);
        }
    }

    @Test
    void aBadFrameOrACloseMidFrameEndsOnlyThatMemberAndLeavesNothingBehind() throws Exception {
        int port = start(Map.of());
        var health = health();
        try (var tcp = ChatClient.joined(port)) {
            try (var unmasked = new RawWebSocket(web, 0)) {
                tcp.line();
                unmasked.write(new byte[] {(byte) 0x81, 2, 'h', 'i'}); // a client frame must be masked
                assertEquals(1002, unmasked.awaitCloseCode(), "protocol error");
                tcp.awaitLine("* guest-2 left");
            }
            try (var cut = new RawWebSocket(web, 0)) {
                tcp.line();
                cut.write(RawWebSocket.maskedTextHeader(100));
                cut.write("only ten b".getBytes());
            }
            tcp.awaitLine("* guest-3 left");
            awaitOpen(health, 1);
            assertTrue(health.counter("socket_errors_total", "kind=\"websocket_abnormal_close\"") >= 2);
            tcp.send("still here\n");
            assertEquals("Received your message!", tcp.line());
        }
    }

    @Test
    void aMemberThatNeverReadsIsDroppedAndSlowsNobody() throws Exception {
        int port = start(Map.of("chat.outbound-queue", "16"));
        var health = health();
        double droppedBefore = health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"");
        try (var talker = ChatClient.joined(port); var listener = WsMember.joined(web);
             var stalled = new RawWebSocket(web, 1024)) {
            talker.awaitLine("* guest-3 joined");
            var payload = "z".repeat(500);
            var notices = new ArrayList<String>();
            int sent = 0;
            while (sent < 20_000 && health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"") == droppedBefore) {
                for (int i = 0; i < 200; i++, sent++) {
                    talker.send(payload + sent + "\n");
                    talker.awaitLine("Received your message!");
                    var event = listener.event();
                    while (!"message".equals(event.kind())) {
                        notices.add(event.text());
                        event = listener.event();
                    }
                    assertEquals(payload + sent, event.text(), "a member that keeps up gets every line in order");
                }
            }
            assertTrue(health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"") > droppedBefore,
                    "the stalled member was never dropped after " + sent + " lines");
            if (!notices.contains("guest-3 left (too slow)")) {
                listener.awaitText("guest-3 left (too slow)");
            }
            awaitOpen(health, 2);
        }
    }

    @Test
    void theListenersLimitsApplyAndAFullRoomSaysSo() throws Exception {
        start(Map.of("listener.max-connections", "1"));
        try (var first = WsMember.joined(web); var second = WsMember.connect(web, null)) {
            assertEquals(new WsMember.Event(null, "error", null, "server full"), second.event());
            assertEquals(1013, second.awaitClose().code(), "try again later");
            first.send("/who");
            assertEquals("online (1): guest-1", first.event().text());
        }
        assertTrue(health().counter("socket_connections_rejected_total") >= 1);
    }

    @Test
    void thePerAddressLimitCountsTheClientATrustedProxyNames() throws Exception {
        start(Map.of("listener.max-connections-per-address", "1", "chat.web.trusted-proxies", "127.0.0.1"));
        // One after another: a peer is admitted once upgraded, so two at once could be admitted in either order.
        try (var first = forwardedFor("203.0.113.7")) {
            assertTrue(first.text().contains("Hello from the socket server!"));
            try (var other = forwardedFor("198.51.100.2")) {
                assertTrue(other.text().contains("Hello from the socket server!"), "another client behind the same proxy");
                try (var second = forwardedFor("203.0.113.7")) {
                    var refusal = second.text();
                    assertTrue(refusal.contains("\"kind\":\"error\"") && refusal.contains("1 connections open from 203.0.113.7"), refusal);
                    assertEquals(1013, second.awaitCloseCode());
                }
            }
        }
    }

    private RawWebSocket forwardedFor(String client) throws IOException {
        return new RawWebSocket(web, 0, "", "X-Forwarded-For: " + client + "\r\n");
    }

    @Test
    void behindAProxyProtocolHeaderItsClientIsThePeer() throws Exception {
        start(Map.of("listener.proxy-protocol", "true", "listener.max-connections-per-address", "1"));
        try (var first = proxied("203.0.113.7", 40001)) {
            assertTrue(first.text().contains("Hello from the socket server!"));
            try (var second = proxied("203.0.113.7", 40002)) {
                assertTrue(second.text().contains("1 connections open from 203.0.113.7"), "the PROXY header's client is counted");
            }
            try (var other = proxied("198.51.100.2", 40003)) {
                assertTrue(other.text().contains("Hello from the socket server!"));
            }
        }
        // Without the header the port refuses to talk, as the raw listener does.
        try (var bare = new RawWebSocket(web, 0, "", "")) {
            assertFalse(bare.upgraded());
        } catch (IOException closed) {
            // closed during the handshake: refused just as well
        }
    }

    private RawWebSocket proxied(String client, int port) throws IOException {
        return new RawWebSocket(web, 0, "PROXY TCP4 " + client + " 127.0.0.1 " + port + " " + web + "\r\n", "");
    }

    @Test
    void anIdleMemberIsClosedAfterTheIdleTimeoutAndLeavesTheRoom() throws Exception {
        start(Map.of("listener.idle-timeout", "2s"));
        var health = health();
        try (var ws = WsMember.joined(web)) {
            awaitOpen(health, 1);
            // Fails with a timeout when the member is still open long after listener.idle-timeout.
            ws.awaitClose(Duration.ofSeconds(15));
            awaitOpen(health, 0);
        }
    }

    @Test
    void shutdownSaysGoodbyeAndClosesWithServiceRestart() throws Exception {
        start(Map.of());
        try (var ws = WsMember.joined(web)) {
            var stopping = Thread.ofVirtual().start(() -> chat.service().shutdown());
            assertEquals("server restarting, please reconnect", ws.event().text());
            assertEquals(1012, ws.awaitClose().code(), "service restart: the page reconnects");
            stopping.join(Duration.ofSeconds(15));
        }
    }

    @Test
    void thePageIsServedWithAStrictPolicyAndPlainHttpOnTheEndpointIsToldToUpgrade() throws Exception {
        start(Map.of());
        var client = HttpClient.newHttpClient();
        var page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElse(null));
        var policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("'sha256-" + ChatPage.scriptHash(page.body()) + "'"), policy);
        assertTrue(policy.contains("default-src 'none'") && !policy.contains("script-src 'unsafe-inline'"), policy);
        var plain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/ws")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(426, plain.statusCode());
        var missing = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/nothing")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }

    @Test
    void aTakenWebPortStopsTheStartWithAClearErrorAndLeavesNothingBound() throws Exception {
        try (var taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int listenerPort = freePort();
            var error = assertThrows(dev.socketsuite.runtime.StartupException.class, () -> chat.start(Map.of(
                    "listener.port", String.valueOf(listenerPort), "chat.web.port", String.valueOf(taken.getLocalPort()))));
            assertTrue(error.getMessage().contains(":" + taken.getLocalPort()), error.getMessage());
            try (var again = new ServerSocket(listenerPort, 1, java.net.InetAddress.getLoopbackAddress())) {
                assertEquals(listenerPort, again.getLocalPort(), "the chat listener was left bound");
            }
        }
    }

    @Test
    void portZeroLeavesTheWebPortOut() throws Exception {
        int port = chat.start(Map.of("chat.web.port", "0"));
        assertTrue(chat.service().listener().endpoint().equals("tcp://127.0.0.1:" + port),
                chat.service().listener().endpoint());
    }

    private static void awaitOpen(HealthClient health, int open) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (health.openConnections() != open && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(open, health.openConnections(), "connections left open");
    }
}
