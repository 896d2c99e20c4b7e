package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;

import dev.socketsuite.protocol.proxy.ProxyHeaderException;
import dev.socketsuite.protocol.proxy.ProxyHeaderParser;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * The first step of every connection on a listener with {@code listener.proxy-protocol}:
 * read the PROXY header, make its client the peer, and leave whatever followed it for the
 * handler. A connection without a valid header is closed, counted and logged; one whose
 * header does not arrive within {@code listener.idle-timeout} (however slowly it trickles)
 * is closed too.
 */
final class ProxyHeaderStep {

    private static final System.Logger LOG = System.getLogger(ProxyHeaderStep.class.getName());
    /** Enough for any v1 header and the usual v2 ones; grows to the v2 bound only when needed. */
    private static final int FIRST_BUFFER = 256;

    private final Duration limit;
    private final ServiceMetrics metrics;

    ProxyHeaderStep(Duration limit, ServiceMetrics metrics) {
        this.limit = limit;
        this.metrics = metrics;
    }

    /** True when the connection may go on to its handler; false when it must close (already counted). */
    boolean pass(Connection connection) throws IOException {
        connection.expireWithin(limit, null, "proxy_header_timeout");
        var buffer = new byte[FIRST_BUFFER];
        int length = 0;
        while (true) {
            ProxyHeaderParser.Parsed parsed;
            try {
                parsed = ProxyHeaderParser.parse(buffer, length);
            } catch (ProxyHeaderException e) {
                return refuse(connection, e.getMessage());
            }
            if (parsed != null) {
                if (!connection.cancelExpiry()) {
                    return false;
                }
                connection.unread(buffer, parsed.length(), length);
                parsed.header().client().ifPresent(connection::proxiedFor);
                return true;
            }
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, ProxyHeaderParser.MAX_V2_LENGTH);
            }
            int count = connection.input().read(buffer, length, buffer.length - length);
            if (count < 0) {
                if (length == 0) {
                    // Connected and closed without a byte: a load balancer's TCP health check.
                    connection.cancelExpiry();
                    return false;
                }
                return refuse(connection, "the connection closed inside the PROXY header");
            }
            length += count;
        }
    }

    private boolean refuse(Connection connection, String why) {
        connection.cancelExpiry();
        metrics.error("proxy_header");
        LOG.log(Level.WARNING, "closed {0}: {1} (listener.proxy-protocol is on, so every connection must start"
                + " with a PROXY protocol header)", connection.peer(), why);
        return false;
    }
}
