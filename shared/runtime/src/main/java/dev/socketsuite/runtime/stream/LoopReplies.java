package dev.socketsuite.runtime.stream;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The replies a {@link LoopProtocol} gives to one read: bytes written here, in order, or one
 * buffer sent as it is (an echo of the loop's own read buffer, with no copy), and at most one
 * reply that comes later. One per loop, reset before each read it answers; the loop copies
 * whatever the socket does not take at once, so nothing here outlives the call.
 */
public final class LoopReplies extends OutputStream {

    private static final int MAX_KEPT = 64 * 1024;

    private byte[] bytes = new byte[512];
    private int count;
    private ByteBuffer buffer;
    private CompletionStage<byte[]> later;

    LoopReplies() {
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] from) {
        write(from, 0, from.length);
    }

    @Override
    public void write(byte[] from, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, from.length);
        ensure(length);
        System.arraycopy(from, offset, bytes, count, length);
        count += length;
    }

    /** Sends {@code reply}'s remaining bytes as they are, which may be the read buffer itself: the only reply to this read. */
    public void send(ByteBuffer reply) {
        if (count > 0 || buffer != null || later != null) {
            throw new IllegalStateException("a buffer sent as it is must be the read's only reply");
        }
        buffer = reply;
    }

    /**
     * The last reply to this read comes when {@code reply} completes, after the bytes written
     * before it. Until then the connection reads nothing more; the bytes of this read left
     * after {@code received}'s position are answered once the reply is out. A failed stage
     * ends the connection as a failed protocol does.
     */
    public void later(CompletionStage<byte[]> reply) {
        if (buffer != null || later != null) {
            throw new IllegalStateException("one reply may come later per read, and not beside a buffer sent as it is");
        }
        later = Objects.requireNonNull(reply);
    }

    void reset() {
        if (bytes.length > MAX_KEPT) {
            bytes = new byte[512]; // one big reply must not hold the loop's memory for good
        }
        count = 0;
        buffer = null;
        later = null;
    }

    /** The replies given now, in order. */
    ByteBuffer now() {
        return buffer != null ? buffer : ByteBuffer.wrap(bytes, 0, count);
    }

    /** The reply that comes later, or null. */
    CompletionStage<byte[]> later() {
        return later;
    }

    private void ensure(int more) {
        if (buffer != null) {
            throw new IllegalStateException("a buffer sent as it is must be the read's only reply");
        }
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }
}
