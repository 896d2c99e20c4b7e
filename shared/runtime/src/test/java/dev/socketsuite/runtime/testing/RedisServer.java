package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian package {@code redis-server}) on a free loopback
 * port, with its data in a temporary directory (append-only file, so a stop and start
 * keeps the counters, as a Redis with persistence does; a stop is SIGTERM, which writes
 * the file out, so fsync once a second is enough and spares a busy disk a sync per write). Tests that need Redis fail with
 * a clear message when it is not installed; they never skip.
 */
public final class RedisServer implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final String password;
    /** Arguments beyond the common ones: a replica's {@code --replicaof}. */
    private final List<String> extra;
    /** The TLS port beside the plain one, or 0 when none. */
    private final int tlsPort;
    private Process process;

    private RedisServer(int port, Path directory, String password, List<String> extra, int tlsPort) {
        this.port = port;
        this.directory = directory;
        this.password = password;
        this.extra = extra;
        this.tlsPort = tlsPort;
    }

    /** Starts a new server on a free port, open to any client. */
    public static RedisServer start() throws IOException, InterruptedException {
        return start(null);
    }

    /** Starts a new server on a free port that requires {@code password} (none when null). */
    public static RedisServer start(String password) throws IOException, InterruptedException {
        var server = new RedisServer(freePort(), Files.createTempDirectory("redis-"), password, List.of(), 0);
        server.restart();
        return server;
    }

    /**
     * Starts a new server on a free port that also speaks TLS on another ({@link #tlsUrl}), with
     * the server certificate of {@code certificates} (named localhost and 127.0.0.1).
     */
    public static RedisServer startTls(TestCertificates certificates) throws IOException, InterruptedException {
        int tlsPort = freePort();
        var files = certificates.serverDir();
        var extra = List.of("--tls-port", String.valueOf(tlsPort), "--tls-cert-file", files.resolve("tls.crt").toString(),
                "--tls-key-file", files.resolve("tls.key").toString(), "--tls-ca-cert-file", files.resolve("ca.crt").toString(),
                "--tls-auth-clients", "no");
        var server = new RedisServer(freePort(), Files.createTempDirectory("redis-"), null, extra, tlsPort);
        server.restart();
        return server;
    }

    /** Starts a new server on a free port that replicates {@code primary}, with the primary's password if it has one. */
    public static RedisServer startReplicaOf(RedisServer primary) throws IOException, InterruptedException {
        var extra = new ArrayList<>(List.of("--replicaof", "127.0.0.1", String.valueOf(primary.port)));
        if (primary.password != null) {
            extra.addAll(List.of("--masterauth", primary.password));
        }
        var server = new RedisServer(freePort(), Files.createTempDirectory("redis-"), primary.password, extra, 0);
        server.restart();
        return server;
    }

    /** {@code redis://127.0.0.1:PORT/0}. */
    public String url() {
        return "redis://127.0.0.1:" + port + "/0";
    }

    public int port() {
        return port;
    }

    /** {@code rediss://localhost:TLSPORT/0}, for a server started with {@link #startTls}. */
    public String tlsUrl() {
        return "rediss://localhost:" + tlsPort() + "/0";
    }

    public int tlsPort() {
        if (tlsPort == 0) {
            throw new IllegalStateException("this server speaks no TLS");
        }
        return tlsPort;
    }

    /** Starts the server again on the same port and data directory; returns once it answers. */
    public void restart() throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(executable(), "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--dir", directory.toString(), "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
                "--daemonize", "no", "--logfile", ""));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        command.addAll(extra);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("redis.log").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answersPing()) {
            if (!process.isAlive() || System.nanoTime() - end > 0) {
                throw new IllegalStateException("redis-server did not start on port " + port + ":\n"
                        + Files.readString(directory.resolve("redis.log")));
            }
            Thread.sleep(20);
        }
    }

    /** Stops the server (SIGTERM) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Freezes the server (SIGSTOP): its connections stay open, but it answers nothing, as a hung node. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** Lets a paused server go on (SIGCONT). */
    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " exited with " + exit);
        }
    }

    /** Whether its process runs (it may be paused). */
    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Kills the server with SIGKILL, as an OOM kill or a lost node does: nothing is written out. */
    public void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private boolean answersPing() {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            var reply = new byte[7];
            int read = socket.getInputStream().read(reply);
            // A server with a password refuses the PING, which still shows it is up.
            var answer = read > 0 ? new String(reply, 0, read, StandardCharsets.US_ASCII) : "";
            return answer.startsWith("+PONG") || answer.startsWith("-NOAUTH");
        } catch (IOException e) {
            return false;
        }
    }

    /** The server binary: on PATH or where the Debian package puts it. */
    public static String executable() {
        for (var candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        var path = System.getenv().getOrDefault("PATH", "");
        for (var dir : path.split(":")) {
            var candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not installed: the Redis tests need a real server "
                + "(Debian: apt-get install -y redis-server; .ci/run installs it)");
    }

    static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
