package dev.socketsuite.runtime;

/**
 * Gives virtual threads at least two carrier threads, even where the JVM sees one CPU (a
 * small pod, or a process pinned to one core).
 *
 * <p>Why: the JDK's virtual-thread scheduler is a work-stealing pool whose carrier keeps
 * running the queue it is draining until that queue is empty. Under steady load a single
 * carrier's queue is never empty, so work that arrives on another queue (a newly accepted
 * connection's thread, a timer wake-up, the I/O poller's own wake-up) waited behind it: up
 * to 3 s measured with one carrier, which showed as multi-second exchanges at the client.
 * A second carrier picks that work up while the first is busy; the operating system shares
 * the core between them in slices of milliseconds.
 */
final class CarrierThreads {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final int MINIMUM = 2;

    private CarrierThreads() {
    }

    /**
     * Raises the carrier count to {@value #MINIMUM} unless it was set explicitly. Takes
     * effect only before the first virtual thread starts, so a service calls it first.
     */
    static void ensureMinimum() {
        if (System.getProperty(PARALLELISM) == null && Runtime.getRuntime().availableProcessors() < MINIMUM) {
            System.setProperty(PARALLELISM, String.valueOf(MINIMUM));
        }
    }
}
