package dev.socketsuite.client.bench;

import java.io.IOException;
import java.time.Duration;

/** Replaces a broken connection the same way in the bench and the soak: close it, then open anew until it works or time is up. */
final class Reconnect {

    /** Opens one worker's connection. */
    @FunctionalInterface
    interface Opener {
        LoadWorker open() throws IOException;
    }

    private static final Duration RETRY = Duration.ofMillis(100);

    private Reconnect() {
    }

    /** A fresh worker, or {@code broken} (closed) when none could be opened before {@code deadline}. */
    static LoadWorker replace(LoadWorker broken, Opener opener, long deadline) throws InterruptedException {
        try {
            broken.close();
        } catch (IOException ignored) {
            // it is broken already
        }
        while (true) {
            try {
                return opener.open();
            } catch (IOException e) {
                if (System.nanoTime() - deadline > 0) {
                    return broken;
                }
                Thread.sleep(RETRY);
            }
        }
    }
}
