package dev.socketsuite.protocol.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

import dev.socketsuite.protocol.IpLiteral;

/**
 * Parses a PROXY protocol header from the first bytes of a connection, strictly, as the
 * specification asks of a receiver: a connection that must carry a header and does not
 * is refused, never served with the proxy's address. Incremental: give it what has
 * arrived so far and it says "need more", "here is the header and its length", or throws
 * as soon as the bytes cannot start a valid header (a client that skips the header is
 * refused at its first bytes, not after a timeout).
 */
public final class ProxyHeaderParser {

    /** The longest v1 line, CRLF included, as the specification bounds it. */
    public static final int MAX_V1_LENGTH = 107;
    /** The longest v2 header accepted: the fixed part, the addresses and up to about 4 KiB of TLVs. */
    public static final int MAX_V2_LENGTH = 4096;

    private static final byte[] V1_PREFIX = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    /** The twelve bytes every v2 header starts with; the writer writes them. */
    static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final int V2_FIXED = 16;
    private static final Pattern PORT = Pattern.compile("0|[1-9]\\d{0,4}");

    private ProxyHeaderParser() {
    }

    /** A complete header and the number of bytes it took; the connection's payload starts after them. */
    public record Parsed(ProxyHeader header, int length) {
    }

    /**
     * Looks at {@code bytes[0..length)}.
     *
     * @return the header, or null when these bytes are a valid beginning and more are needed
     * @throws ProxyHeaderException these bytes can never begin a valid header
     */
    public static Parsed parse(byte[] bytes, int length) throws ProxyHeaderException {
        if (length == 0) {
            return null;
        }
        if (bytes[0] == V1_PREFIX[0]) {
            return parseV1(bytes, length);
        }
        if (bytes[0] == V2_SIGNATURE[0]) {
            return parseV2(bytes, length);
        }
        throw new ProxyHeaderException("no PROXY protocol header");
    }

    private static Parsed parseV1(byte[] bytes, int length) throws ProxyHeaderException {
        requirePrefix(bytes, length, V1_PREFIX, "no PROXY protocol header");
        int scan = Math.min(length, MAX_V1_LENGTH);
        for (int i = 0; i < scan; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (i == 0 || bytes[i - 1] != '\r') {
                    throw new ProxyHeaderException("v1 header line does not end with CRLF");
                }
                var line = new String(bytes, 0, i - 1, StandardCharsets.US_ASCII);
                return new Parsed(v1Line(line), i + 1);
            }
            boolean crBeforeLf = b == '\r' && (i + 1 >= length || bytes[i + 1] == '\n');
            if ((b < 0x20 && !crBeforeLf) || b >= 0x7F) {
                throw new ProxyHeaderException("v1 header holds a byte that is not printable US-ASCII");
            }
        }
        if (length >= MAX_V1_LENGTH) {
            throw new ProxyHeaderException("v1 header longer than " + MAX_V1_LENGTH + " bytes");
        }
        return null;
    }

    private static ProxyHeader v1Line(String line) throws ProxyHeaderException {
        var parts = line.split(" ", -1);
        if (parts.length >= 2 && parts[1].equals("UNKNOWN")) {
            // The rest of an UNKNOWN line is to be ignored: the proxy could not tell the addresses.
            return new ProxyHeader(1, ProxyHeader.Command.PROXY, null, null);
        }
        if (parts.length != 6) {
            throw new ProxyHeaderException("v1 header is not PROXY TCP4|TCP6 SOURCE DESTINATION SPORT DPORT");
        }
        boolean six = switch (parts[1]) {
            case "TCP4" -> false;
            case "TCP6" -> true;
            default -> throw new ProxyHeaderException("v1 protocol must be TCP4, TCP6 or UNKNOWN");
        };
        var source = v1Address(parts[2], six);
        var destination = v1Address(parts[3], six);
        return new ProxyHeader(1, ProxyHeader.Command.PROXY,
                new InetSocketAddress(source, v1Port(parts[4])), new InetSocketAddress(destination, v1Port(parts[5])));
    }

    private static InetAddress v1Address(String text, boolean six) throws ProxyHeaderException {
        var address = six ? IpLiteral.ipv6(text) : IpLiteral.ipv4(text);
        return address.orElseThrow(() -> new ProxyHeaderException("v1 " + (six ? "TCP6" : "TCP4")
                + " address is not an IPv" + (six ? "6" : "4") + " address: " + printable(text)));
    }

    private static int v1Port(String text) throws ProxyHeaderException {
        if (!PORT.matcher(text).matches() || Integer.parseInt(text) > 65_535) {
            throw new ProxyHeaderException("v1 port is not 0-65535: " + printable(text));
        }
        return Integer.parseInt(text);
    }

    private static Parsed parseV2(byte[] bytes, int length) throws ProxyHeaderException {
        requirePrefix(bytes, length, V2_SIGNATURE, "no PROXY protocol header");
        if (length < V2_FIXED) {
            return null;
        }
        int version = (bytes[12] & 0xF0) >>> 4;
        int command = bytes[12] & 0x0F;
        if (version != 2) {
            throw new ProxyHeaderException("v2 header of version " + version);
        }
        if (command > 1) {
            throw new ProxyHeaderException("v2 command " + command + " is neither LOCAL nor PROXY");
        }
        int family = bytes[13] & 0xFF;
        int blockLength = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
        int total = V2_FIXED + blockLength;
        if (total > MAX_V2_LENGTH) {
            throw new ProxyHeaderException("v2 header of " + total + " bytes, more than " + MAX_V2_LENGTH);
        }
        if (command == 0) {
            // LOCAL: the proxy's own connection; the block, family included, is to be skipped unread.
            return length < total ? null : new Parsed(new ProxyHeader(2, ProxyHeader.Command.LOCAL, null, null), total);
        }
        int addresses = switch (family) {
            case 0x00 -> 0;              // AF_UNSPEC
            case 0x11, 0x12 -> 12;       // AF_INET stream, datagram
            case 0x21, 0x22 -> 36;       // AF_INET6
            case 0x31, 0x32 -> 216;      // AF_UNIX
            default -> throw new ProxyHeaderException("v2 address family and protocol 0x" + Integer.toHexString(family));
        };
        if ((family & 0x0F) == 0x02) {
            throw new ProxyHeaderException("v2 header describes a datagram on a stream connection");
        }
        if (blockLength < addresses) {
            throw new ProxyHeaderException("v2 length " + blockLength + " is shorter than its " + addresses + " address bytes");
        }
        if (length < total) {
            return null;
        }
        checkTlvs(bytes, V2_FIXED + addresses, total);
        if (family == 0x11 || family == 0x21) {
            int size = family == 0x11 ? 4 : 16;
            int at = V2_FIXED;
            var source = address(Arrays.copyOfRange(bytes, at, at + size));
            var destination = address(Arrays.copyOfRange(bytes, at + size, at + 2 * size));
            int ports = at + 2 * size;
            return new Parsed(new ProxyHeader(2, ProxyHeader.Command.PROXY,
                    new InetSocketAddress(source, port(bytes, ports)),
                    new InetSocketAddress(destination, port(bytes, ports + 2))), total);
        }
        // AF_UNSPEC or AF_UNIX: relayed, but with no network address to take the peer's place.
        return new Parsed(new ProxyHeader(2, ProxyHeader.Command.PROXY, null, null), total);
    }

    /** Type-length-value fields after the addresses must tile the rest of the block exactly. */
    private static void checkTlvs(byte[] bytes, int from, int to) throws ProxyHeaderException {
        int at = from;
        while (at < to) {
            if (to - at < 3) {
                throw new ProxyHeaderException("v2 TLV cut short");
            }
            int valueLength = ((bytes[at + 1] & 0xFF) << 8) | (bytes[at + 2] & 0xFF);
            at += 3 + valueLength;
        }
        if (at != to) {
            throw new ProxyHeaderException("v2 TLV runs past the header's length");
        }
    }

    private static void requirePrefix(byte[] bytes, int length, byte[] prefix, String otherwise)
            throws ProxyHeaderException {
        for (int i = 0; i < Math.min(length, prefix.length); i++) {
            if (bytes[i] != prefix[i]) {
                throw new ProxyHeaderException(otherwise);
            }
        }
    }

    private static int port(byte[] bytes, int at) {
        return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
    }

    private static InetAddress address(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("an address of " + raw.length + " bytes", e);
        }
    }

    private static String printable(String text) {
        return text.length() > 48 ? text.substring(0, 48) + "..." : text;
    }
}
