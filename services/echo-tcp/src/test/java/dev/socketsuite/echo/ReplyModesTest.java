package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The counter and timestamp modes, exchanged the way the origin documents' clients do. */
class ReplyModesTest {

    @Nested
    class Counter {

        @Test
        void numbersConnectionsFromOneWithoutGapsOrDuplicatesUnderConcurrency() throws Exception {
            var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "counter"));
            try {
                int port = service.listenerPort();
                assertEquals("Hello! You are connection #1", Wire.exchange(port, "Hello from client!"));
                assertEquals("Hello! You are connection #2", Wire.exchange(port, "Hello from client!"));

                int clients = 150;
                var numbers = new TreeSet<Long>();
                try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    var replies = new ArrayList<Future<String>>();
                    for (int i = 0; i < clients; i++) {
                        replies.add(pool.submit((Callable<String>) () -> Wire.exchange(port, "hi")));
                    }
                    for (var reply : replies) {
                        numbers.add(ReplyFormats.parseConnectionGreeting(reply.get()).orElseThrow());
                    }
                }
                assertEquals(clients, numbers.size(), "duplicate connection numbers");
                assertEquals(3L, numbers.first());
                assertEquals(clients + 2L, numbers.last(), "gap in connection numbers");
            } finally {
                service.shutdown();
            }
        }

        @Test
        void aConnectionThatLeavesWithoutAMessageUsesNoNumber() throws Exception {
            var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "counter"));
            try {
                int port = service.listenerPort();
                Wire.connect(port).close();
                try (var probe = Wire.connect(port)) {
                    probe.shutdownOutput();
                    assertEquals("", Wire.readToEndUtf8(probe));
                }
                assertEquals("Hello! You are connection #1", Wire.exchange(port, "x"));
            } finally {
                service.shutdown();
            }
        }

        @Test
        void aMessageLongerThanTheLimitStillGetsItsReply() throws Exception {
            var service = TestServices.start("echo-tcp", EchoService::listener,
                    Map.of("echo.mode", "counter", "echo.max-message", "16"));
            try {
                // The unread rest must not turn the close into a reset that eats the reply.
                assertEquals("Hello! You are connection #1", Wire.exchange(service.listenerPort(), "y".repeat(200_000)));
            } finally {
                service.shutdown();
            }
        }
    }

    @Nested
    class Timestamp {

        @Test
        void repliesWithTheServerTimeAndTheMessage() throws Exception {
            RunningService service = TestServices.start("echo-tcp", EchoService::listener,
                    Map.of("echo.mode", "timestamp"));
            try {
                var before = LocalDateTime.now().withNano(0);
                var reply = Wire.exchange(service.listenerPort(), "Hello, World!");
                var after = LocalDateTime.now();
                assertEquals("Hello, World!", ReplyFormats.parseTimestampedMessage(reply), reply);
                var stamp = LocalDateTime.parse(reply.substring("Server received at ".length(),
                        "Server received at ".length() + 19), ReplyFormats.TIMESTAMP);
                assertTrue(!stamp.isBefore(before) && !stamp.isAfter(after), stamp + " not within the exchange");
            } finally {
                service.shutdown();
            }
        }

        @Test
        void readsOneMessageOfAtMostTheLimit() throws Exception {
            var service = TestServices.start("echo-tcp", EchoService::listener,
                    Map.of("echo.mode", "timestamp", "echo.max-message", "8"));
            try {
                var reply = Wire.exchange(service.listenerPort(), "0123456789abcdef");
                var message = ReplyFormats.parseTimestampedMessage(reply);
                assertNotNull(message, reply);
                assertTrue(message.length() <= 8 && "0123456789abcdef".startsWith(message), message);
            } finally {
                service.shutdown();
            }
        }

        @Test
        void invalidUtf8IsRepliedWithReplacementCharacters() throws IOException {
            var service = TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "timestamp"));
            try (var socket = Wire.connect(service.listenerPort())) {
                socket.getOutputStream().write(new byte[] {'o', 'k', (byte) 0xC3});
                var reply = Wire.readToEndUtf8(socket);
                assertEquals("ok\uFFFD", ReplyFormats.parseTimestampedMessage(reply));
            } finally {
                service.shutdown();
            }
        }
    }

}
