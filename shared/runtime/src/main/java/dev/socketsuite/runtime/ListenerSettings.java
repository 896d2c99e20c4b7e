package dev.socketsuite.runtime;

import java.time.Duration;

/**
 * The {@code listener} section every service shares.
 *
 * @param host            address the raw listener binds ({@code listener.host})
 * @param port            TCP/UDP port, 0 for any free port ({@code listener.port})
 * @param path            Unix socket path, empty when the service has none ({@code listener.path})
 * @param maxConnections  open connections allowed at once; more are refused ({@code listener.max-connections})
 * @param maxConnectionsPerAddress open connections allowed from one source address, 0 for no
 *                        limit but the global one ({@code listener.max-connections-per-address})
 * @param idleTimeout     a connection with no read or write for this long is closed ({@code listener.idle-timeout})
 * @param backlog         pending-accept queue length handed to the kernel ({@code listener.backlog})
 * @param proxyProtocol   TCP connections must start with a PROXY protocol header, whose client
 *                        address then stands for the peer ({@code listener.proxy-protocol})
 */
public record ListenerSettings(String host, int port, String path, int maxConnections,
                               int maxConnectionsPerAddress, Duration idleTimeout, int backlog,
                               boolean proxyProtocol) {

    static ListenerSettings from(Settings settings) {
        return new ListenerSettings(
                settings.string("listener.host", "127.0.0.1"),
                settings.integer("listener.port", 0, 0, 65535),
                settings.string("listener.path", ""),
                settings.integer("listener.max-connections", 1000, 1, 1_000_000),
                settings.integer("listener.max-connections-per-address", 0, 0, 1_000_000),
                settings.duration("listener.idle-timeout", Duration.ofSeconds(60)),
                settings.integer("listener.backlog", 128, 1, 65535),
                settings.flag("listener.proxy-protocol", false));
    }
}
