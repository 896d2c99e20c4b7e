package dev.socketsuite.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RFC 862 echo over real sockets: every byte back, in order, whatever it is. */
class EchoModeTest {

    private static RunningService service;
    private static int port;
    private static HealthClient health;

    @BeforeAll
    static void start() {
        service = TestServices.start("echo-tcp", EchoService::listener, Map.of("echo.mode", "echo"));
        port = service.listenerPort();
        health = new HealthClient(service.healthPort());
    }

    @AfterAll
    static void stop() {
        service.shutdown();
    }

    @Test
    void echoesRandomBinaryDataAndClosesAfterHalfClose() throws IOException {
        var data = new byte[64 * 1024];
        new Random(862).nextBytes(data);
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write(data);
            socket.shutdownOutput();
            // End-of-stream arriving at all is the half-close rule: the server finished and closed.
            assertArrayEquals(data, Wire.readToEnd(socket.getInputStream()));
        }
    }

    @Test
    void echoesEachWriteWithoutWaitingForTheEnd() throws Exception {
        double exchangesBefore = health.latencyCount("exchange");
        try (var socket = Wire.connect(port)) {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            for (var word : new String[] {"ping\n", "\u00e9\u00e8\r\n", "\0\1\2"}) {
                var bytes = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(bytes);
                assertArrayEquals(bytes, in.readNBytes(bytes.length));
            }
        }
        // Each write came back before the next was sent: three exchanges in the latency histogram.
        assertEquals(exchangesBefore + 3, health.awaitLatencyCount(exchangesBefore + 3, "exchange"));
    }

    @Test
    void aClientThatResetsIsCountedApartFromErrors() throws Exception {
        double resetsBefore = health.counter("socket_connections_reset_total");
        double errorsBefore = health.counter("socket_errors_total", "kind=\"peer_io\"");
        // Reset while the server waits for the next read.
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertEquals("ping", new String(socket.getInputStream().readNBytes(4), java.nio.charset.StandardCharsets.US_ASCII));
            socket.setSoLinger(true, 0); // close sends RST, as a killed client or a load tool's teardown does
        }
        // Reset with echoes unread, while the server is still writing them back.
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write(new byte[64 * 1024]); // fits in the socket buffers, so the write never waits
            socket.setSoLinger(true, 0);
        }
        assertEquals(resetsBefore + 2, health.awaitCounter(resetsBefore + 2, "socket_connections_reset_total"));
        assertEquals(errorsBefore, health.counter("socket_errors_total", "kind=\"peer_io\""));
    }

    @Test
    void streamsManyMegabytesIntact() throws Exception {
        long total = 24L * 1024 * 1024;
        try (var socket = Wire.connect(port); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> sent = pool.submit(() -> {
                var digest = MessageDigest.getInstance("SHA-256");
                writeRandom(socket.getOutputStream(), total, digest, new AtomicLong());
                socket.shutdownOutput();
                return digest.digest();
            });
            var received = MessageDigest.getInstance("SHA-256");
            long count = readAll(socket.getInputStream(), received);
            assertEquals(total, count);
            assertArrayEquals(sent.get(), received.digest());
        }
    }

    @Test
    void aPeerThatDoesNotReadIsPausedWhileOthersAreServed() throws Exception {
        long total = 64L * 1024 * 1024; // far more than the socket buffers on both sides hold
        var written = new AtomicLong();
        try (var socket = Wire.connect(port); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<byte[]> sent = pool.submit(() -> {
                var digest = MessageDigest.getInstance("SHA-256");
                writeRandom(socket.getOutputStream(), total, digest, written);
                socket.shutdownOutput();
                return digest.digest();
            });
            // The writer stalls once the server stops reading a peer that leaves its echo unread.
            assertTrue(Wire.stallsWithin(Duration.ofSeconds(10), written), "the writer never stalled");
            assertTrue(written.get() < total, "the server read everything without echoing it: "
                    + written.get() + " bytes taken");
            assertEquals("others go on\n", roundTrip("others go on\n"));
            var received = MessageDigest.getInstance("SHA-256");
            assertEquals(total, readAll(socket.getInputStream(), received));
            assertArrayEquals(sent.get(), received.digest());
        }
    }

    @Test
    void twoHundredConcurrentClientsEachGetTheirOwnBytes() throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<Boolean>>();
            for (int i = 0; i < 200; i++) {
                int seed = i;
                results.add(pool.submit((Callable<Boolean>) () -> {
                    var data = new byte[8 * 1024 + seed];
                    new Random(seed).nextBytes(data);
                    try (var socket = Wire.connect(port)) {
                        socket.getOutputStream().write(data);
                        socket.shutdownOutput();
                        return java.util.Arrays.equals(data, Wire.readToEnd(socket.getInputStream()));
                    }
                }));
            }
            for (var result : results) {
                assertTrue(result.get(), "a client got bytes that were not its own");
            }
        }
    }

    @Test
    void clientsThatResetMidStreamLeaveNothingBehind() throws Exception {
        for (int i = 0; i < 20; i++) {
            var socket = Wire.connect(port);
            socket.getOutputStream().write(new byte[100_000]);
            socket.setSoLinger(true, 0); // close sends RST instead of FIN
            socket.close();
        }
        assertEquals("still here\n", roundTrip("still here\n"));
        assertTrue(HealthClient.await(Duration.ofSeconds(10), () -> health.openConnections() == 0),
                "reset connections were not released");
    }

    @Test
    void healthProbesAreUpAndDoNotCountAsConnections() throws Exception {
        double before = health.counter("socket_connections_opened_total", "service=\"echo-tcp\"");
        for (var probe : new String[] {"live", "ready", "started"}) {
            assertEquals(200, health.probe(probe), probe);
        }
        var all = health.get("/observe/health");
        assertEquals(200, all.statusCode());
        assertTrue(all.body().contains("\"listener\""), all.body());
        assertEquals(before, health.counter("socket_connections_opened_total", "service=\"echo-tcp\""));
    }

    private static String roundTrip(String text) throws IOException {
        try (var socket = Wire.connect(port)) {
            socket.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            socket.shutdownOutput();
            return Wire.readToEndUtf8(socket);
        }
    }

    private static void writeRandom(OutputStream out, long total, MessageDigest digest, AtomicLong written)
            throws IOException {
        var random = new Random(42);
        var chunk = new byte[32 * 1024];
        while (written.get() < total) {
            random.nextBytes(chunk);
            digest.update(chunk);
            out.write(chunk);
            written.addAndGet(chunk.length);
        }
    }

    private static long readAll(InputStream in, MessageDigest digest) throws IOException {
        var buffer = new byte[32 * 1024];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
            count += n;
        }
        return count;
    }
}
