package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "héllo", "日本語", "emoji \uD83D\uDE00!", "lone \uD800 high", "lone \uDC00 low",
        "ends high \uD800", "\uDBFF\uDFFF", "{\"text\":\"a\\\"b\"}"})
    void countsAsTheEncoderWrites(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text));
    }

    /** Random text over every char, surrogates alone or in pairs included. */
    @Test
    void countsAnyTextAsTheEncoderWrites() {
        var random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            var text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append((char) random.nextInt(Character.MAX_VALUE + 1));
            }
            var string = text.toString();
            assertEquals(string.getBytes(StandardCharsets.UTF_8).length, Utf8.length(string), string);
        }
    }
}
