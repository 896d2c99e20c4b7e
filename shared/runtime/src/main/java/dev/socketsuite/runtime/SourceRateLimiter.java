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

    private final int perSecond;
    private final int burst;
    private final Map<InetAddress, TokenBucket> buckets;

    SourceRateLimiter(int perSecond, int burst, int maxSources) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
                return size() > maxSources;
            }
        };
    }

    /** Takes one token for {@code source}; false when its bucket is empty. */
    boolean tryAcquire(InetAddress source, long nowNanos) {
        var bucket = buckets.get(source);
        if (bucket == null) {
            bucket = new TokenBucket(perSecond, burst, nowNanos);
            buckets.put(source, bucket);
        }
        return bucket.tryTake(nowNanos);
    }
}
