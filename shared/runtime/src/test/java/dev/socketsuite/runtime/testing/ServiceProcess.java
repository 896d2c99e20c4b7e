package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A service started as its own JVM, with the test classpath, for what only a process
 * shows: exit status, signals, startup failure output.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "ready in \\d+ ms: listening on (.+?), health on http://[^:]+:(\\d+)/");
    /** The first endpoint's port: it ends the endpoint, or comes before its path (ws://host:port/ws). */
    private static final Pattern PORT = Pattern.compile(":(\\d+)(?=[\\s/]|$)");

    private final Process process;
    private final Path log;

    private ServiceProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code mainClass} from the test classpath with the given environment added to this one's. */
    public static ServiceProcess launch(String mainClass, Map<String, String> env) throws IOException {
        return start(List.of("-cp", System.getProperty("java.class.path"), mainClass), env, true);
    }

    /**
     * Starts {@code mainClass} as {@link #launch} does, under a descriptor limit of
     * {@code maxFiles} ({@code ulimit -n}), to see what the service does when it runs out.
     */
    public static ServiceProcess launchWithFileLimit(String mainClass, Map<String, String> env, int maxFiles)
            throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        return start(List.of("sh", "-c", "ulimit -n " + maxFiles + " && exec \"$0\" \"$@\"", java,
                "-cp", System.getProperty("java.class.path"), mainClass), env, false);
    }

    /** Starts a packaged service, {@code java -jar NAME.jar}, as a user would. */
    public static ServiceProcess launchJar(Path jar, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (mvn package)");
        }
        return start(List.of("-jar", jar.toString()), env, true);
    }

    private static ServiceProcess start(List<String> arguments, Map<String, String> env, boolean java)
            throws IOException {
        var command = new java.util.ArrayList<String>();
        if (java) {
            command.add(ProcessHandle.current().info().command().orElse("java"));
        }
        command.addAll(arguments);
        // A file, not a pipe: the JDK may close a pipe under a reader when the process exits,
        // losing the last lines, which are the shutdown lines we want to see.
        var log = Files.createTempFile("service-", ".log");
        log.toFile().deleteOnExit();
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start(), log);
    }

    /** Waits for the ready line; returns {listener port or -1, health port}. */
    public int[] awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0 && process.isAlive()) {
            for (var line : output()) {
                var matcher = READY.matcher(line);
                if (matcher.find()) {
                    var port = PORT.matcher(matcher.group(1));
                    int listener = port.find() ? Integer.parseInt(port.group(1)) : -1;
                    return new int[] {listener, Integer.parseInt(matcher.group(2))};
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("service did not report ready; output:\n" + String.join("\n", output()));
    }

    /** Open file descriptors of the process (Linux /proc), or -1 where that cannot be read. */
    public long openFileDescriptors() {
        try (var fds = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
            return fds.count();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for exit and returns the status; fails the test when it does not exit in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service did not exit within " + timeout + "; output:\n" + String.join("\n", output()));
        }
        return process.exitValue();
    }

    /** Everything the process printed so far. */
    public List<String> output() {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
