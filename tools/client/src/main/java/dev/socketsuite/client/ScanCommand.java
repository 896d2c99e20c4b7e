package dev.socketsuite.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * A TCP connect scan of one host, as in the origin document. Only ever the one host
 * given: no ranges of addresses, no lists. Scan only hosts you are allowed to scan.
 */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"TCP connect scan of PORTS on one HOST; prints the open ones.",
            "Scan only hosts you own or are allowed to scan."})
final class ScanCommand implements Callable<Integer> {

    private static final Map<Integer, String> KNOWN = new TreeMap<>(Map.ofEntries(
            Map.entry(21, "ftp"), Map.entry(22, "ssh"), Map.entry(23, "telnet"), Map.entry(25, "smtp"),
            Map.entry(53, "domain"), Map.entry(80, "http"), Map.entry(110, "pop3"), Map.entry(143, "imap"),
            Map.entry(443, "https"), Map.entry(3306, "mysql"), Map.entry(5432, "postgresql"),
            Map.entry(6379, "redis"), Map.entry(8000, "http-info"), Map.entry(8080, "echo-tcp"),
            Map.entry(8081, "echo-tcp health"), Map.entry(8082, "counter-udp health"),
            Map.entry(8083, "unix-status health"), Map.entry(8084, "chat health"),
            Map.entry(8085, "http-info health"), Map.entry(65432, "chat")));

    @ParentCommand
    private SocketClient client;

    @Parameters(index = "0", paramLabel = "HOST", description = "One host name or address.")
    private String host;

    @Parameters(index = "1", paramLabel = "PORTS", description = "Ports and ranges, e.g. 1-1024,8080.")
    private String ports;

    @Option(names = "--timeout", defaultValue = "500ms", converter = DurationConverter.class,
            description = "Connect timeout per port (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--concurrency", defaultValue = "200",
            description = "Connects in flight at once, 1-1000 (default: ${DEFAULT-VALUE}).")
    private int concurrency;

    @Override
    public Integer call() throws Exception {
        if (!host.matches("[A-Za-z0-9.:\\-\\[\\]]+") || host.contains("/")) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "HOST must be one host name or address, not a range or list: " + host);
        }
        if (concurrency < 1 || concurrency > 1000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--concurrency must be 1-1000");
        }
        var address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
        var toScan = parsePorts(ports);
        var open = new TreeSet<Integer>();
        var filtered = ConcurrentHashMap.<Integer>newKeySet();
        var slots = new Semaphore(concurrency);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int port : toScan) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        switch (probe(address, port)) {
                            case OPEN -> {
                                synchronized (open) {
                                    open.add(port);
                                }
                            }
                            case FILTERED -> filtered.add(port);
                            case CLOSED -> { }
                        }
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        var out = client.out();
        for (int port : open) {
            out.printf("%d/tcp open %s%n", port, KNOWN.getOrDefault(port, "unknown"));
        }
        out.printf("%d open, %d closed, %d filtered of %d ports on %s%n", open.size(),
                toScan.size() - open.size() - filtered.size(), filtered.size(), toScan.size(), address.getHostAddress());
        return ExitCodes.OK;
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

    static TreeSet<Integer> parsePorts(String spec) {
        var ports = new TreeSet<Integer>();
        for (var part : spec.split(",")) {
            var bounds = part.strip().split("-", -1);
            try {
                int from = Integer.parseInt(bounds[0].strip());
                int to = bounds.length == 2 ? Integer.parseInt(bounds[1].strip()) : from;
                if (bounds.length > 2 || from < 1 || to > 65535 || from > to) {
                    throw new NumberFormatException();
                }
                for (int port = from; port <= to; port++) {
                    ports.add(port);
                }
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("ports are 1-65535, as in 22,80,8000-8100: '" + part + "'");
            }
        }
        return ports;
    }
}
