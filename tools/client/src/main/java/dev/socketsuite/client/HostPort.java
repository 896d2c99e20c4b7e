package dev.socketsuite.client;

import java.net.InetSocketAddress;

import picocli.CommandLine;

/** {@code HOST:PORT}, with IPv6 hosts in brackets ({@code [::1]:8080}). */
public record HostPort(String host, int port) {

    /** Reads {@code HOST:PORT}; a bad one is a usage error. */
    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new CommandLine.TypeConversionException("expected HOST:PORT, not '" + text + "'");
        }
        var host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new CommandLine.TypeConversionException("port must be 1-65535 in '" + text + "'");
        }
        return new HostPort(host, port);
    }

    /** The socket address, resolved now. */
    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
