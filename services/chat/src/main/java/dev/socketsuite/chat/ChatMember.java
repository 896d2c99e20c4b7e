package dev.socketsuite.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.stream.Connection;

/**
 * One client in the room: its nick, and a bounded queue of lines drained to its socket
 * by a writer thread of its own, so a client that reads slowly delays only itself. The
 * writer runs only while lines are queued, so a quiet member holds no writer thread.
 */
final class ChatMember {

    /** Queued by {@link #finish()}: the writer closes the connection when it gets here. */
    private static final String END = new String("end of stream");

    private final Connection connection;
    private final BlockingQueue<String> outbound;
    /** True while a writer runs; whoever sets it starts one. */
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile String nick;
    /** Whether this member asked for each relayed line's room offset ({@code /offsets on}). */
    private volatile boolean offsets;
    /** It saw lines up to this offset on the replica it came from ({@code /resume}); 0 once live lines passed it. */
    private volatile long replayedThrough;

    ChatMember(Connection connection, String nick, int queueCapacity) {
        this.connection = connection;
        this.nick = nick;
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

    long replayedThrough() {
        return replayedThrough;
    }

    void replayedThrough(long offset) {
        replayedThrough = offset;
    }

    Connection connection() {
        return connection;
    }

    /** Queues a line; false when the queue is full (the client is not keeping up). */
    boolean offer(String line) {
        if (!outbound.offer(line)) {
            return false;
        }
        if (draining.compareAndSet(false, true)) {
            Thread.ofVirtual().name("chat-writer-" + connection.id()).start(this::drain);
        }
        return true;
    }

    /** Closes the connection at once; a write in progress then fails, which ends the writer. */
    void close() {
        connection.close();
    }

    /** Queues a last line and closes once it is written; closes at once when there is no room for it. */
    void finishWith(String line) {
        if (offer(line)) {
            finish();
        } else {
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
                var bytes = new ByteArrayOutputStream();
                boolean end = false;
                for (var line : batch) {
                    if (line == END) {
                        end = true;
                        break;
                    }
                    bytes.writeBytes(ChatFormats.line(line));
                }
                connection.output().write(bytes.toByteArray());
                if (end) {
                    connection.close();
                    return;
                }
            }
        } catch (IOException e) {
            connection.close(); // the reader sees the close and leaves the room
        }
    }
}
