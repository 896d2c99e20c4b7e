package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.ProxyHeaders;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** The JSON view's {@code client}: the peer, the PROXY header's client, or what trusted proxies forwarded. */
class ClientAddressTest {

    private static final String JSON_GET = "GET / HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n";

    @Test
    void forwardingHeadersFromAnUntrustedPeerAreShownButNotBelieved() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener, Map.of());
        try {
            var json = get(service, new byte[0], "X-Forwarded-For: 203.0.113.9\r\nForwarded: for=198.51.100.1\r\n");
            assertTrue(json.matches("(?s).*\"client\":\"127\\.0\\.0\\.1:\\d+\".*"), json);
            assertTrue(json.contains("\"X-Forwarded-For\":\"203.0.113.9\""), json);
            assertTrue(json.contains("\"Forwarded\":\"for=198.51.100.1\""), json);
        } finally {
            service.shutdown();
        }
    }

    @Test
    void behindTrustedProxiesTheFirstUntrustedHopIsTheClient() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener,
                Map.of("http.trusted-proxies", "127.0.0.0/8, 10.0.0.0/8"));
        try {
            assertClient(service, "203.0.113.9", "X-Forwarded-For: 203.0.113.9, 10.1.1.1\r\n");
            // A client may write its own X-Forwarded-For; only the hops the trusted proxies added count.
            assertClient(service, "198.51.100.7", "X-Forwarded-For: 6.6.6.6, 198.51.100.7, 10.2.2.2\r\n");
            assertClient(service, "2001:db8:cafe:0:0:0:0:17",
                    "X-Forwarded-For: 192.0.2.1\r\nForwarded: for=\"[2001:db8:cafe::17]:4711\";proto=https\r\n");
            // A hidden hop ends the walk: the last proxy that handed it on is all we know.
            assertClient(service, "10.3.3.3", "X-Forwarded-For: 203.0.113.1, unknown, 10.3.3.3\r\n");
            var noHeader = get(service, new byte[0], "");
            assertTrue(noHeader.matches("(?s).*\"client\":\"127\\.0\\.0\\.1:\\d+\".*"), noHeader);
        } finally {
            service.shutdown();
        }
    }

    @Test
    void thePeerNamedByAProxyHeaderIsTheClientAndMayItselfBeTrusted() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener,
                Map.of("listener.proxy-protocol", "true", "http.trusted-proxies", "10.0.0.0/8"));
        try {
            var direct = get(service, ProxyHeaders.v1("203.0.113.7", 40001, "10.0.0.1", 8000),
                    "X-Forwarded-For: 6.6.6.6\r\n");
            assertTrue(direct.contains("\"client\":\"203.0.113.7:40001\""), direct);

            var viaIngress = get(service, ProxyHeaders.v2("10.0.0.5", 40002, "10.0.0.1", 8000),
                    "X-Forwarded-For: 198.51.100.4\r\n");
            assertTrue(viaIngress.contains("\"client\":\"198.51.100.4\""), viaIngress);
        } finally {
            service.shutdown();
        }
    }

    private static void assertClient(RunningService service, String client, String headers) throws Exception {
        var json = get(service, new byte[0], headers);
        assertTrue(json.contains("\"client\":\"" + client + "\""), json);
    }

    private static String get(RunningService service, byte[] proxyHeader, String extraHeaders) throws Exception {
        try (var socket = Wire.connect(service.listenerPort())) {
            socket.getOutputStream().write(ProxyHeaders.before(proxyHeader, JSON_GET + extraHeaders + "\r\n"));
            var response = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT).readResponse(false);
            assertEquals(200, response.code(), response.bodyText());
            return new String(response.body(), StandardCharsets.UTF_8);
        }
    }
}
