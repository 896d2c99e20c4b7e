package dev.socketsuite.echo;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;

/**
 * Counter mode: {@code Hello! You are connection #N}. N is taken when the reply is made,
 * so a port probe that connects and leaves without a message uses no number. While the
 * state backend is unreachable the connection closes without a reply (see
 * {@link OneMessageExchange}): a number is never invented.
 */
final class CounterExchange extends OneMessageExchange {

    private final SharedState state;

    CounterExchange(int maxMessage, SharedState state, ServiceMetrics metrics) {
        super(maxMessage, metrics);
        this.state = state;
    }

    @Override
    String reply(byte[] message) {
        return ReplyFormats.connectionGreeting(state.next("connections"));
    }
}
