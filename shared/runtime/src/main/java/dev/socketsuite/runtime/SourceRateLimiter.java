package dev.socketsuite.runtime;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address, so one sender (or one spoofed victim address)
 * cannot make a UDP service send more than {@code perSecond} replies to it. The table
 * is bounded; when full, the least recently seen source is forgotten. Used from the
 * receive loop's single thread.
 */
final class SourceRateLimiter {

    private final double perSecond;
    private final double burst;
    private final Map<InetAddress, double[]> buckets;

    SourceRateLimiter(int perSecond, int burst, int maxSources) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, double[]> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source}; false when its bucket is empty. */
    boolean tryAcquire(InetAddress source, long nowNanos) {
        // bucket[0] = tokens, bucket[1] = time of the last refill in nanos
        var bucket = buckets.computeIfAbsent(source, key -> new double[] {burst, nowNanos});
        double elapsedSeconds = (nowNanos - bucket[1]) / 1e9;
        bucket[0] = Math.min(burst, bucket[0] + elapsedSeconds * perSecond);
        bucket[1] = nowNanos;
        if (bucket[0] < 1) {
            return false;
        }
        bucket[0] -= 1;
        return true;
    }
}
