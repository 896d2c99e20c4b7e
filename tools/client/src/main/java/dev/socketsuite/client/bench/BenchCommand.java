package dev.socketsuite.client.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.DurationConverter;
import dev.socketsuite.client.HostPort;
import dev.socketsuite.client.SocketLayer;
import dev.socketsuite.client.TlsOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
            "KIND is echo, udp, http, chat, or ws (chat members on WebSocket: TARGET is chat's web port)."},
        footerHeading = "%nExamples:%n",
        footer = {"  socket-client bench echo 127.0.0.1:8080 -c 8 -d 10s",
            "  socket-client bench http 127.0.0.1:8000 -R 2000 --plot lat.svg --histogram a.hgrm",
            "  socket-client bench udp 127.0.0.1:9090 --json > run.json",
            "  socket-client bench ws 127.0.0.1:8088 -c 8"})
public final class BenchCommand implements Callable<Integer> {

    /** What to load. */
    public enum Kind { ECHO, UDP, HTTP, CHAT, WS }

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

    @Mixin
    private TlsOptions tls;

    @Option(names = "--new-connection",
            description = "http: every exchange on a new connection (with --tls, a new handshake): exchanges/s are connections/s.")
    private boolean newConnection;

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
        try (var run = new BenchRun(kind, endpoints(), size, path, rate, tls.wanted() ? tls : SocketLayer.PLAIN, newConnection)) {
            run.open(connections);
            var report = measure(run);
            if (json) {
                report.printJson(spec.commandLine().getOut());
            } else {
                report.print(spec.commandLine().getOut());
            }
            report.writeFiles(plot, histogram);
            return report.failed() ? 1 : 0;
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
        if (tls.wanted() && kind != Kind.ECHO && kind != Kind.HTTP && kind != Kind.CHAT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "TLS options work with bench echo, http and chat");
        }
        if (newConnection && kind != Kind.HTTP) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--new-connection works with bench http only");
        }
        if (rate != null && (rate < 1 || rate > MAX_RATE)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate must be 1-" + MAX_RATE);
        }
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

    /** The warm-up, left out, then the measured phase. */
    private BenchReport measure(BenchRun run) throws Exception {
        var done = new AtomicLong();
        var ticker = showProgress() ? Progress.start(System.err, done, System.nanoTime()) : null;
        try {
            if (warmup.isPositive()) {
                run.phase(warmup, new Latencies(), done);
                run.resetRelayed();
            }
            var latencies = new Latencies();
            long start = System.nanoTime();
            var total = run.phase(duration, latencies, done);
            var elapsed = Duration.ofNanos(System.nanoTime() - start);
            var settings = new BenchReport.Settings(kind, target, run.connections(), size, kind == Kind.HTTP ? path : null,
                    rate, warmup);
            return new BenchReport(settings, elapsed, total, latencies, run.relayed(), run.numbers());
        } finally {
            if (ticker != null) {
                ticker.interrupt();
            }
        }
    }

    private boolean showProgress() {
        return progress != null ? progress : System.console() != null;
    }
}
