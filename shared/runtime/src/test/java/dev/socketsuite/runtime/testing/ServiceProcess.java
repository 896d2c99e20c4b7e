package dev.socketsuite.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A service started as its own JVM, with the test classpath, for what only a process
 * shows: exit status, signals, startup failure output.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile(
            "ready in \\d+ ms: listening on (\\S+?)(?::(\\d+))?, health on http://[^:]+:(\\d+)/");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServiceProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::collectOutput);
    }

    /** Starts {@code mainClass} with the given environment added to this one's. */
    public static ServiceProcess launch(String mainClass, Map<String, String> env) throws IOException {
        var java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), mainClass)
                .redirectErrorStream(true);
        builder.environment().putAll(env);
        return new ServiceProcess(builder.start());
    }

    private void collectOutput() {
        try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException ignored) {
            // process ended
        }
    }

    /** Waits for the ready line; returns {listener port or -1, health port}. */
    public int[] awaitReady(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - end < 0 && process.isAlive()) {
            for (var line : output) {
                var matcher = READY.matcher(line);
                if (matcher.find()) {
                    int listener = matcher.group(2) == null ? -1 : Integer.parseInt(matcher.group(2));
                    return new int[] {listener, Integer.parseInt(matcher.group(3))};
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("service did not report ready; output:\n" + String.join("\n", output));
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    /** Waits for exit and returns the status; fails the test when it does not exit in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("service did not exit within " + timeout + "; output:\n" + String.join("\n", output));
        }
        // let the reader take the last lines
        Thread.sleep(50);
        return process.exitValue();
    }

    /** Everything the process printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
