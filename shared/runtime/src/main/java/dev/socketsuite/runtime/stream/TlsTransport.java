package dev.socketsuite.runtime.stream;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * A connection's bytes through the JDK's {@link SSLEngine}: what the protocol reads is
 * decrypted, what it writes encrypted, on a blocking channel (a connection's thread) or a
 * non-blocking one (an event loop) alike.
 *
 * <p>On a loop nothing may stay decryptable without the selector knowing: a record read but
 * not decrypted would wait for an event that never comes. So on a loop the transport reads
 * from the socket only while the caller's buffer can take everything it reads, decrypted,
 * and what stays behind is only ever part of a record. Its buffers exist only while they
 * hold something: an idle connection keeps none. The records of one read or write pass
 * through a buffer of the loop thread's own, read into and written from directly; only
 * what a call leaves behind (part of a record, records the socket did not take) is copied
 * into one of the connection's.
 *
 * <p>Reading and writing may happen on different threads (as a connection's bytes may);
 * writes, including the ones a read must make (a TLS 1.3 KeyUpdate answered), take one lock,
 * so records never interleave on the socket.
 */
final class TlsTransport {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int READING = 0;
    private static final int WRITING = 1;
    /** A platform thread's (an event loop's) buffers for the records of the read and the write it is making. */
    private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[2]);

    private final SocketChannel channel;
    private final SSLEngine engine;
    private final ReentrantLock writing = new ReentrantLock();
    /** Ciphertext read and not yet decrypted, ready to be read from; null when none. */
    private ByteBuffer netIn;
    /** Plaintext decrypted and not yet taken, ready to be read from; null when none. */
    private ByteBuffer appIn;
    /** Ciphertext made and not yet written, ready to be read from; null when none. Under {@link #writing}. */
    private ByteBuffer netOut;
    private boolean inputEnded;

    TlsTransport(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
    }

    /** Bytes read from the socket before the handshake (after a PROXY header): they come first. */
    void received(byte[] early) {
        if (early != null && early.length > 0) {
            netIn = ByteBuffer.wrap(early.clone());
        }
    }

    /**
     * Runs the handshake to its end on a blocking channel, then decrypts what already arrived
     * after it, so a loop taking over finds nothing decryptable left behind.
     *
     * @return the plaintext that came with the handshake's last flight, or null
     */
    byte[] handshake() throws IOException {
        try {
            return runHandshake();
        } catch (SSLException e) {
            sendAlert();
            throw e;
        }
    }

    private byte[] runHandshake() throws IOException {
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> wrapHandshake();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrapHandshake()) {
                        throw new EOFException("the peer closed the connection during the handshake");
                    }
                }
                case FINISHED, NOT_HANDSHAKING -> {
                    return decryptRest();
                }
            }
        }
    }

    /**
     * After a failed handshake the engine holds the alert that says why (an untrusted or missing
     * client certificate): sent before the close, so the client learns the reason rather than
     * reading a bare end of stream. Best effort.
     */
    private void sendAlert() {
        try {
            wrapControl();
        } catch (IOException | RuntimeException ignored) {
            // the peer is gone already: closing is all that is left
        }
    }

    private void wrapHandshake() throws IOException {
        var result = wrapControl(); // a blocking channel: written whole
        if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0) {
            throw new SSLException("the handshake ended: " + result);
        }
    }

    /**
     * Makes the record the engine has to send of its own (a handshake flight, an alert, the
     * answer to a KeyUpdate) and writes what the socket takes of it, under the write lock.
     */
    private SSLEngineResult wrapControl() throws IOException {
        writing.lock();
        try {
            var out = ByteBuffer.allocate(packetRoom());
            var result = engine.wrap(EMPTY, out);
            queue(out.flip());
            flush(ignored -> { });
            return result;
        } finally {
            writing.unlock();
        }
    }

    /** Unwraps one handshake flight's record, reading more when it is incomplete; false at end of stream. */
    private boolean unwrapHandshake() throws IOException {
        while (true) {
            if (netIn != null) {
                var result = engine.unwrap(netIn, plaintextRoom());
                dropIfEmpty();
                switch (result.getStatus()) {
                    case OK -> {
                        return true;
                    }
                    case CLOSED -> throw new SSLException("the peer ended the handshake");
                    case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                    case BUFFER_UNDERFLOW -> {
                        if (readCiphertext(packetRoom()) < 0) {
                            return false;
                        }
                    }
                }
            } else if (readCiphertext(packetRoom()) < 0) {
                return false;
            }
        }
    }

    /** After the handshake: decrypts every whole record already read, so none waits unseen. */
    private byte[] decryptRest() throws IOException {
        while (netIn != null) {
            var result = engine.unwrap(netIn, plaintextRoom());
            dropIfEmpty();
            afterUnwrap(result);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                break;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inputEnded = true;
                break;
            }
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                appIn = grow(appIn, appIn.capacity() * 2);
            }
        }
        return takePlaintext();
    }

    /** The plaintext decrypted but not yet read, removed from here; null when none. */
    byte[] takePlaintext() {
        if (appIn == null || appIn.position() == 0) {
            appIn = null;
            return null;
        }
        appIn.flip();
        var bytes = new byte[appIn.remaining()];
        appIn.get(bytes);
        appIn = null;
        return bytes;
    }

    /**
     * Reads decrypted bytes into {@code buffer}: how many, 0 when none is there yet (a
     * non-blocking channel), -1 once the peer sent close_notify or closed the socket.
     *
     * @param counted told of every byte of ciphertext read from the socket
     */
    int read(ByteBuffer buffer, IntConsumer counted) throws IOException {
        try {
            return readDecrypted(buffer, counted);
        } finally {
            if (netIn != null && netIn.isDirect()) {
                netIn = ByteBuffer.allocate(netIn.remaining()).put(netIn).flip(); // the rest of a record outlives the scratch
            }
        }
    }

    private int readDecrypted(ByteBuffer buffer, IntConsumer counted) throws IOException {
        if (appIn != null && appIn.position() > 0 || channel.isBlocking() && buffer.remaining() < packetRoom()) {
            return readThroughPlaintext(buffer, counted);
        }
        if (inputEnded) {
            return -1;
        }
        int total = 0;
        while (true) {
            while (netIn != null) {
                var result = engine.unwrap(netIn, buffer);
                dropIfEmpty();
                afterUnwrap(result);
                total += result.bytesProduced();
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inputEnded = true;
                    return total > 0 ? total : -1;
                }
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    break; // the rest of a record is still on its way, or (on a thread) the buffer is full
                }
            }
            if (total > 0 && channel.isBlocking()) {
                return total;
            }
            // Never more ciphertext than the buffer takes decrypted (a record's plaintext is
            // shorter than the record): on a loop every whole record read is decrypted now.
            int room = buffer.remaining() - (netIn == null ? 0 : netIn.remaining());
            if (room <= 0) {
                return total;
            }
            int count = readCiphertext(room);
            if (count < 0) {
                inputEnded = true;
                return total > 0 ? total : -1;
            }
            if (count == 0) {
                return total;
            }
            counted.accept(count);
        }
    }

    /** A read smaller than a record: decrypt into our own buffer and hand out what fits. Threads only. */
    private int readThroughPlaintext(ByteBuffer buffer, IntConsumer counted) throws IOException {
        while (appIn == null || appIn.position() == 0) {
            if (netIn != null) {
                var result = engine.unwrap(netIn, plaintextRoom());
                dropIfEmpty();
                afterUnwrap(result);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inputEnded = true;
                    return -1;
                }
                if (result.getStatus() == SSLEngineResult.Status.OK) {
                    continue;
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    appIn = grow(appIn, appIn.capacity() * 2);
                    continue;
                }
            }
            int count = readCiphertext(packetRoom());
            if (count <= 0) {
                if (count < 0) {
                    inputEnded = true;
                }
                return count;
            }
            counted.accept(count);
        }
        appIn.flip();
        int count = Math.min(appIn.remaining(), buffer.remaining());
        buffer.put(buffer.position(), appIn, appIn.position(), count);
        buffer.position(buffer.position() + count);
        appIn.position(appIn.position() + count);
        appIn = appIn.hasRemaining() ? appIn.compact() : null;
        return count;
    }

    /**
     * Encrypts what the socket takes of {@code buffer} now (all of it, when blocking) and
     * returns how many plaintext bytes it took; {@link #flushed()} says whether their
     * records are all on the socket yet.
     *
     * @param counted told of every byte of ciphertext written to the socket
     */
    int write(ByteBuffer buffer, IntConsumer counted) throws IOException {
        writing.lock();
        try {
            if (!flush(counted)) {
                return 0;
            }
            int taken = 0;
            while (buffer.hasRemaining()) {
                var out = scratch(WRITING);
                var result = engine.wrap(buffer, out);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("the connection's TLS output is closed");
                }
                taken += result.bytesConsumed();
                boolean sent = send(out.flip(), counted);
                if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                if (!sent) {
                    break;
                }
            }
            return taken;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Writes {@code records}, just made in a scratch buffer, as far as the socket takes them
     * now, after nothing else is waiting (the caller flushed); keeps a copy of the rest.
     * True when all were written.
     */
    private boolean send(ByteBuffer records, IntConsumer counted) throws IOException {
        while (records.hasRemaining()) {
            int count = channel.write(records);
            if (count == 0) {
                break;
            }
            counted.accept(count);
        }
        if (records.hasRemaining()) {
            queue(ByteBuffer.allocate(records.remaining()).put(records).flip());
            return false;
        }
        return true;
    }

    /** True when every record made has been written to the socket. */
    boolean flushed() {
        writing.lock();
        try {
            return netOut == null;
        } finally {
            writing.unlock();
        }
    }

    /** Writes what the socket takes of the records not yet written; true when none is left. */
    boolean flush(IntConsumer counted) throws IOException {
        writing.lock();
        try {
            while (netOut != null) {
                int count = channel.write(netOut);
                if (count > 0) {
                    counted.accept(count);
                }
                if (!netOut.hasRemaining()) {
                    netOut = null;
                } else if (count == 0) {
                    return false;
                }
            }
            return true;
        } finally {
            writing.unlock();
        }
    }

    /**
     * Sends close_notify: the peer reads the end of our output (TLS 1.3 lets the other
     * direction go on). Best effort on a socket that takes nothing more now.
     */
    void closeOutput(IntConsumer counted) throws IOException {
        writing.lock();
        try {
            if (engine.isOutboundDone()) {
                return;
            }
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                var out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                var result = engine.wrap(EMPTY, out);
                queue(out.flip());
                if (result.getStatus() == SSLEngineResult.Status.CLOSED || out.position() == 0 && !out.hasRemaining()) {
                    break;
                }
            }
            flush(counted);
        } finally {
            writing.unlock();
        }
    }

    /** Answers what the engine asks after a read: tasks to run, a record to send back. */
    private void afterUnwrap(SSLEngineResult result) throws IOException {
        var status = result.getHandshakeStatus();
        while (status == SSLEngineResult.HandshakeStatus.NEED_TASK || status == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
            if (status == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            } else {
                wrapControl();
            }
            status = engine.getHandshakeStatus();
        }
    }

    private void runTasks() {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }

    /**
     * Reads at most {@code most} bytes of ciphertext from the socket after what is kept: the
     * count, 0 for none now, -1 at end of stream.
     */
    private int readCiphertext(int most) throws IOException {
        int kept = netIn == null ? 0 : netIn.remaining();
        int want = Math.min(most, packetRoom());
        var in = netIn == null ? scratch(READING) : grow(netIn.compact(), kept + want);
        in.limit(kept + want);
        int count = channel.read(in);
        in.flip();
        netIn = in.hasRemaining() ? in : null;
        return count;
    }

    /**
     * An empty buffer of a record's size for {@code use}: the thread's own on a platform
     * thread (an event loop), so a busy connection allocates nothing per record; a new one
     * on a virtual thread, which keeps nothing from one connection to the next.
     */
    private ByteBuffer scratch(int use) {
        int size = packetRoom();
        if (Thread.currentThread().isVirtual()) {
            return ByteBuffer.allocate(size);
        }
        var buffers = SCRATCH.get();
        if (buffers[use] == null || buffers[use].capacity() < size) {
            buffers[use] = ByteBuffer.allocateDirect(size);
        }
        return buffers[use].clear();
    }

    private int packetRoom() {
        return engine.getSession().getPacketBufferSize();
    }

    private ByteBuffer plaintextRoom() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        }
        return appIn;
    }

    private void queue(ByteBuffer records) {
        if (!records.hasRemaining()) {
            return;
        }
        if (netOut == null) {
            netOut = records;
            return;
        }
        int size = netOut.remaining() + records.remaining();
        netOut = grow(netOut.compact(), size).put(records).flip();
    }

    private void dropIfEmpty() {
        if (netIn != null && !netIn.hasRemaining()) {
            netIn = null;
        }
    }

    /** {@code buffer} (in write mode, or null) copied into one of at least {@code capacity}, in write mode. */
    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        if (buffer == null) {
            return ByteBuffer.allocate(capacity);
        }
        if (buffer.capacity() >= capacity) {
            return buffer;
        }
        return ByteBuffer.allocate(capacity).put(buffer.flip());
    }
}
