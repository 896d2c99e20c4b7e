package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.protocol.TerminalText;

/**
 * Terminal stripping and duration parsing on any text: stripped text has no escape or
 * control character and stripping it again changes nothing; a parsed duration is never
 * negative and its short form parses back to it.
 */
class TextFuzzTest {

    @FuzzTest
    void strippingIsCleanAndIdempotentAndDurationsRoundTrip(@NotNull String text) {
        var clean = TerminalText.sanitize(text);
        assertTrue(clean.chars().allMatch(c -> c == '\t' || !(Character.isISOControl(c) || c == 0x2028 || c == 0x2029)),
                "a control character survived");
        assertEquals(clean, TerminalText.sanitize(clean), "stripping twice changed the text");
        assertTrue(clean.length() <= text.length());

        DurationText.parse(text).ifPresent(duration -> {
            assertTrue(!duration.isNegative(), duration.toString());
            if (duration.getNano() % 1_000_000 == 0) {
                assertEquals(duration, DurationText.parse(DurationText.format(duration)).orElseThrow(),
                        "the short form of " + duration + " does not parse back");
            }
        });
    }
}
