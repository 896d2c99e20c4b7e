package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.socketsuite.protocol.LineDecoder;

/**
 * Any bytes, cut into any reads: the line decoder yields the same lines as when it gets
 * them in one read, no line holds a line feed or is longer than the bound, and memory
 * never holds more than the bound plus one byte.
 */
class LineDecoderFuzzTest {

    @FuzzTest
    void linesDoNotDependOnHowReadsCutTheStream(byte maxLine, byte @NotNull [] stream, byte @NotNull [] cuts) {
        int bound = 1 + Math.floorMod(maxLine, 64);
        var whole = new LineDecoder(bound).feed(stream, 0, stream.length);

        var decoder = new LineDecoder(bound);
        var pieces = new ArrayList<LineDecoder.Line>();
        int at = 0;
        for (int i = 0; at < stream.length; i++) {
            int size = cuts.length == 0 ? stream.length : 1 + Math.floorMod(cuts[i % cuts.length], 16);
            int length = Math.min(size, stream.length - at);
            pieces.addAll(decoder.feed(stream, at, length));
            at += length;
        }
        assertEquals(whole, pieces);
        check(whole, bound);
    }

    private static void check(List<LineDecoder.Line> lines, int bound) {
        for (var line : lines) {
            switch (line) {
                case LineDecoder.Line.Text text -> {
                    assertFalse(text.text().contains("\n"));
                    // Malformed UTF-8 becomes U+FFFD, so compare the bytes it came from: at most the bound.
                    assertTrue(text.text().getBytes(StandardCharsets.UTF_8).length <= 3 * bound, text.text());
                }
                case LineDecoder.Line.TooLong tooLong -> assertEquals(bound, tooLong.limit());
            }
        }
    }
}
