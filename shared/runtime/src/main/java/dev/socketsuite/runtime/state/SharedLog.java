package dev.socketsuite.runtime.state;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An append-only log shared by every replica (a Redis Stream): entries get increasing ids in
 * one order that every reader sees, and each an offset, one more than the entry appended
 * before it, which a client can hold and ask what came after. Readers keep their place by
 * id: after a failover that lost entries nobody acknowledged, the ids still only go up,
 * while an offset may be handed out again. Each call throws
 * {@link StateUnavailableException} while the backend is unreachable; nothing is appended then.
 */
public interface SharedLog {

    /** Where a reader starts that wants only what comes next. */
    String NEWEST = "$";

    /** One entry: its id in the log, its offset (from 1) and its fields. */
    record Entry(String id, long offset, Map<String, String> fields) {
    }

    /** Appends an entry; returns its offset, taken in the same atomic step as the append. */
    long append(Map<String, String> fields);

    /**
     * Up to {@code max} entries after {@code afterId} (an entry's id, or {@link #NEWEST}),
     * waiting up to {@code block} for one to come; empty if none came.
     */
    List<Entry> readAfter(String afterId, Duration block, int max);

    /** The last {@code count} entries, oldest first. */
    List<Entry> last(int count);

    /** The kept entries whose offset is above {@code offset}, oldest first. */
    List<Entry> since(long offset);

    /**
     * True when a reader can see an entry before its {@link #append} returned, while the
     * append may still fail (it waits for replicas to hold the entry): what the entry means
     * to its author then waits for the append.
     */
    boolean readsAheadOfAppends();
}
