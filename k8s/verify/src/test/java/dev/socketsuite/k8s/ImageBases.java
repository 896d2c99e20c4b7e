package dev.socketsuite.k8s;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The two bases the image test builds the Dockerfile on, made from Debian packages with
 * mmdebstrap, as no registry of images is reachable: a build base (a JDK 25 with jmods,
 * Maven, binutils for strip) and a runtime base (glibc, libstdc++ and zlib for
 * the JVM, busybox for the shell, {@code sleep} and {@code grep} the manifests use). Each is
 * made once and kept under {@code ~/.cache/socket-suite/image-bases}, named by what it holds,
 * so a second run imports it from there, or finds it in podman's store already.
 */
final class ImageBases {

    private static final String SUITE = "trixie";
    private static final String MIRROR = "http://deb.debian.org/debian";
    private static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "socket-suite", "image-bases");

    static final String BUILD = "localhost/socket-suite-base/build:" + SUITE + "-2";
    static final String RUNTIME = "localhost/socket-suite-base/runtime:" + SUITE + "-1";

    private ImageBases() {
    }

    /** Makes both bases present in podman's store; returns quickly when they are. */
    static void ensure(Podman podman) throws IOException, InterruptedException {
        if (!podman.imageExists(BUILD)) {
            var tar = debootstrapped("build", List.of("--variant=essential",
                    "--include=openjdk-25-jdk-headless,maven,binutils"));
            podman.ok(Duration.ofMinutes(5), "import", tar.toString(), BUILD);
        }
        if (!podman.imageExists(RUNTIME)) {
            // Only the packages' files ("extract"): no dpkg, apt or perl in the image. Trixie's
            // files live under /usr, so the merged-/usr links are made first.
            var tar = debootstrapped("runtime", List.of("--variant=extract",
                    "--include=libc6,libgcc-s1,libstdc++6,zlib1g,busybox",
                    "--setup-hook=mkdir -p \"$1/usr/bin\" \"$1/usr/lib\" \"$1/usr/lib64\" \"$1/usr/sbin\""
                            + " && ln -s usr/bin \"$1/bin\" && ln -s usr/lib \"$1/lib\""
                            + " && ln -s usr/lib64 \"$1/lib64\" && ln -s usr/sbin \"$1/sbin\""));
            var raw = RUNTIME + "-extracted";
            podman.ok(Duration.ofMinutes(2), "import", tar.toString(), raw);
            // busybox's applets as commands, and no package documentation.
            var context = Files.createTempDirectory("runtime-base-");
            Files.writeString(context.resolve("Containerfile"), """
                    FROM %s
                    RUN ["/usr/bin/busybox", "sh", "-c", "/usr/bin/busybox --install -s /usr/bin && mkdir -p -m 1777 /tmp \\
                         && rm -rf /usr/share/doc /usr/share/man /usr/share/locale /usr/share/lintian /var/lib/dpkg /var/cache/* /var/log/*"]
                    """.formatted(raw));
            podman.ok(Duration.ofMinutes(2), "build", "--network=none", "--squash", "-t", RUNTIME, context.toString());
            podman.ok(Duration.ofMinutes(1), "rmi", raw);
        }
    }

    /** The base's tar, made by mmdebstrap unless the cache has it. */
    private static Path debootstrapped(String name, List<String> options) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of("mmdebstrap", "--quiet", "--format=tar"));
        command.addAll(options);
        var key = HexFormat.of().formatHex(sha256(String.join(" ", options))).substring(0, 12);
        var tar = CACHE.resolve(name + "-" + SUITE + "-" + key + ".tar");
        if (Files.exists(tar)) {
            return tar;
        }
        Files.createDirectories(CACHE);
        var partial = CACHE.resolve(tar.getFileName() + ".partial");
        command.addAll(List.of(SUITE, partial.toString(), MIRROR));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        var output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new AssertionError("mmdebstrap for the " + name + " base failed:\n" + output);
        }
        return Files.move(partial, tar);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
