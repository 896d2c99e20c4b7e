package dev.socketsuite.protocol;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals from untrusted text (PROXY headers, forwarding headers): strict
 * dotted-decimal IPv4 or IPv6, and never a host name, so reading one never asks DNS.
 */
public final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("(0|[1-9]\\d{0,2})(\\.(0|[1-9]\\d{0,2})){3}");
    /** Hex digits, colons and dots only (an embedded IPv4 tail is allowed); no zone id. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpLiteral() {
    }

    /** Dotted-decimal IPv4 without leading zeros, each part 0-255. */
    public static Optional<InetAddress> ipv4(String text) {
        if (!IPV4.matcher(text).matches()) {
            return Optional.empty();
        }
        var octets = new byte[4];
        var parts = text.split("\\.");
        for (int i = 0; i < 4; i++) {
            int value = Integer.parseInt(parts[i]);
            if (value > 255) {
                return Optional.empty();
            }
            octets[i] = (byte) value;
        }
        return Optional.of(of(octets));
    }

    /** An IPv6 literal (an IPv4-mapped one comes back as that IPv4 address). */
    public static Optional<InetAddress> ipv6(String text) {
        if (!IPV6.matcher(text).matches() || text.indexOf(':') < 0) {
            return Optional.empty();
        }
        try {
            // With a colon and only these characters, Java parses a literal and never resolves.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Either form. */
    public static Optional<InetAddress> parse(String text) {
        return text.indexOf(':') < 0 ? ipv4(text) : ipv6(text);
    }

    private static InetAddress of(byte[] octets) {
        try {
            return (Inet4Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four octets are always an address", e);
        }
    }
}
