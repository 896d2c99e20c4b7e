package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.socketsuite.protocol.LineDecoder.Line;
import org.junit.jupiter.api.Test;

class LineDecoderTest {

    private static List<Line> feed(LineDecoder decoder, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decoder.feed(bytes, 0, bytes.length);
    }

    @Test
    void splitsOnLfAndDropsCrOfCrlf() {
        var decoder = new LineDecoder(64);
        assertEquals(List.of(new Line.Text("one"), new Line.Text("two"), new Line.Text("")),
                feed(decoder, "one\ntwo\r\n\n"));
        assertFalse(decoder.hasPartial());
    }

    @Test
    void joinsALineSplitAcrossReads() {
        var decoder = new LineDecoder(64);
        assertEquals(List.of(), feed(decoder, "hel"));
        assertTrue(decoder.hasPartial());
        assertEquals(List.of(), feed(decoder, "lo\r"));
        assertEquals(List.of(new Line.Text("hello")), feed(decoder, "\n"));
    }

    @Test
    void byteByByteFeedingGivesTheSameLines() {
        var decoder = new LineDecoder(64);
        var lines = new ArrayList<Line>();
        for (byte b : "a\r\nbc\nd\n".getBytes(StandardCharsets.UTF_8)) {
            lines.addAll(decoder.feed(new byte[] {b}, 0, 1));
        }
        assertEquals(List.of(new Line.Text("a"), new Line.Text("bc"), new Line.Text("d")), lines);
    }

    @Test
    void lineAtTheLimitPassesEvenWithCrlf() {
        var decoder = new LineDecoder(4);
        assertEquals(List.of(new Line.Text("abcd"), new Line.Text("wxyz")), feed(decoder, "abcd\r\nwxyz\n"));
    }

    @Test
    void overLongLineIsReportedOnceDroppedAndTheStreamRecovers() {
        var decoder = new LineDecoder(4);
        assertEquals(List.of(new Line.TooLong(4)), feed(decoder, "abcdefghijklmnop"));
        assertEquals(List.of(), feed(decoder, "qrstuvwxyz"));
        assertFalse(decoder.hasPartial(), "dropped bytes must not be buffered");
        assertEquals(List.of(new Line.Text("ok")), feed(decoder, "\nok\n"));
    }

    @Test
    void crFollowedByMoreBytesAtTheLimitIsTooLong() {
        var decoder = new LineDecoder(2);
        assertEquals(List.of(new Line.TooLong(2)), feed(decoder, "ab\rc\n"));
    }

    @Test
    void invalidUtf8IsReplacedNotRejected() {
        var decoder = new LineDecoder(16);
        var lines = decoder.feed(new byte[] {'a', (byte) 0xff, 'b', '\n'}, 0, 4);
        assertEquals(List.of(new Line.Text("a\uFFFDb")), lines);
    }

    @Test
    void flushPartialReturnsPendingBytesOnce() {
        var decoder = new LineDecoder(16);
        feed(decoder, "no newline");
        assertEquals("no newline", decoder.flushPartial());
        assertNull(decoder.flushPartial());
    }

    @Test
    void aPauseEndsTheDiscardingOfAnOverLongMessage() {
        var decoder = new LineDecoder(4);
        assertEquals(List.of(new Line.TooLong(4)), feed(decoder, "far too long"));
        assertNull(decoder.flushPartial());
        feed(decoder, "next");
        assertEquals("next", decoder.flushPartial());
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new LineDecoder(0));
    }
}
