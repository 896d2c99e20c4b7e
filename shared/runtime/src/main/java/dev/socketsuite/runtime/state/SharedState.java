package dev.socketsuite.runtime.state;

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
     * first; the caller hands them out in order.
     *
     * @throws StateUnavailableException when the backend cannot be reached; no number was taken
     */
    long reserve(String counter, int count);

    /** Whether numbers can be had now, and why not. */
    StateStatus status();

    /** What backs the state, for logs and health details ({@code memory}, {@code redis://host:6379/0}). */
    String describe();

    @Override
    void close();
}
