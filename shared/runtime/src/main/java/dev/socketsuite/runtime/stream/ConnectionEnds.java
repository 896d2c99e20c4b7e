package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.ClosedChannelException;

import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * How the end of a connection is logged and counted: a close the runtime asked for, or our
 * own close, is no one's failure; a peer leaving mid-exchange is counted as a reset; any
 * other I/O failure as {@code peer_io}, and a protocol's exception as {@code handler}.
 */
final class ConnectionEnds {

    private static final System.Logger LOG = System.getLogger(ConnectionEnds.class.getName());

    private ConnectionEnds() {
    }

    /** Records how {@code connection}'s service ended: normally ({@code failure} null) or with {@code failure}. */
    static void record(Connection connection, Throwable failure, ServiceMetrics metrics) {
        switch (failure) {
            case null -> { }
            case IOException e when connection.closeReason() != null ->
                    LOG.log(Level.DEBUG, "closed {0}: {1}", connection.peer(), connection.closeReason());
            // Only our side closes our channel: the handler or the runtime ended it, no peer failed.
            case ClosedChannelException e -> LOG.log(Level.DEBUG, "closed {0} while in use", connection.peer());
            case IOException e when PeerDisconnect.isOrdinary(e) -> {
                metrics.connectionReset();
                LOG.log(Level.DEBUG, "{0} left mid-exchange: {1}", connection.peer(), e.getMessage());
            }
            case IOException e -> {
                metrics.error("peer_io");
                LOG.log(Level.WARNING, "{0}: {1}", connection.peer(), e.getMessage());
            }
            default -> {
                metrics.error("handler");
                LOG.log(Level.WARNING, "handler failed for " + connection.peer(), failure);
            }
        }
    }
}
