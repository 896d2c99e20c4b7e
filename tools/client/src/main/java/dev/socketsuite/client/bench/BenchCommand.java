package dev.socketsuite.client.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.DurationConverter;
import dev.socketsuite.client.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A closed-loop load generator: each connection does one exchange after another until
 * the time is up; latencies go into HdrHistogram, failures are counted by kind.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load a service for a bounded time and print throughput and latency percentiles.",
            "KIND is echo, udp, http or chat."})
public final class BenchCommand implements Callable<Integer> {

    /** What to load. */
    public enum Kind { ECHO, UDP, HTTP, CHAT }

    private static final Duration MAX_DURATION = Duration.ofMinutes(10);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND")
    private Kind kind;

    @Parameters(index = "1", paramLabel = "TARGET",
            description = {"HOST:PORT, or for http also unix:PATH (a Unix socket, such as unix-status's).",
                "Several replicas: HOST:PORT,HOST:PORT,... spreads the connections over them in turn."})
    private String target;

    @Option(names = {"-c", "--connections"}, defaultValue = "8",
            description = "Connections (UDP: sockets, chat: clients), 1-10000 (default: ${DEFAULT-VALUE}).")
    private int connections;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to run, at most 10m (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    @Option(names = {"-s", "--size"}, defaultValue = "64",
            description = "Message bytes for echo, udp and chat, 1-65507 (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--path", defaultValue = "/hello", description = "Path for http (default: ${DEFAULT-VALUE}).")
    private String path;

    @Option(names = "--progress", negatable = true,
            description = "A progress line each second (default: on when standard error is a terminal).")
    private Boolean progress;

    @Override
    public Integer call() throws Exception {
        validate();
        var endpoints = endpoints();
        var run = new Shared(new AtomicLong(), new NumberLedger());
        var workers = new ArrayList<LoadWorker>();
        try {
            for (int i = 0; i < connections; i++) {
                workers.add(open(endpoints, i, run));
            }
            var report = run(workers, endpoints, run);
            report.print(spec.commandLine().getOut());
            return report.failed() ? 1 : 0;
        } finally {
            for (var worker : workers) {
                worker.close();
            }
        }
    }

    private void validate() {
        if (connections < 1 || connections > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--connections must be 1-10000");
        }
        if (duration.isZero() || duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be more than 0 and at most 10m");
        }
        if (size < 1 || size > 65_507) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 1-65507");
        }
    }

    /** What the workers of one run share: chat lines relayed to them, numbers handed out to them. */
    private record Shared(AtomicLong relayed, NumberLedger numbers) {
    }

    private List<Endpoint> endpoints() throws java.net.UnknownHostException {
        if (target.startsWith("unix:")) {
            if (kind != Kind.HTTP) {
                throw new CommandLine.ParameterException(spec.commandLine(), "unix:PATH works with http only");
            }
            return List.of(new Endpoint.Unix(Path.of(target.substring("unix:".length()))));
        }
        var endpoints = new ArrayList<Endpoint>();
        for (var each : target.split(",", -1)) {
            var hostPort = HostPort.parse(each.strip());
            var address = hostPort.address();
            if (address.isUnresolved()) {
                throw new java.net.UnknownHostException(hostPort.host());
            }
            endpoints.add(new Endpoint.Tcp(address));
        }
        return endpoints;
    }

    /** Connection {@code index} goes to the replicas in turn. */
    private LoadWorker open(List<Endpoint> endpoints, int index, Shared run) throws IOException {
        var endpoint = endpoints.get(index % endpoints.size());
        if (kind == Kind.HTTP) {
            return new HttpWorker(endpoint, path, run.numbers());
        }
        var address = ((Endpoint.Tcp) endpoint).address();
        return switch (kind) {
            case ECHO -> new EchoWorker(address, size, index);
            case UDP -> new UdpWorker(address, size, run.numbers());
            default -> new ChatWorker(address, size, run.relayed());
        };
    }

    private BenchReport run(List<LoadWorker> workers, List<Endpoint> endpoints, Shared run) throws Exception {
        var done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        var ticker = showProgress() ? Progress.start(System.err, done, start) : null;
        var results = new ArrayList<Future<WorkerStats>>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workers.size(); i++) {
                int index = i;
                results.add(pool.submit(() -> drive(workers, index, endpoints, run, deadline, done)));
            }
            var total = new WorkerStats();
            for (var result : results) {
                total.add(result.get());
            }
            long elapsed = System.nanoTime() - start;
            return new BenchReport(kind, target, workers.size(), size, Duration.ofNanos(elapsed), total,
                    run.relayed().get(), run.numbers());
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
        }
    }

    /** One connection's loop; a broken connection is counted and replaced. */
    private WorkerStats drive(List<LoadWorker> workers, int index, List<Endpoint> endpoints, Shared run,
                              long deadline, AtomicLong done) throws InterruptedException {
        var stats = new WorkerStats();
        var worker = workers.get(index);
        while (System.nanoTime() - deadline < 0) {
            long begin = System.nanoTime();
            try {
                worker.exchange();
                stats.latencyMicros.recordValue(Math.min((System.nanoTime() - begin) / 1000, 60_000_000L));
                stats.exchanges++;
                done.incrementAndGet();
            } catch (LoadWorker.LostReply e) {
                stats.lost++;
            } catch (LoadWorker.WrongReply e) {
                stats.wrong++;
            } catch (IOException e) {
                stats.errors++;
                worker = reopen(worker, endpoints, index, run, deadline);
                workers.set(index, worker);
            }
        }
        return stats;
    }

    private LoadWorker reopen(LoadWorker broken, List<Endpoint> endpoints, int index, Shared run,
                              long deadline) throws InterruptedException {
        try {
            broken.close();
        } catch (IOException ignored) {
            // it is broken already
        }
        while (true) {
            try {
                return open(endpoints, index, run);
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    return broken;
                }
                Thread.sleep(100);
            }
        }
    }

    private boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }
}
