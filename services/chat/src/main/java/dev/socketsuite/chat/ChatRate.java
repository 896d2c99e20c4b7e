package dev.socketsuite.chat;

import dev.socketsuite.runtime.limits.TokenBucket;

/**
 * Flood control: each member may send {@code chat.rate.per-second} lines (messages and
 * commands) with bursts up to {@code chat.rate.burst}; 0 turns it off.
 */
record ChatRate(int perSecond, int burst) {

    Guard newGuard() {
        return new Guard(perSecond > 0 ? new TokenBucket(perSecond, burst, System.nanoTime()) : null);
    }

    /** One member's allowance, used by its reader thread only. */
    static final class Guard {
        private final TokenBucket bucket;
        private boolean refusing;
        private boolean firstRefusal;

        private Guard(TokenBucket bucket) {
            this.bucket = bucket;
        }

        /** Whether the next line may go through; remembers when a run of refusals begins. */
        boolean allows() {
            boolean allowed = bucket == null || bucket.tryTake(System.nanoTime());
            firstRefusal = !allowed && !refusing;
            refusing = !allowed;
            return allowed;
        }

        /** True for the first refusal after lines went through, so a flood is logged once. */
        boolean firstRefusal() {
            return firstRefusal;
        }
    }
}
