package dev.socketsuite.echo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.socketsuite.runtime.Connection;
import dev.socketsuite.runtime.ConnectionHandler;
import dev.socketsuite.runtime.ServiceMetrics;

/**
 * The shape of the counter and timestamp modes, as in the origin documents: one read of
 * at most {@code maxMessage} bytes, one reply, close.
 */
abstract class OneMessageExchange implements ConnectionHandler {

    /** How long the peer may keep sending after the reply before we close anyway. */
    private static final Duration LINGER = Duration.ofSeconds(2);

    private final int maxMessage;
    private final ServiceMetrics metrics;

    OneMessageExchange(int maxMessage, ServiceMetrics metrics) {
        this.maxMessage = maxMessage;
        this.metrics = metrics;
    }

    /** The reply to one message of 1 to {@code maxMessage} bytes. */
    abstract String reply(byte[] message);

    @Override
    public final void handle(Connection connection) throws IOException {
        var buffer = new byte[maxMessage];
        int count = connection.input().read(buffer);
        if (count < 0) {
            return; // connected and left without a message (a port probe): nothing to answer
        }
        connection.output().write(reply(Arrays.copyOf(buffer, count)).getBytes(StandardCharsets.UTF_8));
        metrics.message();
        connection.finishAfterReply(LINGER);
    }
}
