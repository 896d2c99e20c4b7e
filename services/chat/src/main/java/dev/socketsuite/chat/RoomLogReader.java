package dev.socketsuite.chat;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.socketsuite.runtime.state.SharedLog;
import dev.socketsuite.runtime.state.StateUnavailableException;

/**
 * Reads the room's log from where this replica stands, for as long as the room is open:
 * its tail first (the history), then each entry as it comes. The tail is read on a thread of
 * its own; what follows is read with no thread waiting, each read sent when the last one
 * answered, and the room is handed what came on the event loop that read it. While the log
 * cannot be read it retries, and tells the room once when the log goes away and once when it
 * is back.
 */
final class RoomLogReader {

    /** What the reader hands the room, one call at a time; none of them may block. */
    interface Room {
        /** The log's last entries, oldest first, read once before any {@link #deliver}. */
        void history(List<SharedLog.Entry> tail);

        /** Entries that came together, in log order: delivered under one lock, so members' writers wake once per batch. */
        void deliver(List<SharedLog.Entry> entries);

        /** The log trimmed {@code count} entries before this replica read them (a long outage). */
        void missed(long count);

        /** The log answered ({@code true}) or did not: called on every change. */
        void available(boolean now);
    }

    private static final System.Logger LOG = System.getLogger(RoomLogReader.class.getName());
    private static final Duration READ_WAIT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final int MAX_READ = 256;

    private final SharedLog log;
    private final int tailSize;
    private final Room room;
    private final BooleanSupplier open;
    /** Where the next read starts, and the offset of the last entry read; each touched by one read at a time. */
    private String position;
    private long lastOffset;
    private boolean available = true;

    RoomLogReader(SharedLog log, int tailSize, Room room, BooleanSupplier open) {
        this.log = log;
        this.tailSize = tailSize;
        this.room = room;
        this.open = open;
    }

    /** Reads the tail, then follows the log until the room closes. */
    void start() {
        Thread.ofVirtual().name("chat-log-tail").start(this::readTail);
    }

    /** The client library's read of the tail blocks, so it runs here, retried until it answers. */
    private void readTail() {
        while (open.getAsBoolean()) {
            try {
                var tail = log.last(tailSize);
                room.history(tail);
                position = tail.isEmpty() ? "0-0" : tail.getLast().id();
                lastOffset = tail.isEmpty() ? 0 : tail.getLast().offset();
                follow();
                return;
            } catch (StateUnavailableException e) {
                setAvailable(false);
                try {
                    Thread.sleep(RETRY);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void follow() {
        if (!open.getAsBoolean()) {
            return;
        }
        CompletionStage<List<SharedLog.Entry>> read;
        try {
            read = log.readAfter(position, READ_WAIT, MAX_READ);
        } catch (RuntimeException e) {
            read = CompletableFuture.failedFuture(e);
        }
        read.whenComplete((entries, error) -> {
            if (error != null) {
                LOG.log(Level.DEBUG, "the room's log could not be read: {0}", error.getMessage());
                setAvailable(false);
                CompletableFuture.delayedExecutor(RETRY.toMillis(), TimeUnit.MILLISECONDS).execute(this::follow);
                return;
            }
            setAvailable(true);
            if (!entries.isEmpty()) {
                // Offsets run on by one; a jump means the stream trimmed what this replica had not read.
                long skipped = entries.getFirst().offset() - lastOffset - 1;
                if (skipped > 0 && lastOffset > 0) {
                    room.missed(skipped);
                }
                room.deliver(entries);
                position = entries.getLast().id();
                lastOffset = entries.getLast().offset();
            }
            follow();
        });
    }

    private void setAvailable(boolean now) {
        if (now != available) {
            available = now;
            room.available(now);
        }
    }
}
