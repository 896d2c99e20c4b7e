package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A connection's input as a blocking stream, for a connection on a thread of its own. Bytes
 * read ahead of the protocol (what followed a PROXY header, or what a loop handed over with
 * the connection) come first, then the channel's. While an event loop serves the connection
 * the loop is its only reader, and a read here is refused.
 */
final class ConnectionInput extends InputStream {

    private final Connection connection;
    private byte[] unread;
    private int unreadAt;

    ConnectionInput(Connection connection) {
        this.connection = connection;
    }

    /** Hands {@code bytes[from..to)} to the next reads, before anything from the channel. */
    void unread(byte[] bytes, int from, int to) {
        if (from < to) {
            unread = Arrays.copyOfRange(bytes, from, to);
            unreadAt = 0;
        }
    }

    /** The bytes read ahead that no read has taken yet; null when none. */
    byte[] takeUnread() {
        if (unread == null) {
            return null;
        }
        var rest = Arrays.copyOfRange(unread, unreadAt, unread.length);
        unread = null;
        return rest;
    }

    @Override
    public int read() throws IOException {
        var one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (connection.servedByLoop()) {
            // The loop reads this channel and hands the bytes on: a second reader would take some.
            throw new IllegalStateException("connection " + connection.id() + " is served by an event loop, which reads its input");
        }
        if (length == 0) {
            return 0;
        }
        if (unread != null) {
            int count = Math.min(length, unread.length - unreadAt);
            System.arraycopy(unread, unreadAt, bytes, offset, count);
            unreadAt += count;
            if (unreadAt == unread.length) {
                unread = null;
            }
            return count;
        }
        return connection.readAvailable(ByteBuffer.wrap(bytes, offset, length));
    }
}
