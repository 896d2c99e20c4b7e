package dev.socketsuite.chat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketsuite.protocol.ChatFormats;

/**
 * One client in the room: its nick, and a bounded queue of lines drained to its outlet (a
 * TCP connection or a WebSocket) by a writer thread of its own, so a client that reads
 * slowly delays only itself. The writer runs only while lines are queued, so a quiet member
 * holds no writer thread.
 */
final class ChatMember {

    /** Queued by {@link #finish()}: the writer closes the connection when it gets here. */
    private static final String END = new String("end of stream");
    /** Queued by {@link #finishForRestart}: the same, and the outlet says why where it can. */
    private static final String END_RESTART = new String("end of stream: restart");

    private final MemberOutlet outlet;
    private final BlockingQueue<String> outbound;
    /** True while a writer runs; whoever sets it starts one. */
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile String nick;
    /** Whether this member asked for each relayed line's room offset ({@code /offsets on}). */
    private volatile boolean offsets;
    /** Whether it asked for offsets as it joined (a WebSocket member): it then sees its own join, with its offset. */
    private final boolean joinedWithOffsets;
    /** It saw lines up to this offset on the replica it came from ({@code /resume}); 0 once live lines passed it. */
    private volatile long replayedThrough;
    /**
     * Every line of the room from this offset on has reached it, live or replayed; 0 until it is
     * seated. Below it, it saw only the newcomer history in {@link #historyShown}. A resume sends
     * just the lines it has not seen ({@link #unseen}), so none arrives twice.
     */
    private long seenFrom;
    private final Set<Long> historyShown = new HashSet<>();

    /** Its message in flight, while its acknowledgement waits for both the append and the room's order; see {@link #acknowledgeWhen}. */
    private boolean sending;
    private long appendedAt;
    private long readAt;

    ChatMember(MemberOutlet outlet, String nick, int queueCapacity, boolean offsets) {
        this.outlet = outlet;
        this.nick = nick;
        this.offsets = offsets;
        this.joinedWithOffsets = offsets;
        // Linked, not an array: a quiet member's queue takes no room for the lines it may hold.
        this.outbound = new LinkedBlockingQueue<>(queueCapacity);
    }

    String nick() {
        return nick;
    }

    void rename(String newNick) {
        nick = newNick;
    }

    void showOffsets(boolean on) {
        offsets = on;
    }

    /** {@code line} as this member sees it: with its offset in front when it asked for offsets. */
    String numbered(long offset, String line) {
        return offsets && line != null ? ChatFormats.numbered(offset, line) : line;
    }

    boolean seesOwnJoin() {
        return joinedWithOffsets;
    }

    /** Seated: every line from {@code offset} on reaches it live. Called under the room's lock, as the three below. */
    void liveFrom(long offset) {
        seenFrom = offset;
    }

    /** The newcomer history showed it the line at {@code offset}. */
    void shownHistory(long offset) {
        historyShown.add(offset);
    }

    /** A replay sent it every line it had not seen after {@code after}. */
    void replayedAfter(long after) {
        seenFrom = Math.min(seenFrom, after + 1);
    }

    long seenFrom() {
        return seenFrom;
    }

    /** Whether the line at {@code offset} has not reached it yet: only those are replayed. */
    boolean unseen(long offset) {
        return offset < seenFrom && !historyShown.contains(offset);
    }

    long replayedThrough() {
        return replayedThrough;
    }

    void replayedThrough(long offset) {
        replayedThrough = offset;
    }

    /**
     * A message of this member is being appended: its acknowledgement is due once the append
     * returned (the replicas hold it) and the room's reader reached it, whichever comes last.
     * Called under the room's lock, as the two below.
     */
    void sending() {
        sending = true;
        appendedAt = 0;
        readAt = 0;
    }

    /**
     * One of the two happened to the message at {@code offset}: it was appended (the replicas
     * hold it), or read back from the room. True once both did: the acknowledgement is due now.
     * A message whose append failed is never acknowledged, even when the room shows it.
     */
    boolean acknowledgeWhen(boolean appended, long offset) {
        if (!sending) {
            return false;
        }
        long other = appended ? readAt : appendedAt;
        if (other == offset) {
            sending = false;
            return true;
        }
        if (appended) {
            appendedAt = offset;
        } else {
            readAt = offset;
        }
        return false;
    }

    /** Its append failed: no acknowledgement comes for it. */
    void sendFailed() {
        sending = false;
    }

    MemberOutlet outlet() {
        return outlet;
    }

    /** Queues a line; false when the queue is full (the client is not keeping up). */
    boolean offer(String line) {
        if (!outbound.offer(line)) {
            return false;
        }
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("chat-writer-" + outlet.id()).start(this::drain);
        }
        return true;
    }

    /** Closes the connection at once; a write in progress then fails, which ends the writer. */
    void close() {
        outlet.close();
    }

    /** Shutdown: queues the goodbye and closes once it is written; closes at once when there is no room for it. */
    void finishForRestart() {
        if (!offer(ChatFormats.RESTARTING) || !offer(END_RESTART)) {
            close();
        }
    }

    /** Closes the connection once the lines already queued are written. */
    void finish() {
        if (!offer(END)) {
            close();
        }
    }

    private void drain() {
        try {
            while (true) {
                var first = outbound.poll();
                if (first == null) {
                    draining.set(false);
                    // A line queued before the flag was cleared started no writer: this one takes it.
                    if (outbound.isEmpty() || !draining.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                var batch = new ArrayList<String>();
                batch.add(first);
                outbound.drainTo(batch, 256);
                int end = 0;
                while (end < batch.size() && batch.get(end) != END && batch.get(end) != END_RESTART) {
                    end++;
                }
                outlet.write(batch.subList(0, end));
                if (end < batch.size()) {
                    outlet.finish(batch.get(end) == END_RESTART);
                    return;
                }
            }
        } catch (IOException e) {
            outlet.close(); // the reader sees the close and leaves the room
        }
    }
}
