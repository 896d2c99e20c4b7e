package dev.socketsuite.echo;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.StateUnavailableException;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.stream.BlockingProtocol;

/**
 * The shape of the counter and timestamp modes, as in the origin documents: one read of
 * at most {@code maxMessage} bytes, one reply, close.
 */
abstract class OneMessageExchange implements BlockingProtocol {

    private static final System.Logger LOG = System.getLogger(OneMessageExchange.class.getName());
    /** How long the peer may keep sending after the reply before we close anyway. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final int maxMessage;
    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;

    OneMessageExchange(int maxMessage, ServiceMetrics metrics) {
        this.maxMessage = maxMessage;
        this.metrics = metrics;
        this.latency = metrics.latency("exchange");
    }

    /** The reply to one message of 1 to {@code maxMessage} bytes. */
    abstract String reply(byte[] message);

    @Override
    public final void serve(Connection connection) throws IOException {
        var buffer = new byte[maxMessage];
        int count = connection.input().read(buffer);
        if (count < 0) {
            return; // connected and left without a message (a port probe): nothing to answer
        }
        long read = System.nanoTime();
        String reply;
        try {
            reply = reply(Arrays.copyOf(buffer, count));
        } catch (StateUnavailableException e) {
            // No number can be had: say nothing rather than a wrong one, and close.
            metrics.error("state_unavailable");
            LOG.log(Level.DEBUG, "{0}: closed without a reply: {1}", connection.peer(), e.getMessage());
            return;
        }
        connection.output().write(reply.getBytes(StandardCharsets.UTF_8));
        metrics.message();
        latency.since(read);
        connection.finishAfterReply(LINGER);
    }
}
