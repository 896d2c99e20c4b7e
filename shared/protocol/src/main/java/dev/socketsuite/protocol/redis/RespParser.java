package dev.socketsuite.protocol.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads RESP2 replies from bytes as they arrive, hiredis's way: kept apart from any I/O, fed
 * whatever a read brought, it hands back each reply once it is whole and keeps its place in
 * one that is not, however the bytes were split. It never reads past the reply it returns, so
 * pipelined replies come out one per call, in order.
 *
 * <p>After a {@link RespException} the parser is of no further use: the stream it was reading
 * is out of step, and so is the connection.
 */
public final class RespParser {

    private final RespLimits limits;
    /** The line being read (type byte, text, CR), up to its LF. */
    private final byte[] line;
    private int lineLength;
    /** A bulk string's bytes being read, then its CRLF; null when none. */
    private byte[] bulk;
    private int bulkFilled;
    private int bulkTerminator;
    /** The arrays the reply being read is within, innermost last. */
    private final Deque<Frame> open = new ArrayDeque<>();
    /** Bytes the reply being read holds so far, everything counted. */
    private long replyBytes;

    public RespParser(RespLimits limits) {
        this.limits = limits;
        this.line = new byte[limits.maxLine()];
    }

    public RespParser() {
        this(RespLimits.DEFAULT);
    }

    /**
     * The next whole reply from {@code in} (read from its position on), or null when every byte
     * of it was taken and the reply is still incomplete: feed the next read's bytes then.
     *
     * @throws RespException when the bytes are not RESP2 or break a bound
     */
    public RespReply next(ByteBuffer in) throws RespException {
        while (true) {
            RespReply value;
            if (bulk != null) {
                value = readBulk(in);
            } else if (readLine(in)) {
                value = parseLine();
            } else {
                return null;
            }
            if (value == null) {
                if (!in.hasRemaining()) {
                    return null;
                }
                continue; // an array opened, or a bulk string's length read: its contents follow
            }
            var whole = close(value);
            if (whole != null) {
                replyBytes = 0;
                return whole;
            }
        }
    }

    /** Whether part of a reply has been read and the rest is awaited. */
    public boolean inReply() {
        return lineLength > 0 || bulk != null || !open.isEmpty();
    }

    private boolean readLine(ByteBuffer in) throws RespException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength < 2 || line[lineLength - 1] != '\r') {
                    throw new RespException("a line not ended by CRLF");
                }
                lineLength--; // the CR
                return true;
            }
            if (lineLength > 0 && line[lineLength - 1] == '\r') {
                throw new RespException("a CR inside a line"); // RESP's lines never hold one: a writer could not say it back
            }
            if (lineLength == line.length) {
                throw new RespException("a line longer than " + line.length + " bytes");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private RespReply parseLine() throws RespException {
        byte type = line[0];
        var text = new String(line, 1, lineLength - 1, StandardCharsets.UTF_8);
        count(lineLength + 2L);
        lineLength = 0;
        switch (type) {
            case '+' -> {
                return new RespReply.Status(text);
            }
            case '-' -> {
                return new RespReply.Error(text);
            }
            case ':' -> {
                return new RespReply.Int(number(text));
            }
            case '$' -> {
                long length = number(text);
                if (length == -1) {
                    return new RespReply.Bulk(null);
                }
                if (length < 0 || length > limits.maxBulk()) {
                    throw new RespException("a bulk string of " + length + " bytes (at most " + limits.maxBulk() + ")");
                }
                count(length);
                bulk = new byte[(int) length];
                bulkFilled = 0;
                bulkTerminator = 0;
                return null;
            }
            case '*' -> {
                long size = number(text);
                if (size == -1) {
                    return new RespReply.Array(null);
                }
                if (size < 0 || size > limits.maxElements()) {
                    throw new RespException("an array of " + size + " items (at most " + limits.maxElements() + ")");
                }
                if (size == 0) {
                    return new RespReply.Array(List.of());
                }
                if (open.size() == limits.maxDepth()) {
                    throw new RespException("arrays nested deeper than " + limits.maxDepth());
                }
                count(size * 8); // each item's reference, however small the item
                open.addLast(new Frame((int) size));
                return null;
            }
            default -> throw new RespException("a reply of unknown type 0x" + Integer.toHexString(type & 0xff));
        }
    }

    private RespReply readBulk(ByteBuffer in) throws RespException {
        int take = Math.min(in.remaining(), bulk.length - bulkFilled);
        in.get(bulk, bulkFilled, take);
        bulkFilled += take;
        while (bulkFilled == bulk.length && bulkTerminator < 2 && in.hasRemaining()) {
            byte b = in.get();
            if (b != (bulkTerminator == 0 ? '\r' : '\n')) {
                throw new RespException("a bulk string not ended by CRLF after its " + bulk.length + " bytes");
            }
            bulkTerminator++;
        }
        if (bulkTerminator < 2) {
            return null;
        }
        var value = new RespReply.Bulk(bulk);
        bulk = null;
        return value;
    }

    /** Puts {@code value} into the arrays it is within; returns the reply once it is whole, else null. */
    private RespReply close(RespReply value) {
        while (!open.isEmpty()) {
            var frame = open.peekLast();
            frame.items.add(value);
            if (frame.items.size() < frame.size) {
                return null;
            }
            open.removeLast();
            value = new RespReply.Array(List.copyOf(frame.items));
        }
        return value;
    }

    private void count(long bytes) throws RespException {
        replyBytes += bytes;
        if (replyBytes > limits.maxReply()) {
            throw new RespException("a reply of more than " + limits.maxReply() + " bytes");
        }
    }

    /** A RESP integer: an optional minus and 1-19 digits, nothing else (Long.parseLong would take a plus). */
    private static long number(String text) throws RespException {
        int digits = text.startsWith("-") ? 1 : 0;
        if (text.length() == digits || text.length() - digits > 19) {
            throw new RespException("not a number: " + printable(text));
        }
        for (int i = digits; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new RespException("not a number: " + printable(text));
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new RespException("a number out of range: " + text);
        }
    }

    private static String printable(String text) {
        var shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** An array being read: how many items it has, and those read so far. */
    private static final class Frame {
        final int size;
        final List<RespReply> items;

        Frame(int size) {
            this.size = size;
            this.items = new ArrayList<>(Math.min(size, 16));
        }
    }
}
