package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import dev.socketsuite.runtime.testing.RedisServer;
import dev.socketsuite.runtime.testing.Replica;
import org.junit.jupiter.api.Test;

/** WebSocket and TCP members of one room on two replicas sharing a real Redis. */
class WebSocketAcrossReplicasTest {

    @Test
    void aWebSocketMemberTalksToATcpMemberOnAnotherReplicaAndResumesOnIt() throws Exception {
        try (var redis = RedisServer.start()) {
            int webOne = WebSocketMemberTest.freePort();
            int webTwo = WebSocketMemberTest.freePort();
            try (var one = Replica.readyOnRedis(Main.class.getName(), redis.url(), Map.of("CHAT_WEB_PORT", String.valueOf(webOne)));
                 var two = Replica.readyOnRedis(Main.class.getName(), redis.url(), Map.of("CHAT_WEB_PORT", String.valueOf(webTwo)));
                 var tcp = ChatClient.joined(two.port())) {
                long seen;
                try (var ws = WsMember.joined(webOne)) {
                    tcp.awaitLine("* guest-2 joined");
                    ws.send("/nick browser");
                    tcp.awaitLine("* guest-2 is now browser");
                    ws.send("from the page");
                    var ack = ws.awaitText("Received your message!");
                    assertEquals("[browser] from the page", tcp.line());
                    tcp.send("from the terminal\n");
                    tcp.line();
                    var relayed = ws.event();
                    assertEquals(new WsMember.Event(ack.offset() + 1, "message", "guest-1", "from the terminal"), relayed,
                            "offsets are the room's, the same on both replicas");
                    seen = relayed.offset();
                }
                tcp.awaitLine("* browser left");
                tcp.send("while you were away\n");
                tcp.line();
                try (var back = WsMember.connect(webTwo, "since=" + seen)) {
                    var joined = tcp.line();
                    assertTrue(joined.matches("\\* guest-\\d+ joined"), joined);
                    tcp.send("live\n");
                    tcp.line();
                    assertEquals(java.util.List.of(
                            new WsMember.Event(null, "notice", null, "Hello from the socket server!"),
                            new WsMember.Event(seen + 1, "history", null, "browser left"),
                            new WsMember.Event(seen + 2, "history", "guest-1", "while you were away"),
                            new WsMember.Event(seen + 3, "notice", null, joined.substring(2)),
                            new WsMember.Event(seen + 4, "message", "guest-1", "live")), back.eventsThrough("live"),
                            "the other replica replays what came after the offset the page held, then its join and live lines, each once");
                }
            }
        }
    }
}
