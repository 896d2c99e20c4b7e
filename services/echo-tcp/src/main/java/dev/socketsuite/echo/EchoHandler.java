package dev.socketsuite.echo;

import java.io.IOException;

import dev.socketsuite.runtime.BufferPool;
import dev.socketsuite.runtime.Connection;
import dev.socketsuite.runtime.ConnectionHandler;
import dev.socketsuite.runtime.ServiceMetrics;

/**
 * RFC 862 echo: writes back every byte it reads, in order. A connection waits for data
 * with a small buffer of its own and borrows a large one from a shared pool only while a
 * stream fills what it reads, so memory stays flat whatever the stream's length and an
 * idle connection costs little. When the peer shuts its output, the echo is already
 * complete and we close too.
 */
final class EchoHandler implements ConnectionHandler {

    private static final int SMALL_BUFFER = 512;
    private static final int LARGE_BUFFER = 16 * 1024;

    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;
    private final BufferPool largeBuffers = new BufferPool(LARGE_BUFFER, 256);

    EchoHandler(ServiceMetrics metrics) {
        this.metrics = metrics;
        this.latency = metrics.latency("exchange");
    }

    @Override
    public void handle(Connection connection) throws IOException {
        var small = new byte[SMALL_BUFFER];
        byte[] large = null;
        var in = connection.input();
        var out = connection.output();
        try {
            while (true) {
                var buffer = large == null ? small : large;
                int count = in.read(buffer);
                if (count < 0) {
                    break;
                }
                long read = System.nanoTime();
                out.write(buffer, 0, count);
                metrics.message();
                latency.since(read);
                if (count == buffer.length && large == null) {
                    large = largeBuffers.borrow(); // a full read: more is coming, take it in larger reads
                } else if (count < buffer.length && large != null) {
                    largeBuffers.giveBack(large); // caught up: wait for the next bytes without it
                    large = null;
                }
            }
        } finally {
            if (large != null) {
                largeBuffers.giveBack(large);
            }
        }
        connection.shutdownOutput();
    }
}
