package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void readsShortAndIsoForms() {
        assertEquals(Optional.of(Duration.ofMillis(250)), DurationText.parse("250ms"));
        assertEquals(Optional.of(Duration.ofSeconds(10)), DurationText.parse(" 10s "));
        assertEquals(Optional.of(Duration.ofMinutes(2)), DurationText.parse("2m"));
        assertEquals(Optional.of(Duration.ofHours(1)), DurationText.parse("1h"));
        assertEquals(Optional.of(Duration.ofSeconds(30)), DurationText.parse("PT30S"));
    }

    @Test
    void refusesWhatIsNotADurationOrIsNegative() {
        assertEquals(Optional.empty(), DurationText.parse("soon"));
        assertEquals(Optional.empty(), DurationText.parse("-PT1S"));
        assertEquals(Optional.empty(), DurationText.parse("5 days"));
    }

    @Test
    void formatsForLogs() {
        assertEquals("10s", DurationText.format(Duration.ofSeconds(10)));
        assertEquals("250ms", DurationText.format(Duration.ofMillis(250)));
        // Found by fuzzing: 367367h used to come out as 1322521200s, ten digits, which parse refused.
        assertEquals("22042020m", DurationText.format(Duration.ofHours(367_367)));
        var odd = Duration.ofMillis(1_000_000_001);
        assertEquals(odd, DurationText.parse(DurationText.format(odd)).orElseThrow());
    }

    @Test
    void nothingLongerThanTenYearsIsRead() {
        // Found by fuzzing: PT0888888880888888888S parsed, and formatting it overflowed a long of milliseconds.
        assertTrue(DurationText.parse("PT0888888880888888888S").isEmpty());
        assertTrue(DurationText.parse("999999999h").isEmpty());
        assertEquals(Duration.ofDays(3650), DurationText.parse("87600h").orElseThrow());
        assertEquals(DurationText.MAX, DurationText.parse(DurationText.format(DurationText.MAX)).orElseThrow());
    }
}
