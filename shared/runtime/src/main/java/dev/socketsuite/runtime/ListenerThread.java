package dev.socketsuite.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Channel;

/**
 * The accept or receive loop of a listener: the thread it runs on, whether it should keep
 * running, and whether it died of an unexpected error, which is what liveness reports.
 */
public final class ListenerThread {

    /** One pass of the loop's work; returns false to stop. */
    @FunctionalInterface
    public interface Body {
        boolean runOnce() throws InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(ListenerThread.class.getName());

    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean died;

    public void start(String threadName, String endpoint, Body body) {
        running = true;
        thread = Thread.ofPlatform().name(threadName).daemon().start(() -> {
            try {
                while (running && body.runOnce()) {
                    // each pass serves one connection or datagram
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                died = true;
                LOG.log(Level.ERROR, threadName + " on " + endpoint + " died", e);
            }
        });
    }

    /** Still meant to run (stop has not been asked for). */
    boolean running() {
        return running;
    }

    /** Not dead of an unexpected error: before start, while running, or stopped on purpose. */
    public boolean isAlive() {
        var current = thread;
        return !died && (current == null || current.isAlive() || !running);
    }

    /** Serving: meant to run, alive, and its channel open. */
    public boolean serving(Channel channel) {
        return running && channel != null && channel.isOpen() && isAlive();
    }

    /** Stops the loop by closing its channel, which wakes a blocked accept or receive. */
    public void stop(Channel channel, String endpoint) {
        running = false;
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "closing {0}: {1}", endpoint, e.getMessage());
            }
        }
    }

    /** Waits up to {@code timeout} for the loop's thread to end. */
    public boolean join(java.time.Duration timeout) throws InterruptedException {
        var current = thread;
        return current == null || current.join(timeout);
    }
}
