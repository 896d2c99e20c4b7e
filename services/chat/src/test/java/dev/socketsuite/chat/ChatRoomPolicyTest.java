package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.testing.HealthClient;
import dev.socketsuite.runtime.testing.ProxyHeaders;
import dev.socketsuite.runtime.testing.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;

/** History on join, flood control and the goodbye at shutdown, over real sockets. */
class ChatRoomPolicyTest {

    @RegisterExtension
    final RunningChat chat = new RunningChat();

    @Test
    void behindAProxyTheWelcomeFollowsTheHeaderAndAClientWithoutOneIsClosed() throws Exception {
        int port = chat.start(Map.of("listener.proxy-protocol", "true"));
        try (var alice = new ChatClient(port)) {
            alice.socket.getOutputStream().write(ProxyHeaders.v1("203.0.113.7", 40000, "10.0.0.1", 65432));
            assertEquals("Hello from the socket server!", alice.line());
            alice.send("hi\n");
            alice.awaitLine("Received your message!");
            try (var noHeader = new ChatClient(port)) {
                noHeader.send("hello without a header\n");
                assertNull(noHeader.line(), "a client without a PROXY header was welcomed");
            }
        }
    }

    @Test
    void aNewcomerGetsTheLastMessagesMarkedAsHistory() throws Exception {
        int port = chat.start(Map.of("chat.history", "2"));
        try (var alice = ChatClient.joined(port)) {
            for (var text : new String[] {"one", "two", "three"}) {
                alice.send(text + "\n");
                alice.awaitLine("Received your message!");
            }
            try (var bob = ChatClient.joined(port)) {
                assertEquals("* history: [guest-1] two", bob.line());
                assertEquals("* history: [guest-1] three", bob.line());
                alice.send("four\n");
                assertEquals("[guest-1] four", bob.line(), "live lines come after the history, unmarked");
            }
        }
    }

    @Test
    void withoutHistoryANewcomerSeesExactlyWhatTheSeedClientExpects() throws Exception {
        int port = chat.start(Map.of());
        try (var alice = ChatClient.joined(port)) {
            alice.send("before\n");
            alice.awaitLine("Received your message!");
            try (var bob = ChatClient.joined(port)) {
                bob.send("hi\n");
                assertEquals("Received your message!", bob.line());
            }
        }
    }

    @Test
    void historyMustFitANewcomersQueue() {
        Executable tooLong = () -> TestServices.start("chat", ChatService::listener,
                Map.of("chat.history", "64", "chat.outbound-queue", "64"));
        var error = assertThrows(StartupException.class, tooLong);
        assertTrue(error.getMessage().contains("CHAT_HISTORY"), error.getMessage());
    }

    @Test
    void aNickLeaseTooShortToRenewStopsStartupNamingTheKey() {
        var error = assertThrows(StartupException.class, () -> TestServices.start("chat", ChatService::listener,
                Map.of("chat.nick-lease", "0s")));
        assertTrue(error.getMessage().contains("CHAT_NICK_LEASE"), error.getMessage());
    }

    @Test
    void aFlooderIsToldToSlowDownCountedAndNobodyElseWaits() throws Exception {
        int port = chat.start(Map.of("chat.rate.per-second", "1", "chat.rate.burst", "3"));
        var health = new HealthClient(chat.service().healthPort());
        try (var flooder = ChatClient.joined(port); var calm = ChatClient.joined(port)) {
            flooder.awaitLine("* guest-2 joined");
            flooder.send("a\nb\nc\nd\ne\n");
            for (int i = 0; i < 3; i++) {
                assertEquals("Received your message!", flooder.line());
            }
            assertEquals("error: slow down", flooder.line());
            assertEquals("error: slow down", flooder.line());
            for (var text : new String[] {"a", "b", "c"}) {
                assertEquals("[guest-1] " + text, calm.line());
            }
            calm.send("my turn\n");
            assertEquals("Received your message!", calm.line(), "the calm member was slowed down");
            assertTrue(health.awaitCounter(2, "socket_errors_total", "kind=\"rate_limited\"") >= 2,
                    "refused lines were not counted");
            flooder.send("/quit\n");
            assertEquals("[guest-2] my turn", flooder.line());
            assertEquals("* bye", flooder.line(), "/quit is never refused");
        }
    }

    @Test
    void atShutdownEveryMemberIsToldToReconnectBeforeTheClose() throws Exception {
        int port = chat.start(Map.of("shutdown.grace", "5s"));
        try (var alice = ChatClient.joined(port); var bob = ChatClient.joined(port)) {
            alice.awaitLine("* guest-2 joined");
            long begin = System.nanoTime();
            var stopped = CompletableFuture.runAsync(chat.service()::shutdown);
            assertEquals("* server restarting, please reconnect", alice.line());
            assertNull(alice.line(), "the connection stays open after the goodbye");
            assertEquals("* server restarting, please reconnect", bob.line());
            assertNull(bob.line());
            stopped.get();
            assertTrue(System.nanoTime() - begin < Duration.ofSeconds(4).toNanos(),
                    "the members were left open until the grace period ran out");
        }
    }
}
