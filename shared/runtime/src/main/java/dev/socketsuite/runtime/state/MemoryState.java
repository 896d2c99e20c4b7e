package dev.socketsuite.runtime.state;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters in this process: the embedded default, right for one replica. */
final class MemoryState implements SharedState {

    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    @Override
    public long reserve(String counter, int count) {
        var last = counters.computeIfAbsent(counter, name -> new AtomicLong()).addAndGet(count);
        return last - count + 1;
    }

    @Override
    public CompletionStage<Long> reserveLater(String counter, int count) {
        return CompletableFuture.completedFuture(reserve(counter, count));
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public StateStatus status() {
        return StateStatus.UP;
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
    }
}
