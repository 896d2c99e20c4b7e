package dev.socketsuite.client.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop echo load on one selector thread, as {@code ../shared/bench}'s pingpong
 * does it: each connection sends, waits for its echo, checks it and sends again. A
 * thread per connection pays a park and unpark for every reply, which made the bench
 * report two thirds of what pingpong reports against the same server.
 */
final class EchoLoop {

    /** Replaces a broken connection (counted already); returns the broken one when it cannot. */
    interface Reopener {
        LoadWorker reopen(LoadWorker broken, int index) throws InterruptedException;
    }

    private static final long SWEEP_MILLIS = 100;
    private static final long SWEEP_NANOS = SWEEP_MILLIS * 1_000_000;

    private final List<LoadWorker> workers;
    private final Reopener reopener;
    private final long replyTimeoutNanos = LoadWorker.REPLY_TIMEOUT.toNanos();
    /** Exchanges sent and not yet answered or broken. */
    private int inFlight;
    /** Connections that broke (counted) and wait to be replaced. */
    private final ArrayDeque<Exchange> broken = new ArrayDeque<>();

    EchoLoop(List<LoadWorker> workers, Reopener reopener) {
        this.workers = workers;
        this.reopener = reopener;
    }

    /** Runs every connection until {@code deadline}; each finishes the exchange it has begun. */
    WorkerStats run(long deadline, Latencies latencies, AtomicLong done) throws IOException, InterruptedException {
        var stats = new WorkerStats();
        try (var selector = Selector.open()) {
            var exchanges = new Exchange[workers.size()];
            for (int i = 0; i < exchanges.length; i++) {
                exchanges[i] = new Exchange(i, selector, stats);
                exchanges[i].begin((EchoWorker) workers.get(i), deadline);
            }
            long nextSweep = System.nanoTime() + SWEEP_NANOS;
            while (inFlight > 0 || !broken.isEmpty()) {
                selector.select(key -> {
                    var exchange = (Exchange) key.attachment();
                    try {
                        if (exchange.progress(key)) {
                            exchange.finish(latencies, done);
                            exchange.sendUnless(deadline);
                        }
                    } catch (IOException e) {
                        exchange.broke();
                    }
                }, SWEEP_MILLIS);
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    for (var exchange : exchanges) {
                        if (exchange.stalled(now)) {
                            exchange.broke();
                        }
                    }
                    nextSweep = now + SWEEP_NANOS;
                }
                for (Exchange exchange; (exchange = broken.poll()) != null; ) {
                    exchange.replace(reopener, deadline);
                }
            }
        }
        return stats;
    }

    /** One connection's exchange in progress. */
    private final class Exchange {
        private final int index;
        private final Selector selector;
        private final WorkerStats stats;
        private EchoWorker worker;
        private SelectionKey key;
        private ByteBuffer out;
        private ByteBuffer in;
        /** When the exchange in flight was sent; 0 when none is. */
        private long sentNanos;
        private boolean isBroken;

        Exchange(int index, Selector selector, WorkerStats stats) {
            this.index = index;
            this.selector = selector;
            this.stats = stats;
        }

        /** Takes {@code connection} into the loop and sends its first message. */
        void begin(EchoWorker connection, long deadline) {
            worker = connection;
            try {
                var channel = connection.channel();
                channel.configureBlocking(false);
                key = channel.register(selector, 0, this);
                out = ByteBuffer.wrap(connection.payload());
                in = ByteBuffer.allocate(connection.payload().length);
                sendUnless(deadline);
            } catch (IOException e) {
                broke();
            }
        }

        void sendUnless(long deadline) throws IOException {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                key.interestOps(0);
                return;
            }
            sentNanos = now;
            inFlight++;
            out.clear();
            in.clear();
            worker.channel().write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        /** True once the whole echo is in. */
        boolean progress(SelectionKey ready) throws IOException {
            if (ready.isWritable()) {
                worker.channel().write(out);
                if (!out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ);
                }
                return false;
            }
            if (worker.channel().read(in) < 0) {
                throw new IOException("connection closed mid-echo");
            }
            return !in.hasRemaining();
        }

        void finish(Latencies latencies, AtomicLong done) {
            long now = System.nanoTime();
            if (Arrays.equals(in.array(), worker.payload())) { // only called once the reply filled it
                latencies.record(sentNanos, sentNanos, now);
                stats.exchanges++;
                done.incrementAndGet();
            } else {
                stats.wrong++;
            }
            sentNanos = 0;
            inFlight--;
        }

        boolean stalled(long now) {
            return sentNanos != 0 && now - sentNanos > replyTimeoutNanos;
        }

        void broke() {
            if (isBroken) {
                return;
            }
            stats.errors++;
            isBroken = true;
            if (sentNanos != 0) {
                sentNanos = 0;
                inFlight--;
            }
            broken.add(this);
        }

        /** Swaps the broken connection for a new one; past the deadline it just leaves the run. */
        void replace(Reopener reopener, long deadline) throws InterruptedException {
            if (key != null) {
                key.cancel();
            }
            var fresh = reopener.reopen(worker, index);
            isBroken = false;
            if (fresh != worker) {
                workers.set(index, fresh);
                begin((EchoWorker) fresh, deadline);
            }
        }
    }
}
