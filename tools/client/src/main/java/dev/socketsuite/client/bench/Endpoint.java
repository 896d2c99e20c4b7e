package dev.socketsuite.client.bench;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** Where a benchmark connects: a TCP or UDP address, or (for http) a Unix socket path. */
sealed interface Endpoint {

    record Tcp(InetSocketAddress address) implements Endpoint {
    }

    record Unix(Path path) implements Endpoint {
    }
}
