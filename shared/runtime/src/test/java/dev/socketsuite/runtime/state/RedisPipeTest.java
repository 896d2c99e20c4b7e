package dev.socketsuite.runtime.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import dev.socketsuite.protocol.redis.RespReply;
import dev.socketsuite.protocol.tls.PemFiles;
import dev.socketsuite.protocol.tls.TlsManagers;
import dev.socketsuite.runtime.stream.LoopClient;
import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.TestCertificates;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** An event loop's own Redis connection against a real redis-server. */
class RedisPipeTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private final List<String> failures = new CopyOnWriteArrayList<>();

    private RedisPipe pipe(LoopClient loop, int port, int minReplicas) {
        var target = new RedisPipe.Target(InetSocketAddress.createUnresolved("127.0.0.1", port), List.of(), null);
        return new RedisPipe(loop, () -> target, TIMEOUT, minReplicas, failures::add);
    }

    /** A connection over TLS to {@code localhost}, trusting the authority in {@code ca}. */
    private RedisPipe tlsPipe(LoopClient loop, int port, Path ca) throws Exception {
        var context = SSLContext.getInstance("TLS");
        context.init(null, TlsManagers.trusting(PemFiles.certificates(ca)), null);
        var target = new RedisPipe.Target(InetSocketAddress.createUnresolved("localhost", port), List.of(), context);
        return new RedisPipe(loop, () -> target, TIMEOUT, 0, failures::add);
    }

    /** Sends {@code commands} in one turn of {@code loop}; the replies' futures, in order. */
    private static List<CompletableFuture<RespReply>> send(LoopClient loop, RedisPipe pipe, List<List<String>> commands)
            throws Exception {
        var sent = new CompletableFuture<List<CompletableFuture<RespReply>>>();
        loop.execute(() -> {
            var futures = new ArrayList<CompletableFuture<RespReply>>();
            commands.forEach(command -> futures.add(pipe.send(command, true)));
            sent.complete(futures);
        });
        return sent.get(5, TimeUnit.SECONDS);
    }

    private static RespReply reply(CompletableFuture<RespReply> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<RespReply> future) throws Exception {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("it did not fail");
    }

    /** 2,000 commands whose replies show their order: ECHO of its index, then INCR of one key, in turn. */
    private static List<List<String>> echoesAndIncrements() {
        var commands = new ArrayList<List<String>>();
        for (int i = 0; i < 2000; i++) {
            commands.add(i % 2 == 0 ? List.of("ECHO", "m" + i) : List.of("INCR", "order"));
        }
        return commands;
    }

    /** The replies to {@link #echoesAndIncrements}, found from {@code from} on in {@code replies}. */
    private static void assertEchoesAndIncrements(List<CompletableFuture<RespReply>> replies, int from) throws Exception {
        for (int i = 0; i < 2000; i++) {
            var expected = i % 2 == 0 ? RespReply.Bulk.of("m" + i) : new RespReply.Int(i / 2 + 1);
            assertEquals(expected, reply(replies.get(from + i)), "reply " + i);
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInTheirOrder() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 0);
            var replies = send(loop, pipe, echoesAndIncrements());
            assertEchoesAndIncrements(replies, 0);
            assertEquals(List.of(), failures);
        }
    }

    /** Over TLS, the handshake driven by the loop: pipelined commands and replies that span many records. */
    @Test
    void overTlsPipelinedCommandsAndLargeRepliesComeBackInOrder(@TempDir Path dir) throws Exception {
        var certificates = TestCertificates.create(dir);
        try (var server = RedisServer.startTls(certificates)) {
            var loop = LoopClient.next();
            var pipe = tlsPipe(loop, server.tlsPort(), certificates.caCertificate());
            var big = "y".repeat(300 * 1024);
            var commands = new ArrayList<List<String>>();
            commands.add(List.of("SET", "big", big));
            commands.addAll(echoesAndIncrements());
            commands.add(List.of("GET", "big"));
            var replies = send(loop, pipe, commands);
            assertEquals(new RespReply.Status("OK"), reply(replies.getFirst()));
            assertEchoesAndIncrements(replies, 1);
            assertEquals(RespReply.Bulk.of(big), reply(replies.getLast()));
            assertEquals(List.of(), failures);
        }
    }

    /** A server whose certificate no trusted authority signed is a refusal, told to the availability, never a wait. */
    @Test
    void overTlsAnUntrustedServerIsARefusal(@TempDir Path dir) throws Exception {
        var certificates = TestCertificates.create(dir);
        try (var server = RedisServer.startTls(certificates)) {
            var loop = LoopClient.next();
            var pipe = tlsPipe(loop, server.tlsPort(), certificates.strangerCertificate());
            var error = failure(send(loop, pipe, List.of(List.of("PING"))).getFirst());
            assertInstanceOf(StateUnavailableException.class, error);
            assertTrue(failures.stream().anyMatch(reason -> reason.contains("certification path")
                    || reason.contains("certificate")), failures.toString());
        }
    }

    @Test
    void anErrorReplyIsTheCommandsAloneAndTheConnectionGoesOn() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 0);
            var replies = send(loop, pipe, List.of(List.of("EVALSHA", "0".repeat(40), "0"), List.of("PING")));
            assertEquals("NOSCRIPT", assertInstanceOf(RespReply.Error.class, reply(replies.get(0))).code());
            assertEquals(new RespReply.Status("PONG"), reply(replies.get(1)));
        }
    }

    @Test
    void aServerKilledMidBatchFailsWhatWasInFlightAndTheNextCommandConnectsAgain() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 0);
            assertEquals(new RespReply.Status("PONG"), reply(send(loop, pipe, List.of(List.of("PING"))).getFirst()));
            server.pause(); // the batch is on the wire, unanswered, when the server dies
            var inFlight = send(loop, pipe, List.of(List.of("INCR", "a"), List.of("INCR", "a")));
            server.kill();
            for (var future : inFlight) {
                assertInstanceOf(StateUnavailableException.class, failure(future));
            }
            assertFalse(failures.isEmpty(), "the availability was not told");
            server.restart();
            assertEquals(new RespReply.Status("PONG"), reply(send(loop, pipe, List.of(List.of("PING"))).getFirst()));
        }
    }

    /** Redis's idle timeout closing a connection with nothing in flight is no outage: the next command connects again. */
    @Test
    void anIdleConnectionTheServerClosesIsReopenedWithoutAnOutage() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 0);
            assertEquals(new RespReply.Status("OK"),
                    reply(send(loop, pipe, List.of(List.of("CONFIG", "SET", "timeout", "1"))).getFirst()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (open(loop, pipe) && System.nanoTime() < deadline) {
                Thread.sleep(100); // Redis closes idle clients within a second or two of the timeout
            }
            assertFalse(open(loop, pipe), "the server never closed the idle connection");
            assertEquals(List.of(), failures, "an idle close was taken for an outage");
            assertEquals(new RespReply.Status("PONG"), reply(send(loop, pipe, List.of(List.of("PING"))).getFirst()));
        }
    }

    private static boolean open(LoopClient loop, RedisPipe pipe) throws Exception {
        var open = new CompletableFuture<Boolean>();
        loop.execute(() -> open.complete(pipe.open()));
        return open.get(5, TimeUnit.SECONDS);
    }

    /** A hung server costs its own commands a timeout; the loop goes on serving another connection meanwhile. */
    @Test
    void aServerThatStopsAnsweringTimesOutWithoutStallingTheLoop() throws Exception {
        try (var hung = RedisServer.start(); var live = RedisServer.start()) {
            var loop = LoopClient.next();
            var stuck = pipe(loop, hung.port(), 0);
            var fine = pipe(loop, live.port(), 0);
            reply(send(loop, stuck, List.of(List.of("PING"))).getFirst());
            hung.pause();
            try {
                long begin = System.nanoTime();
                var waiting = send(loop, stuck, List.of(List.of("INCR", "x"))).getFirst();
                for (int i = 0; i < 20; i++) {
                    assertEquals(new RespReply.Status("PONG"), reply(send(loop, fine, List.of(List.of("PING"))).getFirst()));
                }
                assertFalse(waiting.isDone(), "the hung server's command ended before its timeout");
                var error = failure(waiting);
                assertInstanceOf(StateUnavailableException.class, error);
                assertTrue(error.getMessage().contains("did not answer within 500 ms"), error.getMessage());
                assertTrue(System.nanoTime() - begin >= TIMEOUT.toNanos(), "failed before its timeout");
            } finally {
                hung.resume();
            }
        }
    }

    /** A reply past the parser's bound ends the connection (the stream is out of step); the next command gets a new one. */
    @Test
    void aReplyTooLargeForTheBoundFailsItsCommandAndTheConnection() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 0);
            var big = "x".repeat(2 * 1024 * 1024);
            assertEquals(new RespReply.Status("OK"), reply(send(loop, pipe, List.of(List.of("SET", "big", big))).getFirst()));
            var error = failure(send(loop, pipe, List.of(List.of("GET", "big"))).getFirst());
            assertTrue(error.getMessage().contains("a bulk string of 2097152 bytes"), error.getMessage());
            assertEquals(new RespReply.Int(2 * 1024 * 1024), reply(send(loop, pipe, List.of(List.of("STRLEN", "big"))).getFirst()));
        }
    }

    @Test
    void noServerListeningIsARefusalNotAWait() throws Exception {
        var loop = LoopClient.next();
        var pipe = pipe(loop, Wire.freePort(), 0);
        var error = failure(send(loop, pipe, List.of(List.of("PING"))).getFirst());
        assertInstanceOf(StateUnavailableException.class, error);
        assertFalse(failures.isEmpty());
    }

    /** With replicas to wait for and none there, a write's reply is held for the WAIT, then refused. */
    @Test
    void aWriteTooFewReplicasHoldIsRefused() throws Exception {
        try (var server = RedisServer.start()) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 1);
            var error = failure(send(loop, pipe, List.of(List.of("INCR", "w"))).getFirst());
            assertInstanceOf(NotReplicatedException.class, error);
            assertTrue(error.getMessage().startsWith("0 of the 1 replicas"), error.getMessage());
        }
    }

    /**
     * A write answered but held for its WAIT is out of flight: a connection lost before the WAIT
     * answers must still fail it, or its caller would wait for ever.
     */
    @Test
    void aWriteHeldForItsWaitFailsWhenTheConnectionIsLost() throws Exception {
        try (var server = RedisServer.start(); var look = new Jedis("127.0.0.1", server.port())) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, server.port(), 1);
            var held = send(loop, pipe, List.of(List.of("INCR", "held"))).getFirst();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!"1".equals(look.get("held")) && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the write is done; its WAIT, with no replica, blocks for 250 ms
            }
            assertEquals("1", look.get("held"));
            server.kill();
            assertInstanceOf(StateUnavailableException.class, failure(held));
        }
    }

    @Test
    void aWriteAReplicaHoldsIsAnsweredAfterItsWait() throws Exception {
        try (var primary = RedisServer.start(); var replica = RedisServer.startReplicaOf(primary)) {
            var loop = LoopClient.next();
            var pipe = pipe(loop, primary.port(), 1);
            RespReply answered = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (answered == null && System.nanoTime() < deadline) { // until the replica has synced
                var future = send(loop, pipe, List.of(List.of("INCR", "w"))).getFirst();
                try {
                    answered = future.get(5, TimeUnit.SECONDS);
                } catch (ExecutionException notYet) {
                    assertInstanceOf(NotReplicatedException.class, notYet.getCause());
                }
            }
            assertInstanceOf(RespReply.Int.class, answered);
        }
    }
}
