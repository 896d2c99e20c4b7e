package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An append-only log shared by every replica (a Redis Stream): each entry gets an offset,
 * one more than the entry before it, in one order that every reader sees. A client can hold
 * an offset and ask for what came after it. Each call throws {@link StateUnavailableException}
 * while the backend is unreachable; nothing is appended then.
 */
public interface SharedLog {

    /** One entry: its offset in the log (from 1), and its fields. */
    record Entry(long offset, Map<String, String> fields) {
    }

    /** Appends an entry; returns its offset, taken in the same atomic step as the append. */
    long append(Map<String, String> fields);

    /**
     * Up to {@code max} entries after offset {@code after} (0: from the first kept), oldest
     * first, waiting up to {@code block} for one to come; empty if none came. Entries trimmed
     * away are skipped: the first offset returned may be more than one past {@code after}.
     */
    List<Entry> readAfter(long after, Duration block, int max);

    /** The last {@code count} entries, oldest first. */
    List<Entry> last(int count);
}
