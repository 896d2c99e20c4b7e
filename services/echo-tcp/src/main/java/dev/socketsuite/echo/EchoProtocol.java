package dev.socketsuite.echo;

import java.nio.ByteBuffer;

import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.stream.LoopProtocol;
import dev.socketsuite.runtime.stream.LoopReplies;

/**
 * RFC 862 echo: writes back every byte it reads, in order, as it arrives. Runs on the
 * runtime's event loops, which read into one buffer per loop and stop reading from a
 * peer until it has taken its echo, so memory stays flat whatever the stream's length
 * and a silent connection holds no buffer. When the peer shuts its output, the loop
 * closes ours once the echo is written.
 */
final class EchoProtocol implements LoopProtocol {

    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;

    EchoProtocol(ServiceMetrics metrics) {
        this.metrics = metrics;
        this.latency = metrics.latency("exchange");
    }

    @Override
    public Next answer(ByteBuffer received, long readNanos, Connection connection, LoopReplies replies) {
        metrics.message();
        replies.send(received); // the echo is the read itself: no copy
        return Next.STAY;
    }

    @Override
    public void replied(long readNanos) {
        latency.since(readNanos);
    }
}
