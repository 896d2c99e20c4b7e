package dev.socketsuite.runtime;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/** One selector thread of {@link EventLoops}; everything it touches stays on its thread. */
final class EventLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** One read buffer for all the loop's connections: a silent connection holds none. */
    private static final int READ_BUFFER = 64 * 1024;

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** Work waiting for the selector to let go of cancelled keys' channels; the loop thread's alone. */
    private List<Runnable> releasing = new ArrayList<>();

    private EventLoop(Selector selector) {
        this.selector = selector;
    }

    static EventLoop start(String name) throws IOException {
        var loop = new EventLoop(Selector.open());
        Thread.ofPlatform().name(name).daemon().start(loop);
        return loop;
    }

    /** Hands a connection to this loop; the future ends with the connection's session. */
    CompletableFuture<Void> add(Connection connection, LoopSession session) throws IOException {
        connection.servedBy(session); // before it turns non-blocking: a writer that finds the socket full asks it
        connection.channel().configureBlocking(false);
        execute(() -> session.register(selector));
        // Closing the channel cancels its key without an event; the session (or a writer waiting
        // on it) must still hear of it, even once its service has ended.
        connection.whenClosed(() -> execute(session::closedElsewhere));
        return session.done;
    }

    /** Runs {@code task} on this loop's thread, after the tasks before it. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /**
     * Cancels {@code key} and runs {@code then} on this loop's thread once the selector has let
     * go of its channel, which it does in the selection after the cancel: only then may the
     * channel block again. Called on this loop's thread.
     */
    void release(SelectionKey key, Runnable then) {
        key.cancel();
        releasing.add(then);
        selector.wakeup();
    }

    @Override
    public void run() {
        while (true) {
            try {
                for (Runnable task; (task = tasks.poll()) != null; ) {
                    task.run();
                }
                List<Runnable> released = List.of();
                if (!releasing.isEmpty()) {
                    released = releasing;
                    releasing = new ArrayList<>();
                }
                selector.select(key -> ((LoopSession) key.attachment()).ready(key, readBuffer));
                released.forEach(Runnable::run);
            } catch (IOException | RuntimeException | Error e) {
                // A session's own failures end that session; this is the loop itself, which must go on.
                LOG.log(Level.WARNING, "event loop failed, going on", e);
            }
        }
    }
}
