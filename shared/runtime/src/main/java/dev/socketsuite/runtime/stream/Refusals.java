package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.socketsuite.runtime.config.Settings;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * Connections refused over a limit: each is counted, logged with the limit's key, told so
 * in its protocol's words ({@link StreamProtocol#rejectBusy}) and closed after a short
 * linger, so the refusal is read rather than reset away.
 */
final class Refusals {

    private static final System.Logger LOG = System.getLogger(Refusals.class.getName());
    private static final Duration LINGER = Duration.ofSeconds(1);

    private final String name;
    private final StreamProtocol protocol;
    private final ServiceMetrics metrics;
    /** Refused connections finishing their goodbye; swept by the idle reaper, not counted as open. */
    private final Set<Connection> finishing = ConcurrentHashMap.newKeySet();

    Refusals(String name, StreamProtocol protocol, ServiceMetrics metrics) {
        this.name = name;
        this.protocol = protocol;
        this.metrics = metrics;
    }

    /** The refused connections still saying goodbye, for the reaper. */
    Set<Connection> finishing() {
        return finishing;
    }

    /** Refuses a connection from the accept thread: the goodbye runs on a virtual thread of its own. */
    void refuse(Connection connection, String why, String limitKey) {
        count(connection, why, limitKey);
        Thread.ofVirtual().name(name + "-reject-" + connection.id()).start(() -> {
            finishing.add(connection);
            try (connection) {
                tellBusy(connection);
            } finally {
                finishing.remove(connection);
            }
        });
    }

    /** Refuses on the connection's own thread (once its PROXY header named the client); the caller closes it. */
    void refuseHere(Connection connection, String why, String limitKey) {
        count(connection, why, limitKey);
        tellBusy(connection);
    }

    private void count(Connection connection, String why, String limitKey) {
        metrics.connectionRejected();
        LOG.log(Level.WARNING, "refused {0}: {1}, the limit set by {2}", connection.peer(), why,
                Settings.describe(limitKey));
    }

    private void tellBusy(Connection connection) {
        try {
            protocol.rejectBusy(connection);
            // Unread request bytes would turn the close into a reset that destroys the refusal.
            connection.finishAfterReply(LINGER);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not tell {0} the service is full: {1}", connection.peer(), e.getMessage());
        }
    }
}
