package dev.socketsuite.runtime.state;

import java.util.concurrent.CompletionStage;

/**
 * State that must stay right when a service runs as several replicas: numbered counters
 * today. {@code state.backend=memory} keeps it in this process; {@code redis} keeps it on
 * a Redis server shared by every replica. Services see only this interface.
 */
public interface SharedState extends AutoCloseable {

    /** The next number of {@code counter}, from 1, unique and gapless across replicas. */
    default long next(String counter) {
        return reserve(counter, 1);
    }

    /**
     * Takes {@code count} consecutive numbers of {@code counter} in one step and returns the
     * first; the caller hands them out in order. Waits for {@link #reserveLater}.
     *
     * @throws StateUnavailableException when the backend cannot be reached; no number was taken
     */
    default long reserve(String counter, int count) {
        return TurnBatch.await(reserveLater(counter, count));
    }

    /** {@link #next}, without waiting: for an event loop, which must never block. */
    default CompletionStage<Long> nextLater(String counter) {
        return reserveLater(counter, 1);
    }

    /**
     * {@link #reserve}, without waiting: the stage completes with the first number once it is
     * had (at once in memory, after a round trip shared with other callers on Redis), or fails
     * with {@link StateUnavailableException}. Its dependent actions may run on the thread that
     * completes it, so they must not block.
     */
    CompletionStage<Long> reserveLater(String counter, int count);

    /**
     * A log every replica appends to and reads back in one order, keeping about the last
     * {@code keep} entries; null where the state is this process's alone (memory), as one
     * process needs no log to agree with itself.
     */
    default SharedLog log(String name, int keep) {
        return null;
    }

    /** Names owned by one holder at a time across replicas, each for a renewable lease; null in memory. */
    default SharedNames names(String name, java.time.Duration lease) {
        return null;
    }

    /**
     * Whether a number costs a round trip to another process, which callers asking at the
     * same time had better share, rather than a step in this one.
     */
    boolean remote();

    /** Whether numbers can be had now, and why not. */
    StateStatus status();

    /** What backs the state, for logs and health details ({@code memory}, {@code redis://host:6379/0}). */
    String describe();

    @Override
    void close();
}
