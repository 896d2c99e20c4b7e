package dev.socketsuite.runtime.state;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * How the bytes of a {@link RedisPipe} travel on its non-blocking channel: as they are, or as
 * TLS records for {@code rediss://}, with the JDK's {@link SSLEngine} in client mode driven by
 * the event loop (its handshake too: no thread waits on it). Either keeps what the socket did
 * not take, to be written when it can. Used by one loop's thread alone.
 */
sealed interface RedisWire permits RedisWire.Plain, RedisWire.Tls {

    /** Takes the handshake as far as it can go now; true once it is done (at once when plain). */
    boolean handshake() throws IOException;

    /** Reads what arrived into {@code buffer}: how many bytes, 0 when none yet, -1 at the end. */
    int read(ByteBuffer buffer) throws IOException;

    /** Sends all of {@code bytes}: what the socket does not take now is kept. */
    void write(ByteBuffer bytes) throws IOException;

    /** Writes what was kept; true when nothing is left. */
    boolean flush() throws IOException;

    /** Bytes kept for the socket. */
    int unwritten();

    static RedisWire of(SocketChannel channel, SSLEngine engine) {
        return engine == null ? new Plain(channel) : new Tls(channel, engine);
    }

    /** Bytes as they are. */
    final class Plain implements RedisWire {
        private final SocketChannel channel;
        private ByteBuffer kept;

        Plain(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public boolean handshake() {
            return true;
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            return channel.read(buffer);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            if (kept == null) {
                channel.write(bytes);
                if (bytes.hasRemaining()) {
                    kept = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
                }
            } else {
                kept = ByteBuffer.allocate(kept.remaining() + bytes.remaining()).put(kept).put(bytes).flip();
            }
        }

        @Override
        public boolean flush() throws IOException {
            if (kept != null) {
                channel.write(kept);
                if (kept.hasRemaining()) {
                    return false;
                }
                kept = null;
            }
            return true;
        }

        @Override
        public int unwritten() {
            return kept == null ? 0 : kept.remaining();
        }
    }

    /** TLS records, made and read by a client-mode {@link SSLEngine}. */
    final class Tls implements RedisWire {
        private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

        private final SocketChannel channel;
        private final SSLEngine engine;
        /** Ciphertext read and not yet decrypted; filled from its position. */
        private ByteBuffer netIn;
        /** Plaintext decrypted and not yet handed out; filled from its position. */
        private ByteBuffer appIn;
        /** Records made and not yet written; filled from its position. */
        private ByteBuffer netOut;

        Tls(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
            try {
                engine.beginHandshake(); // else the first write would start it, and find it unfinished
            } catch (SSLException e) {
                throw new IllegalStateException("a new client engine refused to begin its handshake", e);
            }
            var session = engine.getSession();
            this.netIn = ByteBuffer.allocate(session.getPacketBufferSize());
            this.appIn = ByteBuffer.allocate(session.getApplicationBufferSize());
            this.netOut = ByteBuffer.allocate(session.getPacketBufferSize());
        }

        @Override
        public boolean handshake() throws IOException {
            while (flush()) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> runTasks();
                    case NEED_WRAP -> wrap(NOTHING);
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap()) {
                            if (readCiphertext() == 0) {
                                return false; // the server's next flight is not here yet
                            }
                        }
                    }
                    default -> {
                        return true;
                    }
                }
            }
            return false; // our flight waits for the socket
        }

        @Override
        public int read(ByteBuffer buffer) throws IOException {
            while (appIn.position() == 0) {
                while (unwrap()) {
                    if (!handshake()) {
                        break; // a message after the handshake wants an answer the socket cannot take yet
                    }
                }
                if (appIn.position() > 0) {
                    break;
                }
                int count = readCiphertext();
                if (count <= 0) {
                    return count;
                }
            }
            appIn.flip();
            int count = Math.min(appIn.remaining(), buffer.remaining());
            buffer.put(buffer.position(), appIn, appIn.position(), count).position(buffer.position() + count);
            appIn.position(appIn.position() + count).compact();
            return count;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) {
                var result = wrap(bytes);
                if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                    throw new SSLException("the server asked for a new handshake mid-stream: " + result.getHandshakeStatus());
                }
            }
            flush();
        }

        @Override
        public boolean flush() throws IOException {
            if (netOut.position() > 0) {
                netOut.flip();
                channel.write(netOut);
                netOut.compact();
            }
            return netOut.position() == 0;
        }

        @Override
        public int unwritten() {
            return netOut.position();
        }

        /** Reads ciphertext: how many bytes; throws at the end of the stream, which mid-record or mid-handshake is no clean end. */
        private int readCiphertext() throws IOException {
            if (!netIn.hasRemaining()) {
                netIn = grown(netIn, engine.getSession().getPacketBufferSize());
            }
            int count = channel.read(netIn);
            if (count < 0) {
                if (netIn.position() == 0 && engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
                    return -1; // between records: the server closed the connection
                }
                throw new EOFException("the server closed the connection mid-record or mid-handshake");
            }
            return count;
        }

        /** Decrypts one whole record if one is here; false when more ciphertext is needed. */
        private boolean unwrap() throws IOException {
            while (true) {
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, appIn);
                } finally {
                    netIn.compact();
                }
                switch (result.getStatus()) {
                    case OK -> {
                        return true;
                    }
                    case BUFFER_UNDERFLOW -> {
                        return false;
                    }
                    case BUFFER_OVERFLOW -> appIn = grown(appIn, engine.getSession().getApplicationBufferSize());
                    case CLOSED -> throw new SSLException("the server ended the TLS session");
                }
            }
        }

        private SSLEngineResult wrap(ByteBuffer plain) throws IOException {
            while (true) {
                var result = engine.wrap(plain, netOut);
                switch (result.getStatus()) {
                    case OK -> {
                        return result;
                    }
                    case BUFFER_OVERFLOW -> netOut = grown(netOut, engine.getSession().getPacketBufferSize());
                    default -> throw new SSLException("the TLS session ended: " + result.getStatus());
                }
            }
        }

        /** The handshake's key exchange and certificate checks: CPU work, run here on the loop. */
        private void runTasks() {
            for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                task.run();
            }
        }

        /** {@code buffer}, in fill mode, with room for {@code more} bytes beyond what it holds. */
        private static ByteBuffer grown(ByteBuffer buffer, int more) {
            return ByteBuffer.allocate(buffer.position() + more).put(buffer.flip());
        }
    }
}
