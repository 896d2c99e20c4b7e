package dev.socketsuite.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Run in a JVM of its own by {@link CarrierThreadsTest}: applies the carrier rule as a
 * service does, then starts a virtual thread that keeps its carrier busy and a second one.
 * Prints {@code concurrent} when the second ran while the first was busy, {@code serial}
 * when it had to wait for the first to end.
 */
final class CarrierProbe {

    private CarrierProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        CarrierThreads.ensureMinimum();
        var secondRan = new AtomicBoolean();
        var busy = Thread.ofVirtual().start(() -> {
            long giveUp = System.nanoTime() + 2_000_000_000L;
            while (!secondRan.get() && System.nanoTime() - giveUp < 0) {
                Thread.onSpinWait(); // never blocks, so it never leaves its carrier
            }
        });
        var second = Thread.ofVirtual().start(() -> secondRan.set(busy.isAlive()));
        busy.join();
        second.join();
        System.out.println(secondRan.get() ? "concurrent" : "serial");
    }
}
