package dev.socketsuite.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions whose input the event loops wait for: handed over in order on a thread that
 * may block, bounded while the session falls behind, and ended exactly once however the
 * connection ends.
 */
class SessionProtocolTest {

    private static final int BIG_REPLY = 32 * 1024 * 1024;

    /** How each session ended, in order. */
    private final BlockingQueue<String> ends = new LinkedBlockingQueue<>();
    /** How each writer thread of its own ended (see {@code big later}). */
    private final BlockingQueue<String> writers = new LinkedBlockingQueue<>();
    private RunningService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.shutdown();
        }
    }

    @Test
    void linesArriveInOrderAndAPauseEndsAPartialLine() throws Exception {
        int port = start(new LineProbe(), Map.of());
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            send(socket, "one\ntwo\npart");
            assertEquals("got one", in.readLine());
            assertEquals("got two", in.readLine());
            assertEquals("quiet part", in.readLine());
            send(socket, "three\n");
            assertEquals("got three", in.readLine());
            socket.shutdownOutput();
            assertEquals("bye", in.readLine()); // written after the peer shut its output
            assertEquals(null, in.readLine());
        }
        assertEquals("end of stream", ends.poll(5, TimeUnit.SECONDS));
    }

    /** The loop owns a served connection's input: reading it from the session is refused plainly. */
    @Test
    void aSessionCannotReadTheInputTheLoopOwns() throws Exception {
        int port = start(new LineProbe(), Map.of());
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            send(socket, "read input\none\n");
            assertEquals("refused", in.readLine());
            assertEquals("got one", in.readLine()); // the bytes it tried to take still arrive in order
        }
    }

    @Test
    void aWriterThatFillsTheSocketWaitsForThePeerToRead() throws Exception {
        int port = start(new LineProbe(), Map.of());
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            send(socket, "big\n");
            Thread.sleep(300); // not reading yet: the socket fills and the writer must wait
            var reply = socket.getInputStream().readNBytes(BIG_REPLY);
            assertEquals(BIG_REPLY, reply.length);
            for (int i = 0; i < reply.length; i++) {
                if (reply[i] != (byte) i) {
                    throw new AssertionError("byte " + i + " of the big reply is wrong");
                }
            }
            send(socket, "after\n");
            assertEquals("got after", in.readLine());
        }
    }

    @Test
    void aWriterWaitingForAPeerThatNeverReadsIsReleasedWhenTheSessionEnds() throws Exception {
        int port = start(new LineProbe(), Map.of());
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            send(socket, "big later\n");
            socket.shutdownOutput(); // the session ends; its writer is stuck on a full socket
            assertEquals("end of stream", ends.poll(5, TimeUnit.SECONDS));
            var writer = writers.poll(5, TimeUnit.SECONDS);
            assertTrue(writer != null && writer.startsWith("failed"), "the writer is still waiting: " + writer);
        }
    }

    @Test
    void aSessionThatFallsBehindStopsReadingAndLosesNothing() throws Exception {
        var slow = new CountDownLatch(1);
        int port = start(new DigestProbe(slow), Map.of());
        long total = 64L * 1024 * 1024; // far more than the socket buffers and the hand-off queue hold
        var written = new AtomicLong();
        try (var socket = Wire.connect(port); var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var sent = pool.submit(() -> {
                var digest = MessageDigest.getInstance("SHA-256");
                var random = new Random(7);
                var chunk = new byte[32 * 1024];
                while (written.get() < total) {
                    random.nextBytes(chunk);
                    digest.update(chunk);
                    socket.getOutputStream().write(chunk);
                    written.addAndGet(chunk.length);
                }
                socket.shutdownOutput();
                return HexFormat.of().formatHex(digest.digest());
            });
            assertTrue(Wire.stallsWithin(Duration.ofSeconds(10), written), "the writer never stalled");
            assertTrue(written.get() < total, "the server took everything while its session was stuck: "
                    + written.get() + " bytes");
            slow.countDown();
            var line = reader(socket).readLine();
            assertEquals(total + " " + sent.get(), line);
        }
        assertEquals("end of stream", ends.poll(5, TimeUnit.SECONDS));
    }

    @Test
    void aSessionThatThrowsEndsOnlyItsOwnConnectionAndIsCounted() throws Exception {
        int port = start(new LineProbe(), Map.of());
        var health = new HealthClient(service.healthPort());
        try (var bystander = Wire.connect(port); var victim = Wire.connect(port);
             var bystanderIn = reader(bystander); var victimIn = reader(victim)) {
            assertEquals("hello", bystanderIn.readLine());
            assertEquals("hello", victimIn.readLine());
            send(victim, "boom\n");
            assertTrue(Wire.closedByServer(victim), "the failing connection stayed open");
            assertEquals("closed", ends.poll(5, TimeUnit.SECONDS));
            assertEquals(1, health.awaitCounter(1, "socket_errors_total", "kind=\"handler\""));
            send(bystander, "still here\n");
            assertEquals("got still here", bystanderIn.readLine());
        }
        assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 0),
                "connections were not released");
    }

    @Test
    void aSessionClosedWhileItOpensHearsOfItsEndAndCountsNoError() throws Exception {
        // A service name of its own: the meter registry is the JVM's, shared with the other tests.
        int port = start("session-closed-test", new LineProbe(true), Map.of());
        var health = new HealthClient(service.healthPort());
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            assertTrue(Wire.closedByServer(socket), "the connection closed while opening stayed open");
        }
        assertEquals("closed", ends.poll(5, TimeUnit.SECONDS));
        assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 0),
                "the connection was not released");
        assertEquals(0, health.counter("socket_errors_total", "service=\"session-closed-test\""),
                "our own close was counted as an error");
    }

    @Test
    void theIdleTimeoutEndsASilentSession() throws Exception {
        int port = start(new LineProbe(), Map.of("listener.idle-timeout", "500ms"));
        try (var socket = Wire.connect(port); var in = reader(socket)) {
            assertEquals("hello", in.readLine());
            assertTrue(Wire.closedByServer(socket), "the silent connection stayed open");
        }
        assertEquals("closed", ends.poll(5, TimeUnit.SECONDS));
    }

    private int start(SessionProtocol handler, Map<String, String> overrides) {
        return start("session-test", handler, overrides);
    }

    private int start(String name, SessionProtocol handler, Map<String, String> overrides) {
        var config = new HashMap<>(Map.of("listener.host", "127.0.0.1", "listener.port", "0"));
        config.putAll(overrides);
        service = TestServices.start(name, context -> StreamListener.tcp(context, handler), config);
        return service.listenerPort();
    }

    private static BufferedReader reader(Socket socket) throws IOException {
        return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bigReply() {
        var big = new byte[BIG_REPLY];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        return big;
    }

    private static void write(Connection connection, String line) throws IOException {
        connection.output().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Greets, answers each line ({@code got LINE}), a partial line left for 100 ms
     * ({@code quiet PART}), {@code big} with 32 MiB ({@code big later}: from a writer thread
     * of its own, as chat writes), and throws at {@code boom}.
     */
    private final class LineProbe implements SessionProtocol {
        /** Closes each connection after the greeting, before the session is handed its input. */
        private final boolean closeWhileOpening;

        LineProbe() {
            this(false);
        }

        LineProbe(boolean closeWhileOpening) {
            this.closeWhileOpening = closeWhileOpening;
        }

        @Override
        public Session open(Connection connection) throws IOException {
            write(connection, "hello");
            if (closeWhileOpening) {
                connection.close();
            }
            return new Session() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public void received(byte[] bytes) throws IOException {
                    for (char c : new String(bytes, StandardCharsets.UTF_8).toCharArray()) {
                        if (c != '\n') {
                            partial.append(c);
                            continue;
                        }
                        var line = partial.toString();
                        partial.setLength(0);
                        switch (line) {
                            case "boom" -> throw new IllegalStateException("a bug in the session");
                            case "read input" -> {
                                try {
                                    connection.input().read();
                                    write(connection, "read the loop's input");
                                } catch (IllegalStateException refused) {
                                    write(connection, "refused");
                                }
                            }
                            case "big" -> connection.output().write(bigReply());
                            case "big later" -> Thread.ofVirtual().start(() -> {
                                try {
                                    connection.output().write(bigReply());
                                    writers.add("wrote");
                                } catch (IOException e) {
                                    writers.add("failed: " + e);
                                }
                            });
                            default -> write(connection, "got " + line);
                        }
                    }
                }

                @Override
                public Duration quietPeriod() {
                    return partial.isEmpty() ? Duration.ZERO : Duration.ofMillis(100);
                }

                @Override
                public void quiet() throws IOException {
                    write(connection, "quiet " + partial);
                    partial.setLength(0);
                }

                @Override
                public void ended(boolean endOfStream) throws IOException {
                    ends.add(endOfStream ? "end of stream" : "closed");
                    if (endOfStream) {
                        write(connection, "bye");
                    }
                }
            };
        }
    }

    /** Counts and digests everything; stuck in its first call until {@code slow} opens; answers both at the end. */
    private final class DigestProbe implements SessionProtocol {
        private final CountDownLatch slow;

        DigestProbe(CountDownLatch slow) {
            this.slow = slow;
        }

        @Override
        public Session open(Connection connection) throws IOException {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return new Session() {
                private long count;

                @Override
                public void received(byte[] bytes) throws IOException {
                    try {
                        slow.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                    count += bytes.length;
                    digest.update(bytes);
                }

                @Override
                public void ended(boolean endOfStream) throws IOException {
                    ends.add(endOfStream ? "end of stream" : "closed");
                    write(connection, count + " " + HexFormat.of().formatHex(digest.digest()));
                }
            };
        }
    }
}
