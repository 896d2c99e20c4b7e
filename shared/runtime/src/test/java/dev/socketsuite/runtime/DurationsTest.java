package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void readsShortAndIsoForms() {
        assertEquals(Duration.ofMillis(250), Durations.parse("k", "250ms"));
        assertEquals(Duration.ofSeconds(10), Durations.parse("k", " 10s "));
        assertEquals(Duration.ofMinutes(2), Durations.parse("k", "2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("k", "1h"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("k", "PT30S"));
    }

    @Test
    void aBadValueNamesTheKey() {
        var error = assertThrows(StartupException.class, () -> Durations.parse("shutdown.grace (env SHUTDOWN_GRACE)", "soon"));
        assertTrue(error.getMessage().startsWith("shutdown.grace (env SHUTDOWN_GRACE) must be a duration"), error.getMessage());
        assertThrows(StartupException.class, () -> Durations.parse("k", "-PT1S"));
    }

    @Test
    void formatsForLogs() {
        assertEquals("10s", Durations.format(Duration.ofSeconds(10)));
        assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    }
}
