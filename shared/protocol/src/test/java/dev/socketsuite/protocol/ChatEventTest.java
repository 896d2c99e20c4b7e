package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every kind of server line as a WebSocket member's JSON event. */
class ChatEventTest {

    @Test
    void eachKindOfLineHasItsEvent() {
        assertEquals(new ChatEvent(7L, "message", "bob", "hi [there]"), ChatEvent.of("#7 [bob] hi [there]"));
        assertEquals(new ChatEvent(8L, "ack", null, ChatFormats.ACK), ChatEvent.of(ChatFormats.numbered(8, ChatFormats.ACK)));
        assertEquals(new ChatEvent(9L, "notice", null, "bob joined"), ChatEvent.of("#9 " + ChatFormats.joined("bob")));
        assertEquals(new ChatEvent(null, "error", null, "slow down"), ChatEvent.of(ChatFormats.SLOW_DOWN));
        assertEquals(new ChatEvent(3L, "history", "ann", "old"),
                ChatEvent.of("#3 " + ChatFormats.history(ChatFormats.relay("ann", "old"))));
        assertEquals(new ChatEvent(4L, "history", null, "ann left"),
                ChatEvent.of("#4 " + ChatFormats.history(ChatFormats.left("ann", null))));
        assertEquals(new ChatEvent(null, "notice", null, ChatFormats.WELCOME), ChatEvent.of(ChatFormats.WELCOME));
        assertEquals(new ChatEvent(null, "error", null, "server full"), ChatEvent.of(ChatFormats.SERVER_FULL));
    }

    @Test
    void onlyTheServersOwnMarkersCount() {
        // A member's text that looks like a marker stays text: relayed lines always start with [nick].
        assertEquals(new ChatEvent(5L, "message", "eve", "#6 * error: fake"), ChatEvent.of("#5 [eve] #6 * error: fake"));
        assertEquals(new ChatEvent(null, "notice", null, "#x not an offset"), ChatEvent.of("#x not an offset"));
    }

    @Test
    void theJsonHasEveryFieldAndEscapesMarkup() {
        assertEquals("{\"offset\":12,\"kind\":\"message\",\"nick\":\"bob\",\"text\":\"\\u003cb\\u003e \\\"x\\\"\"}",
                ChatEvent.of("#12 [bob] <b> \"x\"").json());
        assertEquals("{\"offset\":null,\"kind\":\"ack\",\"nick\":null,\"text\":\"Received your message!\"}",
                ChatEvent.of(ChatFormats.ACK).json());
    }
}
