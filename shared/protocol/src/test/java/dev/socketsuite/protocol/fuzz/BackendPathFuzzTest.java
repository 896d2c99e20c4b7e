package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.protocol.http.BackendPath;

/**
 * Any path segment: reading a status, a delay or a size never throws, stays within its
 * bounds, and what it reads written back in its plain form reads the same.
 */
class BackendPathFuzzTest {

    private static final Duration MAX_DELAY = Duration.ofSeconds(10);
    private static final int MAX_BYTES = 1 << 20;

    @FuzzTest
    void valuesStayInTheirBoundsAndReadBack(@NotNull String segment) {
        BackendPath.status(segment).ifPresent(code -> {
            assertTrue(code >= 200 && code <= 599, segment);
            assertEquals(code, BackendPath.status(String.valueOf(code)).orElseThrow());
        });
        BackendPath.delay(segment, MAX_DELAY).ifPresent(delay -> {
            assertTrue(!delay.isNegative() && delay.compareTo(MAX_DELAY) <= 0, segment + " -> " + delay);
            assertEquals(delay.toMillis(), BackendPath.delay(DurationText.format(delay), MAX_DELAY).orElseThrow().toMillis(),
                    segment);
        });
        BackendPath.size(segment, MAX_BYTES).ifPresent(size -> {
            assertTrue(size >= 0 && size <= MAX_BYTES, segment);
            assertEquals(size, BackendPath.size(String.valueOf(size), MAX_BYTES).orElseThrow());
        });
    }
}
