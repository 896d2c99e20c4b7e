package dev.socketsuite.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.socketsuite.protocol.ChatEvent;
import org.junit.jupiter.api.Test;

class WebSocketOutletTest {

    /** The same queued line is encoded once for every member; an equal line made apart reads the same. */
    @Test
    void aLineIsEncodedOnceAndAnyLineReadsAsItsOwnJson() {
        var line = "#7 [ana] hello \"all\"";
        var first = WebSocketOutlet.json(line);
        assertSame(first, WebSocketOutlet.json(line), "the second member's writer encoded it again");
        assertEquals(ChatEvent.of(line).json(), first);
        var equalButApart = new String(line.toCharArray());
        assertEquals(first, WebSocketOutlet.json(equalButApart));
        for (int i = 0; i < 1000; i++) { // many lines through the few slots: each still its own
            var other = "#" + i + " [bo] line " + i;
            assertEquals(ChatEvent.of(other).json(), WebSocketOutlet.json(other));
        }
    }
}
