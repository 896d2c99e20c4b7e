package dev.socketsuite.client.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.DurationConverter;
import dev.socketsuite.client.HostPort;
import dev.socketsuite.client.HostPortConverter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A long mixed run against all five services at once: the benchmark's well-behaved clients
 * beside hostile ones (resets, slowloris, oversize inputs, datagram floods from many source
 * ports, chat members that never read). Every loop is bounded in count and time; it prints
 * what it did. {@code bin/soak} runs it and watches the services' resources.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = {"Drive all five services with normal and hostile clients for a bounded time.",
            "Run it through bin/soak, which starts the services and watches their resources."})
public final class SoakCommand implements Callable<Integer> {

    private static final Duration MAX_DURATION = Duration.ofHours(24);

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--echo", required = true, converter = HostPortConverter.class, description = "echo-tcp HOST:PORT")
    private HostPort echo;

    @Option(names = "--udp", required = true, converter = HostPortConverter.class, description = "counter-udp HOST:PORT")
    private HostPort udp;

    @Option(names = "--chat", required = true, converter = HostPortConverter.class, description = "chat HOST:PORT")
    private HostPort chat;

    @Option(names = "--http", required = true, converter = HostPortConverter.class, description = "http-info HOST:PORT")
    private HostPort http;

    @Option(names = "--status", required = true, description = "unix-status socket path")
    private Path status;

    @Option(names = {"-d", "--duration"}, defaultValue = "1m", converter = DurationConverter.class,
            description = "How long, at most 24h (default: ${DEFAULT-VALUE}).")
    private Duration duration;

    private final Map<String, AtomicLong> done = new ConcurrentHashMap<>();
    private final Map<String, String> firstFailures = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be more than 0 and at most 24h");
        }
        long deadline = System.nanoTime() + duration.toNanos();
        // Visitor numbers and message numbers are separate sequences: one ledger each.
        var visitors = new NumberLedger();
        var messages = new NumberLedger();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var loops = new ArrayList<java.util.concurrent.Future<?>>();
            for (int i = 0; i < 4; i++) {
                int seed = i;
                loops.add(pool.submit(() -> repeat("echo exchanges", deadline,
                        () -> new EchoWorker(echo.address(), 512, seed, LoadWorker.REPLY_TIMEOUT))));
                loops.add(pool.submit(() -> repeat("http requests", deadline,
                        () -> new HttpWorker(new Endpoint.Tcp(http.address()), "/hello", visitors, LoadWorker.REPLY_TIMEOUT))));
                loops.add(pool.submit(() -> repeat("udp datagrams", deadline, () -> new UdpWorker(udp.address(), 64, messages))));
                loops.add(pool.submit(() -> repeat("status requests", deadline,
                        () -> new HttpWorker(new Endpoint.Unix(status), "/status", new NumberLedger(), LoadWorker.REPLY_TIMEOUT))));
            }
            loops.add(pool.submit(() -> chatters(deadline)));
            loops.add(pool.submit(() -> hostile("resets", deadline, Duration.ofMillis(20), this::resets)));
            loops.add(pool.submit(() -> hostile("oversize inputs", deadline, Duration.ofMillis(50), this::oversize)));
            loops.add(pool.submit(() -> hostile("slowloris rounds", deadline, Duration.ofSeconds(1), this::slowloris)));
            loops.add(pool.submit(() -> hostile("datagram floods", deadline, Duration.ofMillis(200), this::flood)));
            loops.add(pool.submit(() -> hostile("slow chat readers", deadline, Duration.ofSeconds(2), this::slowReader)));
            for (var loop : loops) {
                loop.get();
            }
        }
        var out = spec.commandLine().getOut();
        new TreeMap<>(done).forEach((what, count) -> out.printf("  %-20s %d%n", what, count.get()));
        long duplicates = visitors.duplicates() + messages.duplicates();
        out.printf("  %-20s %d%n", "duplicate numbers", duplicates);
        new TreeMap<>(firstFailures).forEach((what, why) -> out.printf("  first %s failure: %s%n", what, why));
        out.flush();
        return duplicates == 0 ? 0 : 1;
    }

    private void count(String what) {
        done.computeIfAbsent(what, k -> new AtomicLong()).incrementAndGet();
    }

    /** Opens a well-behaved client's connection. */
    @FunctionalInterface
    private interface Opener {
        LoadWorker open() throws IOException;
    }

    /**
     * A well-behaved client: one exchange after another. A lost datagram is counted; a broken
     * connection is counted (with the first reason seen) and replaced, as the bench does.
     */
    private Void repeat(String what, long deadline, Opener opener) throws Exception {
        var worker = opener.open();
        while (System.nanoTime() - deadline < 0) {
            try {
                worker.exchange();
                count(what);
            } catch (LoadWorker.LostReply e) {
                count(what + " lost");
            } catch (IOException e) {
                count(what + " failed");
                firstFailures.putIfAbsent(what, e.toString());
                worker.close();
                Thread.sleep(100);
                worker = opener.open();
            }
        }
        worker.close();
        return null;
    }

    @FunctionalInterface
    private interface Attack {
        void once() throws IOException, InterruptedException;
    }

    private Void hostile(String what, long deadline, Duration pause, Attack attack) throws InterruptedException {
        while (System.nanoTime() - deadline < 0) {
            try {
                attack.once();
                count(what);
            } catch (IOException e) {
                count(what + " (server closed)");
            }
            Thread.sleep(pause);
        }
        return null;
    }

    /** Chat members talking to each other, the well-behaved side of chat. */
    private Void chatters(long deadline) throws InterruptedException {
        var relayed = new AtomicLong();
        var members = new ArrayList<ChatWorker>();
        try {
            for (int i = 0; i < 4; i++) {
                members.add(new ChatWorker(chat.address(), 48, relayed));
            }
            while (System.nanoTime() - deadline < 0) {
                for (var member : members) {
                    member.exchange();
                    count("chat lines");
                }
                Thread.sleep(5);
            }
        } catch (IOException e) {
            count("chat lines failed");
        } finally {
            for (var member : members) {
                try {
                    member.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }
        return null;
    }

    /** Half a request, then a reset (SO_LINGER 0), on each TCP service. */
    private void resets() throws IOException {
        for (var target : List.of(echo, http, chat)) {
            try (var socket = connect(target)) {
                socket.setSoLinger(true, 0);
                socket.getOutputStream().write("GET /hel".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Inputs past every bound: a 64 KiB header, a 16 KiB chat line, a 64 KiB datagram. */
    private void oversize() throws IOException {
        try (var socket = connect(http)) {
            write(socket.getOutputStream(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
            socket.getInputStream().readAllBytes();
        }
        try (var socket = connect(chat)) {
            write(socket.getOutputStream(), "b".repeat(16 * 1024) + "\n/quit\n");
            socket.getInputStream().readAllBytes();
        }
        try (var socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(new byte[65_507], 65_507, udp.address()));
        }
    }

    /** Twenty connections sending a header a byte at a time until http-info's request timeout cuts them. */
    private void slowloris() throws IOException, InterruptedException {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 20; i++) {
                var socket = connect(http);
                write(socket.getOutputStream(), "GET / HTTP/1.1\r\n");
                sockets.add(socket);
            }
            for (int second = 0; second < 3; second++) {
                for (var socket : sockets) {
                    write(socket.getOutputStream(), "X");
                }
                Thread.sleep(1000);
            }
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    /** 200 source ports, five datagrams each, as fast as they go: the rate limit's work. */
    private void flood() throws IOException {
        var payload = "flood".getBytes(StandardCharsets.US_ASCII);
        for (int port = 0; port < 200; port++) {
            try (var socket = new DatagramSocket()) {
                for (int i = 0; i < 5; i++) {
                    socket.send(new DatagramPacket(payload, payload.length, udp.address()));
                }
            }
        }
    }

    /** A member that never reads while the room talks: chat must drop it, not slow down. */
    private void slowReader() throws IOException, InterruptedException {
        try (var socket = connect(chat)) {
            socket.setReceiveBufferSize(4096);
            Thread.sleep(5000);
        }
    }

    private static Socket connect(HostPort target) throws IOException {
        var socket = new Socket();
        socket.connect(target.address(), 5000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
