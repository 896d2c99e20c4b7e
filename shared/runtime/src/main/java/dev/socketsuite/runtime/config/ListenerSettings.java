package dev.socketsuite.runtime.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * @param backlog         pending-accept queue length handed to the kernel ({@code listener.backlog}),
 *                        by default the most the kernel allows
 * @param proxyProtocol   TCP connections must start with a PROXY protocol header, whose client
 *                        address then stands for the peer ({@code listener.proxy-protocol})
 */
public record ListenerSettings(String host, int port, String path, int maxConnections,
                               int maxConnectionsPerAddress, Duration idleTimeout, int backlog,
                               boolean proxyProtocol) {

    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");
    private static final int MIN_DEFAULT_BACKLOG = 4096;

    public static ListenerSettings from(Settings settings) {
        return new ListenerSettings(
                settings.string("listener.host", "127.0.0.1"),
                settings.integer("listener.port", 0, 0, 65535),
                settings.string("listener.path", ""),
                settings.integer("listener.max-connections", 1000, 1, 1_000_000),
                settings.integer("listener.max-connections-per-address", 0, 0, 1_000_000),
                settings.duration("listener.idle-timeout", Duration.ofSeconds(60)),
                settings.integer("listener.backlog", kernelBacklogLimit(), 1, 65535),
                settings.flag("listener.proxy-protocol", false));
    }

    /**
     * The kernel's cap on a listen queue ({@code net.core.somaxconn}), and at least 4096
     * (the kernel lowers what we ask to its cap). A short queue overflows when a burst of
     * clients connects at once: the kernel drops their handshakes and they retry after
     * 1, 3, 7 s, which is how a 128-entry queue gave 9 s exchanges to 512 new clients.
     */
    static int kernelBacklogLimit() {
        try {
            return Math.clamp(Integer.parseInt(Files.readString(SOMAXCONN).trim()), MIN_DEFAULT_BACKLOG, 65535);
        } catch (IOException | NumberFormatException e) {
            return MIN_DEFAULT_BACKLOG;
        }
    }
}
