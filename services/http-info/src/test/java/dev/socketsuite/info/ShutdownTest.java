package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/**
 * At shutdown a keep-alive connection does not hold the drain: an idle one is closed at once,
 * and one whose request is in flight gets its response with {@code Connection: close}, then
 * the close, as a pooling client (an ingress controller's upstream pool) expects.
 */
class ShutdownTest {

    private static final HttpLimits LIMITS = new HttpLimits(8192, 64 * 1024, 100, 1 << 20);

    @Test
    void keepAliveConnectionsCloseAtShutdownInsteadOfHoldingTheGrace() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener, Map.of("shutdown.grace", "20s"));
        int port = service.listenerPort();
        try (var idle = Wire.connect(port); var busy = Wire.connect(port)) {
            idle.setSoTimeout(10_000);
            busy.setSoTimeout(10_000);
            idle.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            var first = new HttpReader(idle.getInputStream(), LIMITS).readResponse(false);
            assertEquals(200, first.code());
            assertTrue(first.headers().first("Connection").isEmpty(), "kept alive before the shutdown");
            busy.getOutputStream().write("GET /delay/1 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            long begin = System.nanoTime();
            var stopping = Thread.ofVirtual().start(service::shutdown);
            assertEquals(-1, idle.getInputStream().read(), "the idle keep-alive connection was not closed");
            var reader = new HttpReader(busy.getInputStream(), LIMITS);
            var delayed = reader.readResponse(false);
            assertEquals(200, delayed.code());
            assertEquals("close", delayed.headers().first("Connection").orElse(""), "the response in flight did not say close");
            assertEquals(-1, busy.getInputStream().read(), "the busy connection stayed open after its response");
            stopping.join();
            long tookMillis = (System.nanoTime() - begin) / 1_000_000;
            assertTrue(tookMillis < 10_000, "shutdown took " + tookMillis + " ms with a 20 s grace");
        }
    }
}
