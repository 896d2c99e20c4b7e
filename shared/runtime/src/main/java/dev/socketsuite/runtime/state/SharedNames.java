package dev.socketsuite.runtime.state;

import java.util.Collection;
import java.util.List;

/**
 * Names that one holder owns at a time across replicas, compared without case. Each
 * claim is a lease: the holder renews it while alive, and a holder that dies without a
 * word loses its names when the lease runs out. Each call throws
 * {@link StateUnavailableException} while the backend is unreachable.
 */
public interface SharedNames {

    /** Takes {@code name} for {@code holder}; false when someone else has it. */
    boolean claim(String name, String holder);

    /** Gives {@code name} back, if {@code holder} still has it. */
    void release(String name, String holder);

    /**
     * Extends the leases of {@code names} held by {@code holder}, taking back any that ran
     * out meanwhile; returns those that someone else took in between.
     */
    List<String> renew(Collection<String> names, String holder);

    /** Every name held now, as its holder spelled it. */
    List<String> list();
}
