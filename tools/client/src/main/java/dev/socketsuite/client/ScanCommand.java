package dev.socketsuite.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import dev.socketsuite.protocol.JsonText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A TCP connect scan of one host, as in the origin document. Only ever the one host
 * given: no ranges of addresses, no lists. Scan only hosts you are allowed to scan.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"TCP connect scan of PORTS (or the --top-ports most common ones) on one HOST;",
            "prints the open ones with the service usually found there.",
            "Scan only hosts you own or are allowed to scan."},
        footerHeading = "%nExamples:%n",
        footer = {"  socket-client scan 127.0.0.1 1-1024,8000-8090,65432",
            "  socket-client scan 127.0.0.1 --top-ports 100 --json"})
final class ScanCommand implements Callable<Integer> {

    private static final int MAX_CONCURRENCY = 1000;

    @ParentCommand
    private SocketClient client;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "One host name or address.")
    private String host;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PORTS", description = "Ports and ranges, e.g. 1-1024,8080.")
    private String ports;

    @Option(names = "--top-ports", paramLabel = "N",
            description = "Scan the N ports most worth trying instead of PORTS: socket-suite's own, then common services.")
    private Integer topPorts;

    @Option(names = "--json", description = "Print one JSON object: the open ports with their names, counts and elapsed time.")
    private boolean json;

    @Option(names = "--timeout", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Connect timeout per port (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--concurrency", defaultValue = "200",
            description = "Connects in flight at once, 1-" + MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Override
    public Integer call() throws Exception {
        var toScan = portsToScan();
        var address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        var open = new ConcurrentSkipListSet<Integer>();
        var filtered = ConcurrentHashMap.<Integer>newKeySet();
        var slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int port : toScan) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        switch (probe(address, port)) {
                            case OPEN -> open.add(port);
                            case FILTERED -> filtered.add(port);
                            case CLOSED -> { }
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int closed = toScan.size() - open.size() - filtered.size();
        var out = client.out();
        if (json) {
            out.println(JsonText.object(jsonReport(address, toScan.size(), open, closed, filtered.size(), seconds)));
        } else {
            out.printf("%-10s %-6s %s%n", "PORT", "STATE", "SERVICE");
            for (int port : open) {
                out.printf("%-10s %-6s %s%n", port + "/tcp", "open", ServiceNames.of(port));
            }
            out.printf(Locale.ROOT, "%d open, %d closed, %d filtered of %d ports on %s, scanned in %.2fs%n",
                    open.size(), closed, filtered.size(), toScan.size(), address.getHostAddress(), seconds);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private SequencedSet<Integer> portsToScan() {
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+") || host.contains("/")) {
            throw usage("HOST must be one host name or address, not a range or list: " + host);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw usage("--concurrency must be 1-" + MAX_CONCURRENCY);
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw usage("--timeout must be more than 0");
        }
        if ((ports == null) == (topPorts == null)) {
            throw usage("give either PORTS or --top-ports N");
        }
        if (topPorts == null) {
            try {
                return parsePorts(ports);
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (topPorts < 1 || topPorts > ServiceNames.MAX_PORT) {
            throw usage("--top-ports must be 1-" + ServiceNames.MAX_PORT);
        }
        return ServiceNames.top(topPorts);
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private Map<String, Object> jsonReport(InetAddress address, int scanned, Collection<Integer> open,
                                           int closed, int filtered, double seconds) {
        var named = open.stream().map(port -> JsonText.fields("port", port, "service", ServiceNames.of(port))).toList();
        return JsonText.fields("host", host, "address", address.getHostAddress(), "protocol", "tcp",
                "scanned", scanned, "open", named, "closed", closed, "filtered", filtered,
                "elapsed_s", Math.round(seconds * 1000) / 1000.0);
    }

    private enum State { OPEN, CLOSED, FILTERED }

    private State probe(InetAddress address, int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, timeout.toMillis()));
            return State.OPEN;
        } catch (SocketTimeoutException e) {
            return State.FILTERED;
        } catch (IOException e) {
            return State.CLOSED;
        }
    }

    private static SequencedSet<Integer> parsePorts(String text) {
        var ports = new TreeSet<Integer>();
        for (var part : text.split(",")) {
            var bounds = part.strip().split("-", -1);
            try {
                int from = Integer.parseInt(bounds[0].strip());
                int to = bounds.length == 2 ? Integer.parseInt(bounds[1].strip()) : from;
                if (bounds.length > 2 || from < 1 || to > ServiceNames.MAX_PORT || from > to) {
                    throw new NumberFormatException();
                }
                for (int port = from; port <= to; port++) {
                    ports.add(port);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ports are 1-65535, as in 22,80,8000-8100: '" + part + "'");
            }
        }
        return ports;
    }
}
