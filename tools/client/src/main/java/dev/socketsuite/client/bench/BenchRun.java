package dev.socketsuite.client.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.SocketLayer;

/**
 * One bench run: what it loads, its connections (spread over the replicas in turn) and what
 * they share, the chat lines relayed to them and the numbers handed out to them. It is
 * driven phase by phase (a warm-up, then the measured part); a connection that breaks is
 * counted and replaced.
 */
final class BenchRun implements AutoCloseable {

    private final BenchCommand.Kind kind;
    private final List<Endpoint> endpoints;
    private final int size;
    private final String path;
    /** Exchanges per second in total, or null for a closed loop. */
    private final Integer rate;
    private final List<LoadWorker> workers = new ArrayList<>();
    private final AtomicLong relayed = new AtomicLong();
    private final NumberLedger numbers = new NumberLedger();

    private final SocketLayer layer;
    private final boolean newConnections;

    BenchRun(BenchCommand.Kind kind, List<Endpoint> endpoints, int size, String path, Integer rate) {
        this(kind, endpoints, size, path, rate, SocketLayer.PLAIN, false);
    }

    /** With {@code layer} (TLS) over each TCP connection; {@code newConnections}: a connection per http exchange. */
    BenchRun(BenchCommand.Kind kind, List<Endpoint> endpoints, int size, String path, Integer rate, SocketLayer layer,
             boolean newConnections) {
        this.layer = layer;
        this.newConnections = newConnections;
        this.kind = kind;
        this.endpoints = endpoints;
        this.size = size;
        this.path = path;
        this.rate = rate;
    }

    /** Opens {@code connections} connections. */
    void open(int connections) throws IOException {
        for (int i = 0; i < connections; i++) {
            workers.add(openWorker(i));
        }
    }

    int connections() {
        return workers.size();
    }

    /** Chat lines relayed to this run's clients since the last {@link #resetRelayed()}. */
    long relayed() {
        return relayed.get();
    }

    void resetRelayed() {
        relayed.set(0);
    }

    NumberLedger numbers() {
        return numbers;
    }

    /** Every connection's loop for {@code length}, on its own schedule when a rate is asked. */
    WorkerStats phase(Duration length, Latencies latencies, AtomicLong done) throws Exception {
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        if (kind == BenchCommand.Kind.ECHO && rate == null && layer == SocketLayer.PLAIN) {
            return new EchoLoop(workers, (broken, index) -> reopen(broken, index, deadline)).run(deadline, latencies, done);
        }
        var results = new ArrayList<Future<WorkerStats>>();
        try (var guard = new StallGuard(workers.size(), LoadWorker.REPLY_TIMEOUT);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var phase = new Phase(deadline, latencies, done, guard);
            for (int i = 0; i < workers.size(); i++) {
                int index = i;
                var pacer = rate == null ? null : new Pacer(start, rate, index, workers.size());
                results.add(pool.submit(() -> drive(index, pacer, phase)));
            }
            var total = new WorkerStats();
            for (var result : results) {
                total.add(result.get());
            }
            return total;
        }
    }

    /** What every connection's loop in one phase shares. */
    private record Phase(long deadline, Latencies latencies, AtomicLong done, StallGuard guard) {
    }

    /**
     * One connection's loop, paced when a rate is asked; a broken connection is counted and
     * replaced. It stops at the deadline even when the schedule is behind: the exchanges it
     * could not send are counted as unsent.
     */
    private WorkerStats drive(int index, Pacer pacer, Phase phase) throws InterruptedException {
        var stats = new WorkerStats();
        var worker = workers.get(index);
        long deadline = phase.deadline();
        while (System.nanoTime() - deadline < 0 && (pacer == null || pacer.peek() - deadline < 0)) {
            long intended = pacer == null ? System.nanoTime() : pacer.awaitNext();
            long sent = System.nanoTime();
            try {
                phase.guard().exchange(index, worker);
                phase.latencies().record(intended, sent, System.nanoTime());
                stats.exchanges++;
                phase.done().incrementAndGet();
            } catch (LoadWorker.LostReply e) {
                stats.lost++;
            } catch (LoadWorker.WrongReply e) {
                stats.wrong++;
            } catch (IOException e) {
                stats.errors++;
                worker = reopen(worker, index, deadline);
                workers.set(index, worker);
            }
        }
        stats.unsent = pacer == null ? 0 : pacer.unsentBefore(deadline);
        return stats;
    }

    private LoadWorker reopen(LoadWorker broken, int index, long deadline) throws InterruptedException {
        return Reconnect.replace(broken, () -> openWorker(index), deadline);
    }

    /** Connection {@code index} goes to the replicas in turn. */
    private LoadWorker openWorker(int index) throws IOException {
        var endpoint = endpoints.get(index % endpoints.size());
        if (kind == BenchCommand.Kind.HTTP) {
            return new HttpWorker(endpoint, path, numbers, Duration.ZERO, layer, newConnections);
        }
        var address = ((Endpoint.Tcp) endpoint).address();
        return switch (kind) {
            case ECHO -> new EchoWorker(address, size, index, Duration.ZERO, layer);
            case UDP -> new UdpWorker(address, size, numbers);
            case WS -> new WebSocketChatWorker(address, size, relayed);
            default -> new ChatWorker(address, size, relayed, layer);
        };
    }

    @Override
    public void close() throws IOException {
        for (var worker : workers) {
            worker.close();
        }
    }
}
