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
 * A load generator. Closed loop by default: each connection does one exchange after another
 * until the time is up. With {@code --rate}, a constant total rate with latency counted from
 * each exchange's intended send time, as wrk2 does. Latencies go into HdrHistogram, failures
 * are counted by kind.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load a service for a bounded time and print throughput and latency percentiles.",
            "KIND is echo, udp, http or chat."},
        footerHeading = "%nExamples:%n",
        footer = {"  socket-client bench echo 127.0.0.1:8080 -c 8 -d 10s",
            "  socket-client bench http 127.0.0.1:8000 -R 2000 --plot lat.svg --histogram a.hgrm",
            "  socket-client bench udp 127.0.0.1:9090 --json > run.json"})
public final class BenchCommand implements Callable<Integer> {

    /** What to load. */
    public enum Kind { ECHO, UDP, HTTP, CHAT }

    private static final Duration MAX_DURATION = Duration.ofMinutes(10);
    private static final int MAX_RATE = 10_000_000;

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

    @Option(names = {"-w", "--warmup"}, defaultValue = "2s", converter = DurationConverter.class,
            description = "Run the same load this long first and leave it out of the report, so neither this client's"
                    + " nor the server's JIT warm-up counts (numbers handed out then are still checked for"
                    + " duplicates); 0s to 10m (default: ${DEFAULT-VALUE}).")
    private Duration warmup;

    @Option(names = {"-s", "--size"}, defaultValue = "64",
            description = "Message bytes for echo, udp and chat, 1-65507 (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--path", defaultValue = "/hello", description = "Path for http (default: ${DEFAULT-VALUE}).")
    private String path;

    @Option(names = {"-R", "--rate"}, paramLabel = "N",
            description = "Exchanges per second in total, at a constant pace, 1-" + MAX_RATE + ". Latency is then"
                    + " reported from each exchange's intended send time (coordinated omission corrected) and, beside"
                    + " it, from its actual send time. Default: closed loop, as fast as replies come.")
    private Integer rate;

    @Option(names = "--json", description = "Print the report as one JSON object on standard output, and nothing else there.")
    private boolean json;

    @Option(names = "--plot", paramLabel = "FILE.svg",
            description = "Draw the latency percentile distribution (log-scaled percentiles, as HdrHistogram's plotter) as SVG.")
    private Path plot;

    @Option(names = "--histogram", paramLabel = "FILE.hgrm",
            description = "Write HdrHistogram's percentile distribution (milliseconds) for its plotter and other tools.")
    private Path histogram;

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
            if (json) {
                report.printJson(spec.commandLine().getOut());
            } else {
                report.print(spec.commandLine().getOut());
            }
            report.writeFiles(plot, histogram);
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
        if (warmup.isNegative() || warmup.compareTo(MAX_DURATION) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--warmup must be 0 to 10m");
        }
        if (size < 1 || size > 65_507) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--size must be 1-65507");
        }
        if (rate != null && (rate < 1 || rate > MAX_RATE)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be 1-" + MAX_RATE);
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
            return new HttpWorker(endpoint, path, run.numbers(), Duration.ZERO);
        }
        var address = ((Endpoint.Tcp) endpoint).address();
        return switch (kind) {
            case ECHO -> new EchoWorker(address, size, index, Duration.ZERO);
            case UDP -> new UdpWorker(address, size, run.numbers());
            default -> new ChatWorker(address, size, run.relayed());
        };
    }

    private BenchReport run(List<LoadWorker> workers, List<Endpoint> endpoints, Shared run) throws Exception {
        var done = new AtomicLong();
        var ticker = showProgress() ? Progress.start(System.err, done, System.nanoTime()) : null;
        try {
            if (warmup.isPositive()) {
                phase(workers, endpoints, run, warmup, new Latencies(), done);
                run.relayed().set(0);
            }
            var latencies = new Latencies();
            long start = System.nanoTime();
            var total = phase(workers, endpoints, run, duration, latencies, done);
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            var settings = new BenchReport.Settings(kind, target, workers.size(), size, kind == Kind.HTTP ? path : null,
                    rate, warmup);
            return new BenchReport(settings, elapsed, total, latencies, run.relayed().get(), run.numbers());
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
        }
    }

    /** Every connection's loop for {@code length}, on its own schedule when a rate is asked. */
    private WorkerStats phase(List<LoadWorker> workers, List<Endpoint> endpoints, Shared run, Duration length,
                              Latencies latencies, AtomicLong done) throws Exception {
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        if (kind == Kind.ECHO && rate == null) {
            return new EchoLoop(workers, (broken, index) -> reopen(broken, endpoints, index, run, deadline))
                    .run(deadline, latencies, done);
        }
        var results = new ArrayList<Future<WorkerStats>>();
        try (var guard = new StallGuard(workers.size(), LoadWorker.REPLY_TIMEOUT);
             var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < workers.size(); i++) {
                int index = i;
                var pacer = rate == null ? null : new Pacer(start, rate, index, workers.size());
                results.add(pool.submit(() -> drive(workers, index, endpoints, run, pacer, deadline, latencies, done, guard)));
            }
            var total = new WorkerStats();
            for (var result : results) {
                total.add(result.get());
            }
            return total;
        }
    }

    /**
     * One connection's loop, paced when a rate is asked; a broken connection is counted and
     * replaced. It stops at the deadline even when the schedule is behind: the exchanges it
     * could not send are counted as unsent.
     */
    private WorkerStats drive(List<LoadWorker> workers, int index, List<Endpoint> endpoints, Shared run,
                              Pacer pacer, long deadline, Latencies latencies, AtomicLong done, StallGuard guard)
            throws InterruptedException {
        var stats = new WorkerStats();
        var worker = workers.get(index);
        while (System.nanoTime() - deadline < 0 && (pacer == null || pacer.peek() - deadline < 0)) {
            long intended = pacer == null ? System.nanoTime() : pacer.awaitNext();
            long sent = System.nanoTime();
            try {
                guard.exchange(index, worker);
                latencies.record(intended, sent, System.nanoTime());
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
        stats.unsent = pacer == null ? 0 : pacer.unsentBefore(deadline);
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
