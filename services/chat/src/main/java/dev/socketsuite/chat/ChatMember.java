package dev.socketsuite.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.runtime.Connection;

/**
 * One client in the room: its nick, and a bounded queue of lines drained to its socket
 * by a writer thread of its own, so a client that reads slowly delays only itself.
 */
final class ChatMember {

    /** Queued by {@link #finish()}: the writer closes the connection when it gets here. */
    private static final String END = new String("end of stream");

    private final Connection connection;
    private final BlockingQueue<String> outbound;
    private final Thread writer;
    private volatile String nick;

    ChatMember(Connection connection, String nick, int queueCapacity) {
        this.connection = connection;
        this.nick = nick;
        // Linked, not an array: a quiet member's queue takes no room for the lines it may hold.
        this.outbound = new LinkedBlockingQueue<>(queueCapacity);
        this.writer = Thread.ofVirtual().name("chat-writer-" + connection.id()).unstarted(this::drain);
    }

    String nick() {
        return nick;
    }

    void rename(String newNick) {
        nick = newNick;
    }

    Connection connection() {
        return connection;
    }

    void start() {
        writer.start();
    }

    /** Queues a line; false when the queue is full (the client is not keeping up). */
    boolean offer(String line) {
        return outbound.offer(line);
    }

    /** Stops the writer and closes the connection at once. */
    void close() {
        writer.interrupt();
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
        if (!outbound.offer(END)) {
            close();
        }
    }

    private void drain() {
        try {
            while (true) {
                // Made after the wait, so a quiet member holds no batch or buffer while it waits.
                var first = outbound.take();
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
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            connection.close(); // the reader sees the close and leaves the room
        }
    }
}
