package dev.socketsuite.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Collection;
import java.util.TreeSet;

/** The promise of every numbered reply: each number handed out once, none skipped. */
public final class Gapless {

    private Gapless() {
    }

    /** Asserts that {@code numbers} are exactly {@code first..last}, each once, in any order. */
    public static void assertExactly(long first, long last, Collection<Long> numbers) {
        var sorted = new TreeSet<>(numbers);
        assertEquals(numbers.size(), sorted.size(), "a number was handed out twice");
        assertEquals(last - first + 1, numbers.size(), "replies counted");
        assertEquals(first, sorted.first(), "first number");
        assertEquals(last, sorted.last(), "the numbers have a gap");
    }
}
