package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.socketsuite.protocol.tls.ClientHello;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.tls.Negotiated;
import dev.socketsuite.runtime.tls.TlsContext;

/**
 * The step of every connection on a TLS port, after any PROXY header: the handshake, on the
 * connection's thread (its delegated tasks, the costly part, never hold an event loop), within
 * {@code listener.tls.handshake-timeout}. Then the connection goes on to its protocol, on a
 * loop or a thread as any other, its bytes through the {@link TlsTransport}. Plain text
 * where a ClientHello belongs is told once in a log line, counted, and answered with the
 * protocol's own words for it when it has them (HTTP: a {@code 400}).
 */
final class TlsHandshakeStep {

    private static final System.Logger LOG = System.getLogger(TlsHandshakeStep.class.getName());
    /** A TLS record of type handshake starts every ClientHello. */
    private static final int HANDSHAKE_RECORD = 0x16;

    private final TlsContext tls;
    private final StreamProtocol protocol;
    private final ServiceMetrics metrics;

    TlsHandshakeStep(TlsContext tls, StreamProtocol protocol, ServiceMetrics metrics) {
        this.tls = tls;
        this.protocol = protocol;
        this.metrics = metrics;
    }

    /** True when the handshake finished and the connection may go on; false when it must close (counted). */
    boolean pass(Connection connection) throws IOException {
        connection.expireWithin(tls.settings().handshakeTimeout(), null, "tls_handshake_timeout");
        var first = firstBytes(connection);
        if (first == null) {
            connection.cancelExpiry(); // connected and closed without a byte: a TCP health check
            return false;
        }
        if ((first[0] & 0xff) != HANDSHAKE_RECORD) {
            return plainText(connection, first);
        }
        var hello = clientHello(first);
        long started = System.currentTimeMillis();
        var engine = tls.newEngine();
        var transport = new TlsTransport(connection.channel(), engine);
        transport.received(first);
        byte[] early;
        try {
            early = transport.handshake();
        } catch (SSLException e) {
            if (!connection.cancelExpiry()) {
                return false; // timed out: counted as such
            }
            metrics.error("tls_handshake");
            LOG.log(Level.WARNING, "closed {0}: TLS handshake failed: {1}", connection.peer(), reason(e));
            return false;
        }
        if (!connection.cancelExpiry()) {
            return false;
        }
        connection.secured(transport, Negotiated.of(engine.getSession(), engine.getApplicationProtocol(), hello, started));
        if (early != null) {
            connection.unread(early, 0, early.length);
        }
        return true;
    }

    /**
     * What the peer sent first (after the PROXY header, if any): its whole first record when
     * it starts like TLS, so the ClientHello can be read before the engine takes it; null
     * when it closed without a byte.
     */
    private static byte[] firstBytes(Connection connection) throws IOException {
        var early = connection.takeUnread();
        var buffer = ByteBuffer.allocate(ClientHello.MAX_RECORD);
        if (early != null) {
            buffer.put(early, 0, Math.min(early.length, buffer.capacity()));
        }
        while (buffer.hasRemaining() && !firstRecordRead(buffer)) {
            if (connection.readAvailable(buffer) < 0) {
                if (buffer.position() == 0) {
                    return null;
                }
                break;
            }
        }
        var bytes = new byte[buffer.flip().remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** True once the buffer holds the whole first record, or enough to tell it is not TLS. */
    private static boolean firstRecordRead(ByteBuffer buffer) {
        int have = buffer.position();
        if (have == 0) {
            return false;
        }
        if ((buffer.get(0) & 0xff) != HANDSHAKE_RECORD) {
            return true;
        }
        return have >= 5 && have >= ClientHello.recordLength(buffer.array(), have);
    }

    /** The ClientHello for the fingerprints, or null when the first record holds no whole one. */
    private static ClientHello clientHello(byte[] first) {
        try {
            return ClientHello.parse(first, first.length);
        } catch (ClientHello.Malformed e) {
            return null; // the engine will say what is wrong with it, if anything
        }
    }

    private boolean plainText(Connection connection, byte[] first) throws IOException {
        connection.cancelExpiry();
        metrics.error("tls_plaintext");
        LOG.log(Level.WARNING, "closed {0}: it sent plain text to the TLS port (first byte 0x{1})", connection.peer(),
                String.format(Locale.ROOT, "%02x", first[0] & 0xff));
        var answer = protocol.plainTextOnTlsPort();
        if (answer != null) {
            connection.unread(first, 0, first.length);
            connection.output().write(answer);
            connection.finishAfterReply(java.time.Duration.ofSeconds(1));
        }
        return false;
    }

    /** The handshake's failure as a log line says it: the alert, without the stack. */
    private static String reason(SSLException e) {
        var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e instanceof SSLHandshakeException || e.getCause() == null ? message : message + " (" + e.getCause() + ")";
    }
}
