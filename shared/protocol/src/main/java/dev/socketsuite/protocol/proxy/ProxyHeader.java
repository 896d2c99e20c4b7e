package dev.socketsuite.protocol.proxy;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * A PROXY protocol header (HAProxy's specification, version 1 text or version 2 binary):
 * who the original client was, as the proxy in front of us saw it.
 *
 * @param version     1 or 2
 * @param command     {@code PROXY} for a relayed connection, {@code LOCAL} for one the proxy
 *                    opened itself (a health check)
 * @param source      the original client, or null when the header carries none
 * @param destination the address the client connected to, or null with {@code source}
 */
public record ProxyHeader(int version, Command command, InetSocketAddress source, InetSocketAddress destination) {

    /** What the proxy says the connection is. */
    public enum Command { PROXY, LOCAL }

    /**
     * The original client, or empty when the connection's own endpoints stand: a LOCAL
     * connection, and a relayed one whose addresses the header does not carry (v1
     * {@code UNKNOWN}, v2 {@code AF_UNSPEC} or {@code AF_UNIX}), as the specification says.
     */
    public Optional<InetSocketAddress> client() {
        return command == Command.PROXY ? Optional.ofNullable(source) : Optional.empty();
    }
}
