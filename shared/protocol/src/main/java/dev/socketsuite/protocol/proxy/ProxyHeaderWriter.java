package dev.socketsuite.protocol.proxy;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Writes PROXY protocol headers as a load balancer sends them: what clients and tests put
 * in front of a connection to a listener with {@code listener.proxy-protocol}.
 */
public final class ProxyHeaderWriter {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaderWriter() {
    }

    /** {@code PROXY TCP4|TCP6 client server clientPort serverPort\r\n}; both addresses of one family. */
    public static byte[] v1(InetSocketAddress client, InetSocketAddress server) {
        var family = sameFamily(client, server) == 4 ? "TCP4" : "TCP6";
        return ("PROXY " + family + " " + client.getAddress().getHostAddress() + " " + server.getAddress().getHostAddress()
                + " " + client.getPort() + " " + server.getPort() + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The binary form: a PROXY command for a TCP connection from {@code client} to {@code server}. */
    public static byte[] v2(InetSocketAddress client, InetSocketAddress server) {
        var block = new ByteArrayOutputStream();
        block.writeBytes(client.getAddress().getAddress());
        block.writeBytes(server.getAddress().getAddress());
        port(block, client.getPort());
        port(block, server.getPort());
        return v2(0x21, sameFamily(client, server) == 4 ? 0x11 : 0x21, block.toByteArray());
    }

    /** The binary LOCAL command: the proxy's own connection (its health check), no addresses. */
    public static byte[] v2Local() {
        return v2(0x20, 0x00, new byte[0]);
    }

    private static byte[] v2(int versionCommand, int familyProtocol, byte[] block) {
        var out = new ByteArrayOutputStream(16 + block.length);
        out.writeBytes(V2_SIGNATURE);
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

    private static int sameFamily(InetSocketAddress client, InetSocketAddress server) {
        boolean four = client.getAddress() instanceof Inet4Address;
        if (four != server.getAddress() instanceof Inet4Address) {
            throw new IllegalArgumentException("a PROXY header carries two addresses of one family: " + client + ", " + server);
        }
        return four ? 4 : 6;
    }
}
