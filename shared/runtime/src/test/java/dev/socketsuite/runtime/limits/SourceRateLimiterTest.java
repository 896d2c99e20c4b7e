package dev.socketsuite.runtime.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstThenTheSteadyRate() throws Exception {
        var limiter = new SourceRateLimiter(10, 3, 100);
        var source = InetAddress.getByName("192.0.2.1");
        int granted = 0;
        for (int i = 0; i < 10; i++) {
            granted += limiter.tryAcquire(source, 0) ? 1 : 0;
        }
        assertEquals(3, granted, "the burst");
        assertFalse(limiter.tryAcquire(source, SECOND / 20), "half a token after 50 ms");
        assertTrue(limiter.tryAcquire(source, SECOND / 10), "one token after 100 ms at 10/s");
    }

    @Test
    void sourcesHaveTheirOwnBuckets() throws Exception {
        var limiter = new SourceRateLimiter(1, 1, 100);
        assertTrue(limiter.tryAcquire(InetAddress.getByName("192.0.2.1"), 0));
        assertFalse(limiter.tryAcquire(InetAddress.getByName("192.0.2.1"), 0));
        assertTrue(limiter.tryAcquire(InetAddress.getByName("192.0.2.2"), 0), "another sender is not limited");
    }

    @Test
    void aSenderComingBackAfterAnotherFindsItsEmptyBucket() throws Exception {
        var limiter = new SourceRateLimiter(1, 2, 100);
        var first = InetAddress.getByName("192.0.2.1");
        var second = InetAddress.getByName("192.0.2.2");
        assertTrue(limiter.tryAcquire(first, 0));
        assertTrue(limiter.tryAcquire(first, 0));
        assertTrue(limiter.tryAcquire(second, 0));
        assertFalse(limiter.tryAcquire(first, 0), "first spent its burst before second came");
        assertTrue(limiter.tryAcquire(second, 0), "second still has one token");
        assertFalse(limiter.tryAcquire(second, 0));
        assertTrue(limiter.tryAcquire(first, SECOND), "a second later first has a token again");
    }

    @Test
    void theTableIsBoundedAndForgetsTheLeastRecentSource() throws Exception {
        var limiter = new SourceRateLimiter(1, 1, 2);
        var first = InetAddress.getByName("192.0.2.1");
        assertTrue(limiter.tryAcquire(first, 0));
        assertTrue(limiter.tryAcquire(InetAddress.getByName("192.0.2.2"), 0));
        assertTrue(limiter.tryAcquire(InetAddress.getByName("192.0.2.3"), 0));
        // first was evicted, so it starts again with a full bucket: bounded memory beats exactness here
        assertTrue(limiter.tryAcquire(first, 0));
    }
}
