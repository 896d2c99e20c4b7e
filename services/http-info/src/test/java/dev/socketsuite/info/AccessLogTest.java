package dev.socketsuite.info;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http.access-log}: one combined-format line per response, escaped, never the body. */
class AccessLogTest {

    private static final Logger ACCESS = Logger.getLogger("dev.socketsuite.access");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler collector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        ACCESS.addHandler(collector);
    }

    @AfterEach
    void stopListening() {
        ACCESS.removeHandler(collector);
    }

    @Test
    void eachResponseIsOneEscapedCombinedFormatLine() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener, Map.of("http.access-log", "true"));
        try {
            Wire.exchange(service.listenerPort(), "GET /hello?x=1 HTTP/1.1\r\nHost: x\r\nReferer: http://ref.example/\r\n"
                    + "User-Agent: agent \"quoted\" \\ \u00e9\r\n\r\n"
                    + "POST /about HTTP/1.1\r\nHost: x\r\nContent-Length: 16\r\nConnection: close\r\n\r\nsecret-body-text");
            Wire.exchange(service.listenerPort(), "NOT HTTP\r\n\r\n");
            // The service logs just after it writes: poll briefly instead of sleeping.
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> lines.size() >= 3), lines.toString());
            var time = "\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}\\]";
            assertTrue(lines.get(0).matches("127\\.0\\.0\\.1 - - " + time
                    + " \"GET /hello\\?x=1 HTTP/1\\.1\" 200 \\d+ \"http://ref\\.example/\" \"agent \\\\\"quoted\\\\\" \\\\\\\\ \\\\xC3\\\\xA9\""),
                    lines.get(0));
            assertTrue(lines.get(1).matches("127\\.0\\.0\\.1 - - " + time + " \"POST /about HTTP/1\\.1\" 200 \\d+ \"-\" \"-\""),
                    lines.get(1));
            assertTrue(lines.get(2).matches("127\\.0\\.0\\.1 - - " + time + " \"-\" 400 \\d+ \"-\" \"-\""), lines.get(2));
            assertTrue(lines.stream().noneMatch(line -> line.contains("secret-body-text")), "a body was logged");
        } finally {
            service.shutdown();
        }
    }

    @Test
    void offByDefault() throws Exception {
        var service = TestServices.start("http-info", InfoService::listener, Map.of());
        try {
            var page = Wire.exchange(service.listenerPort(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertTrue(page.startsWith("HTTP/1.1 200 OK"), page);
            assertEquals(List.of(), lines);
        } finally {
            service.shutdown();
        }
    }
}
