package dev.socketsuite.echo;

import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.ServiceMetrics;

/**
 * Counter mode: {@code Hello! You are connection #N}. N is taken when the reply is made,
 * so a port probe that connects and leaves without a message uses no number.
 */
final class CounterHandler extends OneMessageExchange {

    private final AtomicLong connections = new AtomicLong();

    CounterHandler(int maxMessage, ServiceMetrics metrics) {
        super(maxMessage, metrics);
    }

    @Override
    String reply(byte[] message) {
        return ReplyFormats.connectionGreeting(connections.incrementAndGet());
    }
}
