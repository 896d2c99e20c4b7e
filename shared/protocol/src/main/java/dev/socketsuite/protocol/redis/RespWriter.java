package dev.socketsuite.protocol.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Writes RESP2: commands (arrays of bulk strings, the only thing a client sends) staged one
 * after another in one growing buffer, so a batch leaves in one write; and any reply, the
 * parser's counterpart, for tests and for a server written for them.
 */
public final class RespWriter {

    private byte[] bytes;
    private int length;

    public RespWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    public RespWriter() {
        this(256);
    }

    /** Appends the command {@code arguments} (its name first). */
    public RespWriter command(String... arguments) {
        return command(Arrays.asList(arguments));
    }

    /** Appends the command {@code arguments} (its name first). */
    public RespWriter command(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("a command has at least its name");
        }
        header('*', arguments.size());
        for (var argument : arguments) {
            bulk(argument.getBytes(StandardCharsets.UTF_8));
        }
        return this;
    }

    /** Appends {@code reply} as a server sends it. */
    public RespWriter reply(RespReply reply) {
        switch (reply) {
            case RespReply.Status status -> line('+', status.text());
            case RespReply.Error error -> line('-', error.message());
            case RespReply.Int number -> header(':', number.value());
            case RespReply.Bulk bulk -> {
                if (bulk.bytes() == null) {
                    header('$', -1);
                } else {
                    bulk(bulk.bytes());
                }
            }
            case RespReply.Array array -> {
                if (array.items() == null) {
                    header('*', -1);
                } else {
                    header('*', array.items().size());
                    array.items().forEach(this::reply);
                }
            }
        }
        return this;
    }

    /** Bytes appended since the last {@link #clear()}. */
    public int size() {
        return length;
    }

    /** What was appended, ready to be written; valid until the next append or {@link #clear()}. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes, 0, length);
    }

    /** What was appended, as a copy. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Starts again empty, keeping the room (up to {@code keep} bytes of it, so one burst does not hold memory for good). */
    public void clear(int keep) {
        length = 0;
        if (bytes.length > keep) {
            bytes = new byte[Math.max(16, keep)];
        }
    }

    private void bulk(byte[] value) {
        header('$', value.length);
        append(value, value.length);
        crlf();
    }

    private void line(char type, String text) {
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a status or error line cannot hold CR or LF");
        }
        var encoded = text.getBytes(StandardCharsets.UTF_8);
        room(encoded.length + 3);
        bytes[length++] = (byte) type;
        append(encoded, encoded.length);
        crlf();
    }

    private void header(char type, long number) {
        var digits = Long.toString(number);
        room(digits.length() + 3);
        bytes[length++] = (byte) type;
        for (int i = 0; i < digits.length(); i++) {
            bytes[length++] = (byte) digits.charAt(i);
        }
        crlf();
    }

    private void crlf() {
        room(2);
        bytes[length++] = '\r';
        bytes[length++] = '\n';
    }

    private void append(byte[] value, int count) {
        room(count);
        System.arraycopy(value, 0, bytes, length, count);
        length += count;
    }

    private void room(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
