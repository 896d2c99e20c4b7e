package dev.socketsuite.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import dev.socketsuite.protocol.proxy.ProxyHeaderWriter;

/** PROXY protocol headers as a load balancer sends them, for tests of the listeners behind one. */
public final class ProxyHeaders {

    private ProxyHeaders() {
    }

    /** A v1 header for a connection from {@code client} (an IP literal) to {@code server}. */
    public static byte[] v1(String client, int clientPort, String server, int serverPort) {
        return ProxyHeaderWriter.v1(new InetSocketAddress(client, clientPort), new InetSocketAddress(server, serverPort));
    }

    /** A v2 PROXY command for a TCP connection from {@code client} (an IP literal). */
    public static byte[] v2(String client, int clientPort, String server, int serverPort) {
        return ProxyHeaderWriter.v2(new InetSocketAddress(client, clientPort), new InetSocketAddress(server, serverPort));
    }

    /** A v2 LOCAL command: the proxy's own connection, such as its health check. */
    public static byte[] v2Local() {
        return ProxyHeaderWriter.v2Local();
    }

    /** Prepends {@code header} to {@code payload}: both arrive in one segment, as from a real proxy. */
    public static byte[] before(byte[] header, String payload) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
