package dev.socketsuite.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** PROXY protocol headers as a load balancer sends them, for tests of the listeners behind one. */
public final class ProxyHeaders {

    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {
    }

    /** {@code PROXY TCP4|TCP6 client server clientPort serverPort\r\n}. */
    public static byte[] v1(String client, int clientPort, String server, int serverPort) {
        var family = client.contains(":") ? "TCP6" : "TCP4";
        return ("PROXY " + family + " " + client + " " + server + " " + clientPort + " " + serverPort + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A v2 PROXY command for a TCP connection from {@code client}. */
    public static byte[] v2(String client, int clientPort, String server, int serverPort) {
        var from = address(client);
        var to = address(server);
        var addresses = ByteBuffer.allocate(2 * from.length + 4).put(from).put(to)
                .putShort((short) clientPort).putShort((short) serverPort).array();
        return v2(0x21, from.length == 4 ? 0x11 : 0x21, addresses);
    }

    /** A v2 LOCAL command: the proxy's own connection, such as its health check. */
    public static byte[] v2Local() {
        return v2(0x20, 0x00, new byte[0]);
    }

    /** Prepends {@code header} to {@code payload}: both arrive in one segment, as from a real proxy. */
    public static byte[] before(byte[] header, String payload) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] v2(int versionCommand, int familyProtocol, byte[] block) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(V2_SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        out.write(block.length >>> 8);
        out.write(block.length & 0xFF);
        out.writeBytes(block);
        return out.toByteArray();
    }

    private static byte[] address(String literal) {
        try {
            var address = InetAddress.getByName(literal);
            if (literal.contains(":") && address instanceof Inet4Address) {
                throw new IllegalArgumentException("use a plain IPv6 address, not a mapped one: " + literal);
            }
            return address.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
