package dev.socketsuite.client.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
            var hostile = new HostileClients(echo, udp, chat, http);
            loops.add(pool.submit(() -> hostile("resets", deadline, Duration.ofMillis(20), hostile::resets)));
            loops.add(pool.submit(() -> hostile("oversize inputs", deadline, Duration.ofMillis(50), hostile::oversize)));
            loops.add(pool.submit(() -> hostile("slowloris rounds", deadline, Duration.ofSeconds(1), hostile::slowloris)));
            loops.add(pool.submit(() -> hostile("datagram floods", deadline, Duration.ofMillis(200), hostile::flood)));
            loops.add(pool.submit(() -> hostile("slow chat readers", deadline, Duration.ofSeconds(2), hostile::slowReader)));
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

    /**
     * A well-behaved client: one exchange after another. A lost datagram is counted; a broken
     * connection is counted (with the first reason seen) and replaced, as the bench does.
     */
    private Void repeat(String what, long deadline, Reconnect.Opener opener) throws Exception {
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
                worker = Reconnect.replace(worker, opener, deadline);
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
}
