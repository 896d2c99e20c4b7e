package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One selector thread of {@link EventLoops}; everything it touches stays on its thread.
 *
 * <p>Nothing here may wait on an unrelated event, and {@link Selector#wakeup()} alone cannot
 * promise that for work made during a selection. The JDK's epoll selector makes a wakeup a
 * no-op while an earlier one is pending, and clears the pending one at the end of any
 * selection that saw it ({@code sun.nio.ch.EPollSelectorImpl.processEvents}). So a wakeup
 * asked for by a ready action is lost whenever another thread's wakeup came in the same
 * batch, and the next {@code select()} blocks until some other event arrives. Hence: tasks
 * are polled after every selection, so a wakeup lost in one still finds them; a release,
 * made within a selection, makes the next selection a {@code selectNow}; and a selection
 * never blocks longer than {@link #WATCHDOG_TICK}, so the {@link LoopWatchdog} sees, and
 * ends, any wait this reasoning missed.
 */
final class EventLoop implements Runnable {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());
    /** One read buffer for all the loop's connections: a silent connection holds none. */
    private static final int READ_BUFFER = 64 * 1024;
    /** The longest a selection blocks: longer than the watchdog's bound, so a lost wakeup is counted. */
    static final Duration WATCHDOG_TICK = Duration.ofSeconds(1);

    private final Selector selector;
    private final Queue<Queued> tasks = new ConcurrentLinkedQueue<>();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
    /** The replies to the read being answered: the loop answers one read at a time. */
    private final LoopReplies replies = new LoopReplies();
    private final Consumer<SelectionKey> serveReady = key -> {
        if (key.attachment() instanceof LoopAdapter adapter) {
            adapter.ready(key, readBuffer);
        } else {
            serveClient(key, (LoopClient.Ready) key.attachment(), readBuffer);
        }
    };
    /** Timers set on this loop, soonest first; the loop thread's alone. */
    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>();
    private long timersSet;
    private final LoopWatchdog watchdog;
    /** Work waiting for the selector to let go of cancelled keys' channels; the loop thread's alone. */
    private List<Queued> releasing = new ArrayList<>();

    /** A timer: when it is due ({@link System#nanoTime()}), in the order set when two are due together. */
    private static final class Scheduled implements Comparable<Scheduled>, LoopClient.Timer {
        final long dueNanos;
        final long order;
        final Runnable task;
        boolean cancelled;

        Scheduled(long dueNanos, long order, Runnable task) {
            this.dueNanos = dueNanos;
            this.order = order;
            this.task = task;
        }

        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(dueNanos - other.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    /** Work for the loop's thread, and when it was queued ({@link System#nanoTime()}). */
    private record Queued(Runnable work, long sinceNanos) {
    }

    private EventLoop(Selector selector, LoopWatchdog watchdog) {
        this.selector = selector;
        this.watchdog = watchdog;
    }

    static EventLoop start(String name) throws IOException {
        return start(name, LoopWatchdog.DEFAULT_BOUND);
    }

    /** A loop whose watchdog counts waits longer than {@code stallBound} as stalls. */
    static EventLoop start(String name, Duration stallBound) throws IOException {
        var loop = new EventLoop(Selector.open(), new LoopWatchdog(name, stallBound));
        Thread.ofPlatform().name(name).daemon().start(loop);
        return loop;
    }

    /** Hands a connection to this loop; the future ends when its service does. */
    CompletableFuture<Void> add(Connection connection, LoopAdapter adapter) throws IOException {
        connection.servedBy(adapter); // before it turns non-blocking: a writer that finds the socket full asks it
        connection.channel().configureBlocking(false);
        execute(() -> adapter.register(selector));
        // Closing the channel cancels its key without an event; the adapter (or a writer waiting
        // on it) must still hear of it, even once its service has ended.
        connection.whenClosed(() -> execute(adapter::closedElsewhere));
        return adapter.done;
    }

    /** A client channel of the runtime's own ({@link LoopClient}); on the loop's thread. */
    SelectionKey register(SelectableChannel channel, int ops, LoopClient.Ready ready) throws ClosedChannelException {
        return channel.register(selector, ops, ready);
    }

    /** A timer; on the loop's thread. Cancelled ones stay queued until due, and are then dropped. */
    LoopClient.Timer schedule(Duration after, Runnable task) {
        var timer = new Scheduled(System.nanoTime() + after.toNanos(), timersSet++, task);
        timers.add(timer);
        return timer;
    }

    private static void serveClient(SelectionKey key, LoopClient.Ready ready, ByteBuffer readBuffer) {
        try {
            ready.ready(key, readBuffer);
        } catch (IOException | RuntimeException e) {
            ready.failed(e);
        }
    }

    /** Runs the timers that are due. */
    private void runDueTimers() {
        long now = System.nanoTime();
        for (Scheduled timer; (timer = timers.peek()) != null && timer.dueNanos - now <= 0; ) {
            timers.poll();
            if (!timer.cancelled) {
                try {
                    timer.task.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "a timer on the event loop failed", e);
                }
            }
        }
    }

    /** How long the next selection may block, in ms: until the next timer, at most a watchdog tick, at least 1. */
    private long blockMillis() {
        var next = timers.peek();
        if (next == null) {
            return WATCHDOG_TICK.toMillis();
        }
        long waitMillis = Math.ceilDiv(next.dueNanos - System.nanoTime(), 1_000_000L);
        return Math.max(1, Math.min(WATCHDOG_TICK.toMillis(), waitMillis));
    }

    /** Where a {@link LoopProtocol} on this loop gives its replies; the loop thread's alone. */
    LoopReplies replies() {
        return replies;
    }

    /** Runs {@code task} on this loop's thread, after the tasks before it. */
    void execute(Runnable task) {
        tasks.add(new Queued(task, System.nanoTime()));
        selector.wakeup();
    }

    /**
     * Cancels {@code key} and runs {@code then} on this loop's thread once the selector has let
     * go of its channel, which it does in the selection after the cancel: only then may the
     * channel block again. Called on this loop's thread, within a selection: no wakeup is asked
     * for, as it could be lost, since the loop's next selection does not block while releases wait.
     */
    void release(SelectionKey key, Runnable then) {
        key.cancel();
        releasing.add(new Queued(then, System.nanoTime()));
    }

    /** How many times this loop's queued work waited longer than its watchdog's bound. */
    long stalls() {
        return watchdog.stalls();
    }

    @Override
    public void run() {
        LoopTurn.begin();
        while (true) {
            try {
                turn();
            } catch (IOException | RuntimeException | Error e) {
                // An adapter's own failures end its connection; this is the loop itself, which must go on.
                LOG.log(Level.WARNING, "event loop failed, going on", e);
            }
        }
    }

    /** The queued tasks, one selection, then the releases that selection completed. */
    private void turn() throws IOException {
        try {
            for (Queued task; (task = tasks.poll()) != null; ) {
                watchdog.ran(task.sinceNanos, System.nanoTime());
                task.work.run();
            }
            runDueTimers();
            LoopTurn.end(); // what the tasks and timers put off goes now: the selection below may block
            if (releasing.isEmpty()) {
                selector.select(serveReady, blockMillis()); // after the turn's end, which may have set timers
                return;
            }
            var released = releasing;
            releasing = new ArrayList<>();
            selector.selectNow(serveReady); // drops the cancelled keys' channels, as select would
            for (var release : released) {
                watchdog.ran(release.sinceNanos, System.nanoTime());
                release.work.run();
            }
        } finally {
            LoopTurn.end();
            watchdog.endTurn();
        }
    }
}
