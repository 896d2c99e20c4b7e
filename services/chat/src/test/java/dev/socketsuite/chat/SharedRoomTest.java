package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import org.junit.jupiter.api.Test;

/** Three chat processes sharing one room through a real Redis. */
class SharedRoomTest {

    private static final Map<String, String> ENV = Map.of("CHAT_NICK_LEASE", "2s");

    @Test
    void everyMemberOnEveryReplicaSeesOneOrderAndNicksAreUniqueEverywhere() throws Exception {
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            var clients = new ArrayList<ChatClient>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), ENV));
                }
                for (int i = 0; i < 6; i++) {
                    clients.add(ChatClient.joined(replicas.get(i % 3).port()));
                }
                for (int i = 0; i < 6; i++) {
                    clients.get(i).send("/nick user" + i + "\n");
                }
                // Each client sees the six renames in one order; read until its own and the others are done.
                for (var client : clients) {
                    int renames = 0;
                    while (renames < 6) {
                        var line = client.line();
                        if (line.matches("\\* guest-\\d+ is now user\\d")) {
                            renames++;
                        }
                    }
                }
                var taken = clients.get(1);
                taken.send("/nick USER0\n");
                assertEquals("error: nickname USER0 is taken", taken.line(), "a nick held on another replica");
                clients.getFirst().send("/who\n");
                assertEquals("* online (6): user0, user1, user2, user3, user4, user5", clients.getFirst().line());

                var seen = exchange(clients, 400);
                for (int i = 1; i < seen.size(); i++) {
                    assertEquals(seen.getFirst(), seen.get(i), "client " + i + " saw another order");
                }
                assertEquals(6 * 400, seen.getFirst().size());

                // A replica killed without a word: its members' nicks are free within the lease.
                var killed = replicas.removeFirst();
                killed.close();
                var survivor = clients.get(1);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                String answer;
                do {
                    survivor.send("/nick user0\n");
                    answer = nextNotice(survivor);
                } while (!answer.equals("* user1 is now user0") && System.nanoTime() < deadline && pause());
                assertEquals("* user1 is now user0", answer, "the dead replica's nick was never freed");
            } finally {
                for (var client : clients) {
                    client.close();
                }
                replicas.forEach(Replica::close);
            }
        }
    }

    @Test
    void aReplicaThatLosesRedisKeepsItsMembersAndResumes() throws Exception {
        try (var redis = RedisServer.start()) {
            try (var one = Replica.readyOnRedis(Main.class.getName(), redis.url(), ENV);
                 var two = Replica.readyOnRedis(Main.class.getName(), redis.url(), ENV);
                 var alice = ChatClient.joined(one.port()); var bob = ChatClient.joined(two.port())) {
                alice.send("/nick alice\n");
                alice.awaitLine("* guest-1 is now alice");
                bob.awaitLine("* guest-1 is now alice");
                redis.stop();
                alice.awaitLine("error: the room is unavailable: messages are not delivered until it is back");
                one.awaitProbe("ready", 503, Duration.ofSeconds(5));
                try (var late = new ChatClient(two.port())) {
                    assertEquals("Hello from the socket server!", late.line());
                    assertEquals("error: the room is unavailable: messages are not delivered until it is back",
                            late.line(), "a newcomer without Redis would get a nick nobody else can see");
                    assertNull(late.line());
                }
                alice.send("lost?\n");
                alice.awaitLine("error: your message may not have reached the room: "
                        + "the room is unavailable: messages are not delivered until it is back");
                redis.restart();
                alice.awaitLine("* the room is back");
                one.awaitProbe("ready", 200, Duration.ofSeconds(15));
                bob.awaitLine("* the room is back");
                alice.send("still here\n");
                alice.awaitLine("Received your message!");
                bob.awaitLine("[alice] still here");

                // A burst cut by an outage: each message is relayed in order and acknowledged, or its
                // author is told it may not have arrived; nothing reaches bob that alice was not told of.
                var burst = new StringBuilder();
                for (int i = 0; i < 300; i++) {
                    burst.append("burst ").append(i).append('\n');
                }
                alice.send(burst.toString());
                Thread.sleep(5);
                redis.stop();
                Thread.sleep(1500);
                redis.restart();
                one.awaitProbe("ready", 200, Duration.ofSeconds(15));
                alice.send("after the burst\n");
                var relayed = new ArrayList<Integer>();
                String line;
                while (!(line = bob.line()).equals("[alice] after the burst")) {
                    if (line.startsWith("[alice] burst ")) {
                        relayed.add(Integer.parseInt(line.substring("[alice] burst ".length())));
                    }
                }
                for (int i = 1; i < relayed.size(); i++) {
                    assertTrue(relayed.get(i) > relayed.get(i - 1), "out of order or twice: " + relayed);
                }
                int acked = 0;
                int doubted = 0;
                while (acked < relayed.size() + 1) {
                    line = alice.line();
                    if (line.equals("Received your message!")) {
                        acked++;
                    } else if (line.startsWith("error: your message may not have reached the room")) {
                        doubted++;
                    }
                }
                assertTrue(relayed.size() + doubted >= 300,
                        relayed.size() + " relayed and " + doubted + " doubted of 300: some vanished silently");

                // Shutdown of one replica: its member is told, the other sees it leave, the nick is free at once.
                one.process().terminate();
                alice.awaitLine("* server restarting, please reconnect");
                bob.awaitLine("* alice left (server restarting)");
                bob.send("/nick alice\n");
                bob.awaitLine("* guest-2 is now alice");
            }
        }
    }

    @Test
    void aNewcomerOnAnyReplicaGetsTheHistoryAndASlowReaderSlowsNobody() throws Exception {
        var env = Map.of("CHAT_NICK_LEASE", "2s", "CHAT_HISTORY", "2", "CHAT_OUTBOUND_QUEUE", "32",
                "CHAT_MAX_LINE", "8192");
        try (var redis = RedisServer.start();
             var one = Replica.readyOnRedis(Main.class.getName(), redis.url(), env);
             var two = Replica.readyOnRedis(Main.class.getName(), redis.url(), env);
             var talker = ChatClient.joined(one.port()); var listener = ChatClient.joined(two.port())) {
            for (var text : List.of("one", "two", "three")) {
                talker.send(text + "\n");
                talker.awaitLine("Received your message!");
                listener.awaitLine("[guest-1] " + text);
            }
            try (var newcomer = ChatClient.joined(two.port())) {
                assertEquals("* history: [guest-1] two", newcomer.line());
                assertEquals("* history: [guest-1] three", newcomer.line());
            }

            var stalled = new ChatClient(two.port()); // never reads again
            stalled.socket.setReceiveBufferSize(1024);
            listener.awaitLine("* guest-4 joined");
            var payload = "z".repeat(4000);
            boolean dropped = false;
            for (int sent = 0; sent < 50_000 && !dropped; sent++) {
                talker.send(payload + sent + "\n");
                // Everyone else gets every message, in order, while the stalled client backs up.
                String line;
                while (!(line = talker.line()).equals("Received your message!")) {
                    dropped |= line.equals("* guest-4 left (too slow)");
                }
                while (!(line = listener.line()).equals("[guest-1] " + payload + sent)) {
                    dropped |= line.equals("* guest-4 left (too slow)");
                }
            }
            assertTrue(dropped, "the stalled client was never dropped");
            stalled.close();
        }
    }

    /** Every client sends {@code each} messages; returns, per client, the order in which it saw all of them. */
    /**
     * Offsets are one sequence in every replica's view; a member that reconnects to another
     * replica resumes after the last offset it saw; one that asks for lines the stream has
     * trimmed away is told how many it missed.
     */
    @Test
    void offsetsAreOneSequenceEverywhereAndAMemberResumesOnAnotherReplica() throws Exception {
        var env = new java.util.HashMap<>(ENV);
        env.put("CHAT_KEEP", "5"); // trimmed approximately: whole stream nodes of 100 go
        try (var redis = RedisServer.start()) {
            var replicas = new ArrayList<Replica>();
            try {
                for (int i = 0; i < 3; i++) {
                    replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                }
                try (var talker = numbered(replicas.get(0).port());
                     var watcher = numbered(replicas.get(2).port())) {
                    long seen;
                    try (var leaver = numbered(replicas.get(1).port())) {
                        var acks = new ArrayList<Long>();
                        for (int i = 1; i <= 20; i++) {
                            talker.send("m" + i + "\n");
                            acks.add(nextOffset(talker, "Received your message!"));
                        }
                        var onLeaver = new ArrayList<Long>();
                        var onWatcher = new ArrayList<Long>();
                        for (int i = 1; i <= 20; i++) {
                            onLeaver.add(nextOffset(leaver, "[" + "guest-1] m" + i));
                            onWatcher.add(nextOffset(watcher, "[" + "guest-1] m" + i));
                        }
                        assertEquals(acks, onLeaver, "another replica saw other offsets");
                        assertEquals(acks, onWatcher, "another replica saw other offsets");
                        for (int i = 1; i < acks.size(); i++) {
                            assertEquals(acks.get(i - 1) + 1, acks.get(i), "offsets must go up by one");
                        }
                        seen = acks.getLast();
                    }
                    long left = nextOffset(watcher, "* guest-3 left");
                    assertEquals(seen + 1, left);
                    for (var text : List.of("n1", "n2", "n3")) {
                        talker.send(text + "\n");
                        nextOffset(talker, "Received your message!");
                    }
                    try (var back = numbered(replicas.get(2).port())) {
                        back.send("/resume " + seen + "\n");
                        var replayed = new ArrayList<String>();
                        while (replayed.size() < 4) {
                            var line = back.line();
                            if (!line.endsWith(" joined")) { // its own join may or may not be in by now
                                replayed.add(line);
                            }
                        }
                        assertEquals(List.of(
                                "#" + (seen + 1) + " * history: * guest-3 left",
                                "#" + (seen + 2) + " * history: [guest-1] n1",
                                "#" + (seen + 3) + " * history: [guest-1] n2",
                                "#" + (seen + 4) + " * history: [guest-1] n3"), replayed);
                        talker.send("live\n");
                        long live = nextOffset(talker, "Received your message!");
                        assertEquals(live, nextOffset(back, "[guest-1] live"), "live lines follow, none twice");
                    }

                    for (int i = 0; i < 300; i++) {
                        talker.send("t" + i + "\n");
                        nextOffset(talker, "Received your message!");
                    }
                    try (var late = numbered(replicas.get(1).port())) {
                        late.send("/resume 1\n");
                        String line;
                        do {
                            line = late.line();
                        } while (line.endsWith(" joined"));
                        var missed = java.util.regex.Pattern.compile("\\* missed (\\d+) messages \\(no longer kept\\)").matcher(line);
                        assertTrue(missed.matches(), "expected the count of trimmed lines first: " + line);
                        long count = Long.parseLong(missed.group(1));
                        String first;
                        do {
                            first = late.line();
                        } while (first.endsWith(" joined"));
                        assertEquals(2 + count, OffsetsTest.offsetOf(first, first.substring(first.indexOf(' ') + 1)),
                                "the replay starts with the first line kept");
                    }
                }
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /**
     * A replica cut off from Redis while the others talk past what the stream keeps tells its
     * members how many lines they missed once it reads again, and goes on from there.
     */
    @Test
    void aReplicaThatFallsBehindTheTrimmedStreamTellsItsMembersWhatTheyMissed() throws Exception {
        var env = new java.util.HashMap<>(ENV);
        env.put("CHAT_KEEP", "5"); // trimmed approximately: whole stream nodes of 100 go
        try (var redis = RedisServer.start(); var path = dev.socketsuite.runtime.testing.TcpProxy.to(redis.port())) {
            var replicas = new ArrayList<Replica>();
            try {
                var cutOff = Replica.readyOnRedis(Main.class.getName(), "redis://127.0.0.1:" + path.port() + "/0", env);
                replicas.add(cutOff);
                replicas.add(Replica.readyOnRedis(Main.class.getName(), redis.url(), env));
                try (var behind = ChatClient.joined(cutOff.port()); var talker = numbered(replicas.get(1).port())) {
                    talker.send("before\n");
                    behind.awaitLine("[guest-2] before");
                    path.cut();
                    cutOff.awaitProbe("ready", 503, Duration.ofSeconds(10));
                    for (int i = 0; i < 300; i++) {
                        talker.send("t" + i + "\n");
                        nextOffset(talker, "Received your message!");
                    }
                    path.heal();
                    cutOff.awaitProbe("ready", 200, Duration.ofSeconds(15));
                    String line;
                    do {
                        line = behind.line();
                        assertTrue(line != null, "the member was closed");
                    } while (!line.startsWith("* missed "));
                    var missed = java.util.regex.Pattern.compile("\\* missed (\\d+) messages \\(no longer kept\\)").matcher(line);
                    assertTrue(missed.matches(), line);
                    long count = Long.parseLong(missed.group(1));
                    assertTrue(count >= 1 && count < 300, line);
                    assertEquals("[guest-2] t" + count, behind.line(), "delivery goes on with the first line kept");
                }
            } finally {
                replicas.forEach(Replica::close);
            }
        }
    }

    /** A member that asked for offsets, with its confirmation read. */
    private static ChatClient numbered(int port) throws Exception {
        var client = ChatClient.joined(port);
        client.send("/offsets on\n");
        client.awaitLine("* offsets on");
        return client;
    }

    /** The offset of the next line that reads {@code #N text}; other lines are skipped. */
    private static long nextOffset(ChatClient client, String text) throws Exception {
        while (true) {
            var line = client.line();
            assertTrue(line != null, "the stream ended before: " + text);
            if (line.endsWith(" " + text) && line.startsWith("#")) {
                return OffsetsTest.offsetOf(line, text);
            }
        }
    }

    private static List<List<String>> exchange(List<ChatClient> clients, int each) throws Exception {
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<List<String>>>();
            for (int c = 0; c < clients.size(); c++) {
                var client = clients.get(c);
                var nick = "user" + c;
                results.add(pool.submit(() -> {
                    var writer = Thread.ofVirtual().start(() -> {
                        try {
                            for (int i = 0; i < each; i++) {
                                client.send("m" + i + "\n");
                            }
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    var order = new ArrayList<String>();
                    int acks = 0;
                    while (order.size() < clients.size() * each) {
                        var line = client.line();
                        if (line.equals("Received your message!")) {
                            order.add(nick + ":m" + acks++); // an author's messages keep their order
                        } else if (line.startsWith("[user")) {
                            order.add(line.substring(1, line.indexOf(']')) + ":" + line.substring(line.indexOf(']') + 2));
                        }
                    }
                    writer.join();
                    return order;
                }));
            }
            var seen = new ArrayList<List<String>>();
            for (var result : results) {
                seen.add(result.get());
            }
            return seen;
        }
    }

    private static String nextNotice(ChatClient client) throws Exception {
        String line;
        do {
            line = client.line();
        } while (!line.startsWith("* ") && !line.startsWith("error:"));
        return line;
    }

    private static boolean pause() {
        try {
            Thread.sleep(300);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
