package dev.socketsuite.echo;

import java.io.IOException;

import dev.socketsuite.runtime.Connection;
import dev.socketsuite.runtime.ConnectionHandler;
import dev.socketsuite.runtime.ServiceMetrics;

/**
 * RFC 862 echo: writes back every byte it reads, in order, through one fixed buffer, so
 * memory stays flat whatever the stream's length. When the peer shuts its output, the
 * echo is already complete and we close too.
 */
final class EchoHandler implements ConnectionHandler {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;

    EchoHandler(ServiceMetrics metrics) {
        this.metrics = metrics;
        this.latency = metrics.latency("exchange");
    }

    @Override
    public void handle(Connection connection) throws IOException {
        var buffer = new byte[BUFFER_SIZE];
        var in = connection.input();
        var out = connection.output();
        int count;
        while ((count = in.read(buffer)) >= 0) {
            long read = System.nanoTime();
            out.write(buffer, 0, count);
            metrics.message();
            latency.since(read);
        }
        connection.shutdownOutput();
    }
}
