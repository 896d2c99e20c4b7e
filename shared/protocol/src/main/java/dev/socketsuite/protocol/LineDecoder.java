package dev.socketsuite.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a byte stream into LF-terminated lines (a CR before the LF is dropped), with a
 * bound on line length so a peer that never sends LF cannot grow memory.
 *
 * <p>Push-based, like a Netty decoder: feed it whatever a read returned and take the
 * complete lines out. A line longer than the bound is reported once as {@link Line.TooLong}
 * and its bytes are discarded up to the next LF, so the stream stays usable.
 * Not thread-safe: one decoder per connection.
 */
public final class LineDecoder {

    /** One decoded unit. */
    public sealed interface Line {
        /** A complete line, decoded as UTF-8 (malformed bytes become U+FFFD), terminator removed. */
        record Text(String text) implements Line {
        }

        /** A line that crossed the bound; its bytes were dropped. */
        record TooLong(int limit) implements Line {
        }
    }

    private final int maxLineBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean discarding;

    /** @param maxLineBytes longest accepted line, terminator excluded */
    public LineDecoder(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    /** Feeds bytes and returns the lines they complete, in order. */
    public List<Line> feed(byte[] bytes, int offset, int length) {
        var lines = new ArrayList<Line>();
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (discarding) {
                    discarding = false;
                } else {
                    lines.add(new Line.Text(takePending()));
                }
            } else if (!discarding) {
                // Room for one more byte than the limit: it may be the CR of a CRLF.
                if (pending.size() >= maxLineBytes + 1 || (pending.size() == maxLineBytes && b != '\r')) {
                    pending.reset();
                    discarding = true;
                    lines.add(new Line.TooLong(maxLineBytes));
                } else {
                    pending.write(b);
                }
            }
        }
        return lines;
    }

    /** True when bytes of an unterminated line are buffered. */
    public boolean hasPartial() {
        return pending.size() > 0;
    }

    /**
     * Ends the current message without a terminator, for protocols that treat a pause as
     * the end of a message: returns the buffered bytes as a line (or {@code null} when
     * none) and stops discarding the rest of an over-long line.
     */
    public String flushPartial() {
        discarding = false;
        return pending.size() == 0 ? null : takePending();
    }

    private String takePending() {
        byte[] raw = pending.toByteArray();
        pending.reset();
        int length = raw.length;
        if (length > 0 && raw[length - 1] == '\r') {
            length--;
        }
        return new String(raw, 0, length, StandardCharsets.UTF_8);
    }
}
