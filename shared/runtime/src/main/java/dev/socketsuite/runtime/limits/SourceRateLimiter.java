package dev.socketsuite.runtime.limits;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address, so one sender (or one spoofed victim address)
 * cannot make a UDP service send more than {@code perSecond} replies to it. The table
 * is bounded; when full, the least recently seen source is forgotten. Used from the
 * receive loop's single thread.
 */
public final class SourceRateLimiter {

    private final int perSecond;
    private final int burst;
    private final Map<InetAddress, TokenBucket> buckets;
    /**
     * The source of the previous datagram and its bucket. A busy sender sends many in a row,
     * and it is already the most recently seen entry, so skipping the table's lookup (and its
     * reordering) for it changes nothing but the cost.
     */
    private InetAddress lastSource;
    private TokenBucket lastBucket;

    public SourceRateLimiter(int perSecond, int burst, int maxSources) {
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
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        if (!source.equals(lastSource)) {
            var bucket = buckets.get(source);
            if (bucket == null) {
                bucket = new TokenBucket(perSecond, burst, nowNanos);
                buckets.put(source, bucket);
            }
            lastSource = source;
            lastBucket = bucket;
        }
        return lastBucket.tryTake(nowNanos);
    }
}
