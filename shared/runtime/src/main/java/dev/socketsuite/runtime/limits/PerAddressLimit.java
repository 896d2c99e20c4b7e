package dev.socketsuite.runtime.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open connections per source address ({@code listener.max-connections-per-address}), so
 * one peer cannot take every slot of {@code listener.max-connections}. Addresses with no
 * open connection are forgotten, so the map never holds more than the open connections.
 */
public final class PerAddressLimit {

    private final int max;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    public PerAddressLimit(int max) {
        this.max = max;
    }

    /** Takes a slot for {@code address}; false when it has {@code max} open already. */
    public boolean tryAcquire(InetAddress address) {
        var taken = new boolean[1];
        open.compute(address, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    public void release(InetAddress address) {
        open.computeIfPresent(address, (key, count) -> count == 1 ? null : count - 1);
    }

    public int max() {
        return max;
    }

    /** Addresses with at least one open connection. */
    int addresses() {
        return open.size();
    }
}
