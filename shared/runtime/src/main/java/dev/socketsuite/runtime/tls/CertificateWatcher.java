package dev.socketsuite.runtime.tls;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * Serves new certificates without a restart: watches the certificate directory and reloads
 * {@link TlsContext} when what {@code tls.crt}, {@code tls.key} or {@code ca.crt} hold has
 * changed. Kubelet updates a mounted Secret by writing a new timestamped directory and
 * swapping the {@code ..data} link to it in one rename, which shows here as an event in the
 * directory; the files are read through their links each time, so the swap is seen whole.
 * (A Secret mounted with {@code subPath} is never updated by kubelet: mount the directory.)
 * A pair that does not load keeps the last good one, is logged once, and counted.
 */
public final class CertificateWatcher {

    private static final System.Logger LOG = System.getLogger(CertificateWatcher.class.getName());
    private static final List<String> FILES = List.of("tls.crt", "tls.key", "ca.crt");
    /** Files change one after another when written by hand; the reload waits for a quiet moment. */
    private static final long SETTLE_MILLIS = 200;
    /** Also looked at this often when no event came: some file systems send none. */
    private static final long POLL_SECONDS = 2;

    private final TlsContext context;
    private final String service;
    private final LongAdder failures;
    private final Runnable reloaded;
    private volatile WatchService watcher;
    private byte[] loaded;
    private byte[] lastFailed;

    public CertificateWatcher(TlsContext context, ServiceMetrics metrics, String service) {
        this(context, metrics, service, () -> { });
    }

    /** As above; {@code reloaded} runs after each reload, for a listener that must be handed the new pair. */
    public CertificateWatcher(TlsContext context, ServiceMetrics metrics, String service, Runnable reloaded) {
        this.context = context;
        this.service = service;
        this.reloaded = reloaded;
        this.failures = metrics.adder("socket_tls_reload_failures_total",
                "Certificate directory changes that did not load; the last good pair is still served");
        metrics.gauge("socket_tls_certificate_expiry_seconds", "When the served certificate expires (Unix time)",
                () -> context.certificate().getNotAfter().getTime() / 1000);
        metrics.gauge("socket_tls_certificate_generation", "How many times the certificate directory has been loaded",
                context::generation);
        this.loaded = digest();
    }

    /** Starts watching on a daemon thread of its own. */
    public void start() {
        try {
            watcher = context.settings().certDir().getFileSystem().newWatchService();
            context.settings().certDir().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "{0}: cannot watch {1} ({2}); looking at it every {3} s instead", service,
                    context.settings().certDir(), e.getMessage(), POLL_SECONDS);
        }
        Thread.ofPlatform().daemon().name(service + "-tls-watch").start(this::run);
    }

    /** Stops watching; the context goes on serving what it holds. */
    public void stop() {
        var watching = watcher;
        watcher = null;
        if (watching != null) {
            try {
                watching.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private void run() {
        try {
            while (true) {
                var watching = watcher;
                if (watching == null) {
                    TimeUnit.SECONDS.sleep(POLL_SECONDS);
                } else {
                    var key = watching.poll(POLL_SECONDS, TimeUnit.SECONDS);
                    if (key != null) {
                        TimeUnit.MILLISECONDS.sleep(SETTLE_MILLIS);
                        key.pollEvents();
                        key.reset();
                    }
                }
                check();
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            // stopped
        }
    }

    /** Reloads when the files hold something other than what was loaded or last failed. */
    void check() {
        var now = digest();
        if (Arrays.equals(now, loaded) || Arrays.equals(now, lastFailed)) {
            return;
        }
        try {
            context.reload();
            reloaded.run();
            loaded = now;
            lastFailed = null;
            LOG.log(Level.INFO, "{0}: loaded {1} again (generation {2}): serving {3} until {4}", service,
                    context.settings().certDir(), context.generation(),
                    context.certificate().getSubjectX500Principal().getName(), context.certificate().getNotAfter().toInstant());
        } catch (IOException | RuntimeException e) {
            lastFailed = now;
            failures.increment();
            LOG.log(Level.WARNING, "{0}: {1} changed but does not load, still serving generation {2}: {3}", service,
                    context.settings().certDir(), context.generation(), e.getMessage());
        }
    }

    /** One digest of the three files' contents, read through their links; a missing file counts as empty. */
    private byte[] digest() {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            for (var name : FILES) {
                try {
                    digest.update(Files.readAllBytes(context.settings().certDir().resolve(name)));
                } catch (NoSuchFileException e) {
                    digest.update((byte) 0);
                } catch (IOException e) {
                    digest.update((byte) 1);
                }
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
