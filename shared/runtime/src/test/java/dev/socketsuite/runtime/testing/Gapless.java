package dev.socketsuite.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongConsumer;

/** The promise of every numbered reply: each number handed out once, none skipped. */
public final class Gapless {

    /** What one caller does: takes numbers, and hands each to {@code taken}. */
    @FunctionalInterface
    public interface Caller {
        void run(int caller, LongConsumer taken) throws Exception;
    }

    private Gapless() {
    }

    /**
     * Runs {@code callers} callers at once, each on its own virtual thread, and returns every
     * number they took; a caller's failure fails the test.
     */
    public static List<Long> takenBy(int callers, Caller caller) throws Exception {
        var numbers = new ConcurrentLinkedQueue<Long>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<?>>();
            for (int c = 0; c < callers; c++) {
                int index = c;
                futures.add(pool.submit(() -> {
                    caller.run(index, numbers::add);
                    return null;
                }));
            }
            for (var future : futures) {
                future.get();
            }
        }
        return List.copyOf(numbers);
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
