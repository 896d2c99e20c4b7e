package dev.socketsuite.runtime.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.TestServices;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;

/** The event loops keep serving every other connection when one protocol call fails, and never wait on an unrelated event. */
class EventLoopTest {

    /** Echoes, but fails on bytes that start with '!': a protocol with a bug in it. */
    private static final LoopProtocol FRAGILE = (received, readNanos, connection, replies) -> {
        if (received.get(received.position()) == '!') {
            throw new IllegalStateException("a bug in the protocol");
        }
        replies.send(received);
        return LoopProtocol.Next.STAY;
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
            assertTrue(health.metric("socket_loop_stalls_total", "service=\"loop-test\"").isPresent(),
                    "the loops' stall count is not served");
        } finally {
            service.shutdown();
        }
    }

    /**
     * The JDK's epoll selector clears a pending wakeup at the end of the selection that saw it,
     * and a wakeup asked for while one is pending does nothing: so a hand-over made in a
     * selection that also took another thread's wakeup used to wait for the next unrelated
     * event, which on an idle loop never came. This builds that selection on purpose: the loop
     * is held while the peer's bytes arrive and another thread asks for a wakeup, then let go.
     */
    @Test
    void aHandOverMadeInTheSelectionThatTookAnotherWakeupIsNotLeftWaiting() throws Exception {
        var loop = EventLoop.start("wakeup-test-loop");
        try (var listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             var client = new Socket("127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort())) {
            client.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
            var connection = new Connection(1, listener.accept(), new ServiceMetrics("wakeup-test"));
            loop.add(connection, new LoopProtocolAdapter(connection, new HandsEverythingOver(), loop, "handed-over"));
            awaitOnLoop(loop, () -> { }); // registered: tasks run in order

            var held = new CountDownLatch(1);
            var letGo = new CountDownLatch(1);
            loop.execute(() -> {
                held.countDown();
                awaitQuietly(letGo);
            });
            assertTrue(held.await(5, TimeUnit.SECONDS), "the loop never ran the holding task");
            client.getOutputStream().write('x');
            awaitReadable(connection.channel());
            loop.execute(() -> { }); // another thread's wakeup: pending when the loop selects next
            letGo.countDown();

            assertEquals("handed over: x\n", new String(client.getInputStream().readNBytes(15), StandardCharsets.US_ASCII),
                    "the handed-over connection was not served");
            assertEquals(0, loop.stalls(), "the hand-over waited past the watchdog's bound");
        }
    }

    /**
     * A reply that comes later holds neither the loop nor a thread: while it is awaited,
     * connections on every loop are answered, and the lines after it come once it did, in order.
     */
    @Test
    void aReplyThatComesLaterKeepsItsPlaceAndHoldsNoLoop() throws Exception {
        var protocol = new AnswersSomeLater();
        var service = TestServices.start("later-test", context -> StreamListener.tcp(context, protocol),
                Map.of("listener.host", "127.0.0.1", "listener.port", "0"));
        try (var waiting = Wire.connect(service.listenerPort())) {
            waiting.setSoTimeout(5_000);
            waiting.getOutputStream().write("a\nlater b\nc\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("a\n".getBytes(StandardCharsets.US_ASCII), waiting.getInputStream().readNBytes(2));
            assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> protocol.awaited.containsKey("b")));
            // One connection per loop at least, so one shares the waiting connection's loop.
            for (int i = 0; i <= Runtime.getRuntime().availableProcessors(); i++) {
                try (var other = Wire.connect(service.listenerPort())) {
                    other.setSoTimeout(5_000);
                    other.getOutputStream().write(("other " + i + "\n").getBytes(StandardCharsets.US_ASCII));
                    var expected = ("other " + i + "\n").getBytes(StandardCharsets.US_ASCII);
                    assertArrayEquals(expected, other.getInputStream().readNBytes(expected.length),
                            "a connection was not served while a reply was awaited");
                }
            }
            assertEquals(0, waiting.getInputStream().available(), "a line after the awaited reply overtook it");
            protocol.awaited.get("b").complete("b\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("b\nc\n".getBytes(StandardCharsets.US_ASCII), waiting.getInputStream().readNBytes(4));
            waiting.getOutputStream().write("d\n".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("d\n".getBytes(StandardCharsets.US_ASCII), waiting.getInputStream().readNBytes(2),
                    "the connection did not read again after the awaited reply");
        } finally {
            service.shutdown();
        }
    }

    /**
     * A loop wakes other threads once its turn's work is done; any other thread does it at
     * once. Work a queued task puts off goes before the loop selects again: an idle loop's
     * selection blocks for up to a second, which each pipelined request answered from a task
     * once waited out before its number was asked for.
     */
    @Test
    void workPutOffToTheTurnsEndRunsAfterTheTurnAndNeverWaitsForTheNextSelection() throws Exception {
        var loop = EventLoop.start("turn-test-loop");
        var order = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var putOff = new CountDownLatch(1);
        awaitOnLoop(loop, () -> {
            LoopTurn.atEnd(() -> {
                order.add("put off");
                putOff.countDown();
            });
            order.add("the turn's work");
        });
        // Half the longest selection: a run that waited for the idle loop's selection to time out fails.
        assertTrue(putOff.await(500, TimeUnit.MILLISECONDS), "work put off by a task waited for the next selection");
        assertEquals(java.util.List.of("the turn's work", "put off"), order);

        order.clear();
        LoopTurn.atEnd(() -> order.add("now"));
        assertEquals(java.util.List.of("now"), order);
    }

    @Test
    void workThatWaitsLongerThanTheBoundIsCountedAsOneStall() throws Exception {
        var loop = EventLoop.start("stall-test-loop", Duration.ofMillis(20));
        var letGo = new CountDownLatch(1);
        loop.execute(() -> awaitQuietly(letGo));
        loop.execute(() -> { }); // queued behind the held task, so it waits as long as that is held
        Thread.sleep(100); // the wait the watchdog must see: longer than its bound
        letGo.countDown();
        assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> loop.stalls() > 0), "the stall was not counted");
        assertEquals(1, loop.stalls(), "one held turn was counted more than once");
    }

    /** Answers nothing on the loop: every read goes to the connection's thread, which says what it got. */
    private static final class HandsEverythingOver implements LoopProtocol {
        @Override
        public Next answer(ByteBuffer received, long readNanos, Connection connection, LoopReplies replies) {
            return Next.HAND_OVER;
        }

        @Override
        public void continueOnThread(Connection connection) throws IOException {
            int first = connection.input().read();
            connection.output().write(("handed over: " + (char) first + "\n").getBytes(StandardCharsets.US_ASCII));
            connection.output().flush();
        }

    }

    /**
     * A line protocol on the loop: {@code later NAME} is answered when the test completes
     * {@code NAME}'s future, any other line at once. Lines after a late one wait for it.
     */
    private static final class AnswersSomeLater implements LoopProtocol {
        final Map<String, CompletableFuture<byte[]>> awaited = new ConcurrentHashMap<>();

        @Override
        public Next answer(ByteBuffer received, long readNanos, Connection connection, LoopReplies replies) {
            while (true) {
                int start = received.position();
                int end = start;
                while (end < received.limit() && received.get(end) != '\n') {
                    end++;
                }
                if (end == received.limit()) {
                    return Next.STAY; // a partial line: this test never sends one
                }
                var line = new byte[end - start];
                received.get(line).get(); // the line, then its LF
                var text = new String(line, StandardCharsets.US_ASCII);
                if (text.startsWith("later ")) {
                    var reply = new CompletableFuture<byte[]>();
                    awaited.put(text.substring(6), reply);
                    replies.later(reply);
                    return Next.STAY;
                }
                replies.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Runs {@code task} on {@code loop} and waits until it ran. */
    private static void awaitOnLoop(EventLoop loop, Runnable task) throws InterruptedException {
        var ran = new CountDownLatch(1);
        loop.execute(() -> {
            task.run();
            ran.countDown();
        });
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the loop did not run a task within 5 s");
    }

    /** Waits, on a selector of its own, until the peer's bytes are in {@code channel}'s receive buffer. */
    private static void awaitReadable(SocketChannel channel) throws IOException {
        try (var probe = Selector.open()) {
            channel.register(probe, SelectionKey.OP_READ);
            assertEquals(1, probe.select(5_000), "the peer's byte never arrived");
        } // closing the probe lets go of the channel, which must block again on its thread
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void assertEcho(Socket socket, String text) throws IOException {
        var bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        assertArrayEquals(bytes, socket.getInputStream().readNBytes(bytes.length));
    }
}
