package dev.socketsuite.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The podman CLI, as the image tests drive it. Containers run under runc with the user-mode
 * network (slirp4netns), and with default ulimits inside the machine's hard limits, written
 * to a {@code containers.conf} of the test's own: podman's defaults ask for more than a
 * sandbox allows, and runc then refuses to start anything.
 */
final class Podman {

    /** What a command printed, and how it ended. */
    record Result(int exit, String output) {
        Result orFail(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " exited with " + exit + ":\n" + output);
            }
            return this;
        }
    }

    private final Path containersConf;

    private Podman(Path containersConf) {
        this.containersConf = containersConf;
    }

    /** Writes the test's containers.conf under {@code work}. */
    static Podman in(Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        var hardNoFile = new ProcessBuilder("sh", "-c", "ulimit -Hn").start();
        var limit = new String(hardNoFile.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        hardNoFile.waitFor();
        var conf = work.resolve("containers.conf");
        Files.writeString(conf, """
                [containers]
                default_ulimits = ["nofile=%s:%s", "nproc=32768:32768"]
                [engine]
                runtime = "runc"
                """.formatted(limit, limit));
        return new Podman(conf);
    }

    /** Runs {@code podman ARGS...}, up to {@code timeout}; the output is stdout and stderr together. */
    Result run(Duration timeout, String... args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add("podman");
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("CONTAINERS_CONF", containersConf.toString());
        var log = Files.createTempFile("podman-", ".log");
        try {
            var process = builder.redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("podman " + String.join(" ", args) + " took longer than " + timeout + ":\n"
                        + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@link #run}, failing the test unless the command exits 0. */
    String ok(Duration timeout, String... args) throws IOException, InterruptedException {
        return run(timeout, args).orFail("podman " + String.join(" ", args)).output().trim();
    }

    boolean imageExists(String name) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(30), "image", "exists", name).exit() == 0;
    }
}
