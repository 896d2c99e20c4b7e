package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An append-only log shared by every replica (a Redis Stream): entries get increasing ids
 * in one order that every reader sees. Each call throws {@link StateUnavailableException}
 * while the backend is unreachable; nothing is appended then.
 */
public interface SharedLog {

    /** Where a reader starts that wants only what comes next. */
    String NEWEST = "$";

    /** One entry: its id in the log, and its fields. */
    record Entry(String id, Map<String, String> fields) {
    }

    /** Appends an entry; returns its id. */
    String append(Map<String, String> fields);

    /**
     * Up to {@code max} entries after {@code afterId} (an entry's id, or the id of
     * {@link #last}), waiting up to {@code block} for one to come; empty if none came.
     */
    List<Entry> readAfter(String afterId, Duration block, int max);

    /** The last {@code count} entries, oldest first. */
    List<Entry> last(int count);
}
