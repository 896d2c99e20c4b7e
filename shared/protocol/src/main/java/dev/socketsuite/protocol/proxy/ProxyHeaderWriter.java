package dev.socketsuite.protocol.proxy;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes PROXY protocol headers as a load balancer sends them: what clients and tests put
 * in front of a connection to a listener with {@code listener.proxy-protocol}.
 */
public final class ProxyHeaderWriter {

    private ProxyHeaderWriter() {
    }

    /**
     * {@code PROXY TCP4|TCP6 client server clientPort serverPort\r\n}. An IPv4 address beside an
     * IPv6 one is written IPv4-mapped ({@code ::ffff:a.b.c.d}), as one header has one family.
     */
    public static byte[] v1(InetSocketAddress client, InetSocketAddress server) {
        boolean four = bothIpv4(client, server);
        return ("PROXY " + (four ? "TCP4 " : "TCP6 ") + text(client, four) + " " + text(server, four)
                + " " + client.getPort() + " " + server.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary form: a PROXY command for a TCP connection from {@code client} to {@code server}. */
    public static byte[] v2(InetSocketAddress client, InetSocketAddress server) {
        boolean four = bothIpv4(client, server);
        var block = new ByteArrayOutputStream();
        block.writeBytes(bytes(client, four));
        block.writeBytes(bytes(server, four));
        port(block, client.getPort());
        port(block, server.getPort());
        return v2(0x21, four ? 0x11 : 0x21, block.toByteArray());
    }

    /** The binary LOCAL command: the proxy's own connection (its health check), no addresses. */
    public static byte[] v2Local() {
        return v2(0x20, 0x00, new byte[0]);
    }

    private static byte[] v2(int versionCommand, int familyProtocol, byte[] block) {
        var out = new ByteArrayOutputStream(16 + block.length);
        out.writeBytes(ProxyHeaderParser.V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        port(out, block.length);
        out.writeBytes(block);
        return out.toByteArray();
    }

    private static void port(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }

    private static boolean bothIpv4(InetSocketAddress client, InetSocketAddress server) {
        return client.getAddress() instanceof Inet4Address && server.getAddress() instanceof Inet4Address;
    }

    /** The address's bytes: 4 for IPv4 when both are, else 16 (IPv4-mapped for an IPv4 one). */
    private static byte[] bytes(InetSocketAddress address, boolean four) {
        var raw = address.getAddress().getAddress();
        if (four || raw.length == 16) {
            return raw;
        }
        var mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(raw, 0, mapped, 12, 4);
        return mapped;
    }

    private static String text(InetSocketAddress address, boolean four) {
        var literal = address.getAddress().getHostAddress();
        return four || address.getAddress() instanceof Inet6Address ? literal : "::ffff:" + literal;
    }
}
