package dev.socketsuite.chat;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.socketsuite.runtime.state.SharedLog;
import dev.socketsuite.runtime.state.StateUnavailableException;

/**
 * Reads the room's log from where this replica stands, for as long as the room is open:
 * its tail first (the history), then each entry as it comes. While the log cannot be read
 * it retries, and tells the room once when the log goes away and once when it is back.
 * The reads themselves go out from an event loop ({@link SharedLog#readAfter}); this thread
 * waits for each and hands what came to the room, whose lock a resume may hold across a read
 * of the log: that wait belongs on this thread, never on a loop.
 */
final class RoomLogReader implements Runnable {

    /** What the reader hands the room, on the reader's thread, one call at a time. */
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

    private static final Duration READ_WAIT = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofMillis(200);

    private final SharedLog log;
    private final int tailSize;
    private final Room room;
    private final BooleanSupplier open;
    private boolean available = true;

    RoomLogReader(SharedLog log, int tailSize, Room room, BooleanSupplier open) {
        this.log = log;
        this.tailSize = tailSize;
        this.room = room;
        this.open = open;
    }

    @Override
    public void run() {
        String position = null;
        long lastOffset = 0;
        while (open.getAsBoolean()) {
            try {
                if (position == null) {
                    var tail = log.last(tailSize);
                    room.history(tail);
                    position = tail.isEmpty() ? "0-0" : tail.getLast().id();
                    lastOffset = tail.isEmpty() ? 0 : tail.getLast().offset();
                }
                var entries = log.readAfter(position, READ_WAIT, 256);
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

    private void setAvailable(boolean now) {
        if (now != available) {
            available = now;
            room.available(now);
        }
    }
}
