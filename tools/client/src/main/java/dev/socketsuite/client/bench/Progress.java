package dev.socketsuite.client.bench;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** A one-line progress display, rewritten in place each second. */
final class Progress {

    private Progress() {
    }

    static Thread start(PrintStream err, AtomicLong done, long startNanos) {
        return Thread.ofVirtual().start(() -> {
            long last = 0;
            try {
                while (true) {
                    Thread.sleep(1000);
                    long now = done.get();
                    err.printf("\r%5ds  %,d exchanges  %,d/s   ", (System.nanoTime() - startNanos) / 1_000_000_000L,
                            now, now - last);
                    err.flush();
                    last = now;
                }
            } catch (InterruptedException e) {
                err.print("\r\033[K");
                err.flush();
            }
        });
    }
}
