package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.Wire;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat room over real sockets: seed exchange, order, commands, bounds. */
class ChatTest {

    /** Messages one client may have unacknowledged in the order test. */
    private static final int WINDOW = 32;

    @RegisterExtension
    final RunningChat chat = new RunningChat();

    @Test
    void theOriginClientGetsTheWelcomeAndOneAckPerUnterminatedMessage() throws IOException {
        int port = chat.start(Map.of());
        try (var socket = Wire.connect(port)) {
            var in = socket.getInputStream();
            var out = socket.getOutputStream();
            var welcome = "Hello from the socket server!\n".getBytes(StandardCharsets.UTF_8);
            assertEquals(new String(welcome, StandardCharsets.UTF_8), new String(in.readNBytes(welcome.length), StandardCharsets.UTF_8));
            for (var message : new String[] {"hello", "how are you?"}) {
                out.write(message.getBytes(StandardCharsets.UTF_8)); // no newline, as client.py sends
                var ack = "Received your message!\n".getBytes(StandardCharsets.UTF_8);
                assertEquals("Received your message!\n", new String(in.readNBytes(ack.length), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void othersSeeMessagesAsNickAndTextWithJoinAndLeaveNotices() throws Exception {
        int port = chat.start(Map.of());
        var health = new HealthClient(chat.service().healthPort());
        double relayedBefore = health.latencyCount("chat_relay");
        try (var alice = ChatClient.joined(port)) {
            try (var bob = ChatClient.joined(port)) {
                assertEquals("* guest-2 joined", alice.line());
                alice.send("hi bob\r\n");
                assertEquals("Received your message!", alice.line());
                assertEquals("[guest-1] hi bob", bob.line());
            }
            assertEquals("* guest-2 left", alice.line());
        }
        assertEquals(relayedBefore + 1, health.awaitLatencyCount(relayedBefore + 1, "chat_relay"), "one relayed line");
    }

    @Test
    void escapesAndControlCharactersAreStrippedBeforeRelay() throws IOException {
        int port = chat.start(Map.of());
        try (var alice = ChatClient.joined(port); var bob = ChatClient.joined(port)) {
            alice.line();
            alice.send("\u001b[31mred\u001b[0m\u0007 \u001b]0;owned\u0007text\tok\n");
            assertEquals("Received your message!", alice.line());
            assertEquals("[guest-1] red text\tok", bob.line());
        }
    }

    @Test
    void nickWhoAndQuitCommands() throws IOException {
        int port = chat.start(Map.of());
        try (var alice = ChatClient.joined(port); var bob = ChatClient.joined(port)) {
            alice.line();
            alice.send("/nick alice\n");
            assertEquals("* guest-1 is now alice", alice.line());
            assertEquals("* guest-1 is now alice", bob.line());
            bob.send("/nick ALICE\n");
            assertEquals("error: nickname ALICE is taken", bob.line());
            bob.send("/nick bad name!\n");
            assertEquals("error: a nickname is 1-32 letters, digits, _ or -", bob.line());
            bob.send("/nick " + "x".repeat(33) + "\n");
            assertEquals("error: a nickname is 1-32 letters, digits, _ or -", bob.line());
            bob.send("/dance\n");
            assertTrue(bob.line().startsWith("error: unknown command /dance"));
            bob.send("/help\n");
            assertEquals("* commands: /nick NAME, /who, /whois NICK, /offsets on|off, /offset, /resume N, /help, /quit", bob.line());
            bob.send("/who\n");
            assertEquals("* online (2): alice, guest-2", bob.line());
            alice.send("hello\n");
            assertEquals("Received your message!", alice.line());
            assertEquals("[alice] hello", bob.line());
            alice.send("/quit\nsaid after quitting\n");
            assertEquals("* bye", alice.line());
            assertNull(alice.line(), "the server closes after /quit");
            assertEquals("* alice left", bob.line());
            bob.send("/who\n");
            assertEquals("* online (1): guest-2", bob.line(), "something alice sent after /quit reached the room");
        }
    }

    @Test
    void anOverLongLineGetsAnErrorAndTheConnectionStaysUsable() throws IOException {
        int port = chat.start(Map.of("chat.max-line", "64"));
        try (var alice = ChatClient.joined(port); var bob = ChatClient.joined(port)) {
            alice.line();
            alice.send("y".repeat(5000) + "\n");
            assertEquals("error: line longer than 64 bytes, dropped", alice.line());
            alice.send("short\n");
            assertEquals("Received your message!", alice.line());
            assertEquals("[guest-1] short", bob.line(), "bob saw nothing of the dropped line");
        }
    }

    @Test
    void aFullRoomSaysSoAndCloses() throws IOException {
        int port = chat.start(Map.of("listener.max-connections", "2"));
        try (var a = ChatClient.joined(port); var b = ChatClient.joined(port); var c = new ChatClient(port)) {
            assertEquals("server full", c.line());
            assertNull(c.line());
            a.send("still fine\n");
            assertEquals("* guest-2 joined", a.line());
            assertEquals("Received your message!", a.line());
        }
    }

    @Test
    void everyClientSeesEveryMessageInOneGlobalOrder() throws Exception {
        int port = chat.start(Map.of());
        int clients = 5;
        int each = 1000;
        var joined = new ArrayList<ChatClient>();
        for (int i = 0; i < clients; i++) {
            joined.add(ChatClient.joined(port));
        }
        // Everyone has seen every join before the traffic starts.
        for (int i = 0; i < clients; i++) {
            for (int j = i + 2; j <= clients; j++) {
                joined.get(i).awaitLine("* guest-" + j + " joined");
            }
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var views = new ArrayList<Future<List<String>>>();
            for (int i = 0; i < clients; i++) {
                var client = joined.get(i);
                var nick = "guest-" + (i + 1);
                // A client that keeps up: at most WINDOW of its own messages unacknowledged at once.
                var window = new Semaphore(WINDOW);
                pool.submit((Callable<Void>) () -> {
                    for (int n = 0; n < each; n++) {
                        window.acquire();
                        client.send("m" + n + "\n");
                    }
                    return null;
                });
                views.add(pool.submit(() -> fullView(client, nick, clients * each, window)));
            }
            var reference = views.getFirst().get();
            assertEquals(clients * each, reference.size());
            for (var view : views) {
                assertEquals(reference, view.get(), "two clients saw messages in different orders");
            }
            for (int i = 1; i <= clients; i++) {
                var prefix = "[guest-" + i + "] ";
                var own = reference.stream().filter(line -> line.startsWith(prefix)).toList();
                assertEquals(each, own.size());
                for (int n = 0; n < each; n++) {
                    assertEquals(prefix + "m" + n, own.get(n), "an author's messages out of order");
                }
            }
        } finally {
            for (var client : joined) {
                client.close();
            }
        }
    }

    /** The room as this client saw it, its own ACKs replaced by the messages they stand for. */
    private static List<String> fullView(ChatClient client, String nick, int total, Semaphore window)
            throws IOException {
        var view = new ArrayList<String>();
        int acked = 0;
        while (view.size() < total) {
            var line = client.line();
            if (line == null) {
                throw new AssertionError(nick + " was disconnected after " + view.size() + " lines");
            }
            if (line.equals(ChatFormats.ACK)) {
                view.add("[" + nick + "] m" + acked++);
                window.release();
            } else if (ChatFormats.relayNick(line) != null) {
                view.add(line);
            }
        }
        return view;
    }

    @Test
    void aClientThatStopsReadingIsDroppedAndSlowsNobody() throws Exception {
        int port = chat.start(Map.of("chat.outbound-queue", "32"));
        var health = new HealthClient(chat.service().healthPort());
        double droppedBefore = health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"");
        try (var talker = ChatClient.joined(port); var listener = ChatClient.joined(port)) {
            talker.line();
            var stalled = new ChatClient(port); // never reads again
            stalled.socket.setReceiveBufferSize(1024);
            talker.awaitLine("* guest-3 joined");
            listener.awaitLine("* guest-3 joined");
            var payload = "z".repeat(200);
            var notices = new ArrayList<String>();
            int sent = 0;
            while (sent < 50_000 && health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"") == droppedBefore) {
                for (int i = 0; i < 500; i++, sent++) {
                    talker.send(payload + sent + "\n");
                    // Everyone else gets every message, in order, while the stalled client backs up.
                    assertEquals("Received your message!", nextMessage(talker, notices));
                    assertEquals("[guest-1] " + payload + sent, nextMessage(listener, notices));
                }
            }
            assertTrue(health.counter("socket_chat_dropped_total", "reason=\"slow_consumer\"") > droppedBefore,
                    "the stalled client was never dropped after " + sent + " messages");
            if (notices.stream().filter("* guest-3 left (too slow)"::equals).count() < 2) {
                listener.awaitLine("* guest-3 left (too slow)");
            }
            talker.send("after\n");
            talker.awaitLine("Received your message!");
            listener.awaitLine("[guest-1] after");
            stalled.close();
        }
    }

    /** The next line that is not a notice; notices go to {@code notices}. */
    private static String nextMessage(ChatClient client, List<String> notices) throws IOException {
        String line;
        while ((line = client.line()) != null && line.startsWith("* ")) {
            notices.add(line);
        }
        return line;
    }

    @Test
    void healthReportsClientsWithoutJoiningTheRoom() throws Exception {
        int port = chat.start(Map.of());
        var health = new HealthClient(chat.service().healthPort());
        try (var alice = ChatClient.joined(port)) {
            assertEquals(200, health.probe("ready"));
            alice.send("/who\n");
            assertEquals("* online (1): guest-1", alice.line());
        }
        assertTrue(HealthClient.await(Duration.ofSeconds(5), () -> health.openConnections() == 0));
    }
}
