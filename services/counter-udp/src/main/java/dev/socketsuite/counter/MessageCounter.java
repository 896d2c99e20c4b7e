package dev.socketsuite.counter;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.DatagramHandler;
import dev.socketsuite.runtime.ServiceMetrics;

/**
 * Numbers every datagram that reaches it, whatever its bytes (empty and invalid UTF-8
 * included): N is global, from 1, with no gap or duplicate. Datagrams the runtime drops
 * (privileged source port, rate limit) never get here and take no number.
 */
final class MessageCounter implements DatagramHandler {

    private final AtomicLong messages = new AtomicLong();
    private final ServiceMetrics metrics;

    MessageCounter(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public byte[] reply(ByteBuffer payload, InetSocketAddress sender) {
        metrics.message();
        return ReplyFormats.datagramAck(messages.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
    }
}
