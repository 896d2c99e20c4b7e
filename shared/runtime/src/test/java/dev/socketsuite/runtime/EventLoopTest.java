package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** The event loops keep serving every other connection when one protocol call fails. */
class EventLoopTest {

    /** Echoes, but fails on bytes that start with '!': a protocol with a bug in it. */
    private static final LoopProtocol FRAGILE = received -> {
        if (received.get(received.position()) == '!') {
            throw new IllegalStateException("a bug in the protocol");
        }
        return received;
    };

    @Test
    void aProtocolThatThrowsEndsOnlyItsOwnConnectionAndIsCounted() throws Exception {
        var service = TestServices.start("loop-test", context -> StreamListener.tcp(context, FRAGILE),
                Map.of("listener.host", "127.0.0.1", "listener.port", "0"));
        try {
            int port = service.listenerPort();
            var health = new HealthClient(service.healthPort());
            try (var bystander = Wire.connect(port); var victim = Wire.connect(port)) {
                assertEcho(bystander, "before");
                victim.getOutputStream().write("!boom".getBytes(StandardCharsets.US_ASCII));
                assertTrue(Wire.closedByServer(victim), "the failing connection stayed open");
                assertEquals(1, health.awaitCounter(1, "socket_errors_total", "kind=\"handler\""));
                assertEcho(bystander, "after");
                try (var newcomer = Wire.connect(port)) {
                    assertEcho(newcomer, "still accepted and served");
                }
            }
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 0),
                    "connections were not released");
        } finally {
            service.shutdown();
        }
    }

    private static void assertEcho(Socket socket, String text) throws IOException {
        var bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        assertArrayEquals(bytes, socket.getInputStream().readNBytes(bytes.length));
    }
}
