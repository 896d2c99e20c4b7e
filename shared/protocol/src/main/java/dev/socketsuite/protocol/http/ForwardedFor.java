package dev.socketsuite.protocol.http;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.socketsuite.protocol.IpLiteral;

/**
 * The chain of addresses a request passed through, from {@code Forwarded} (RFC 7239) when
 * present, else from {@code X-Forwarded-For}: the original client first, the proxy nearest
 * to us last. Only whoever received the request from a trusted proxy may believe it; this
 * class only reads what the headers claim.
 */
public final class ForwardedFor {

    private static final String FORWARDED = "Forwarded";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";
    /** The headers {@link #chain} reads: whoever keeps a request's headers for it needs these. */
    public static final List<String> HEADERS = List.of(FORWARDED, X_FORWARDED_FOR);

    private ForwardedFor() {
    }

    /**
     * Every hop's address, client first (ports dropped), or {@link Optional#empty()} for a
     * hop that is hidden ({@code unknown}, an obfuscated name) or not an IP literal. An empty list when neither header is present, or when
     * {@code Forwarded} is malformed (then nothing in it can be trusted).
     */
    public static List<Optional<InetAddress>> chain(HttpHeaders headers) {
        var forwarded = headers.all(FORWARDED);
        if (!forwarded.isEmpty()) {
            return fromForwarded(String.join(",", forwarded));
        }
        var hops = new ArrayList<Optional<InetAddress>>();
        for (var value : headers.all(X_FORWARDED_FOR)) {
            for (var hop : value.split(",", -1)) {
                hops.add(node(hop.strip()));
            }
        }
        return hops;
    }

    private static List<Optional<InetAddress>> fromForwarded(String value) {
        var hops = new ArrayList<Optional<InetAddress>>();
        for (var element : splitOutsideQuotes(value, ',')) {
            if (element == null) {
                return List.of();
            }
            Optional<InetAddress> hop = Optional.empty();
            for (var pair : splitOutsideQuotes(element, ';')) {
                int equals = pair == null ? -1 : pair.indexOf('=');
                if (equals <= 0) {
                    return List.of();
                }
                var name = pair.substring(0, equals).strip().toLowerCase(Locale.ROOT);
                var raw = pair.substring(equals + 1).strip();
                if (raw.startsWith("\"")) {
                    if (raw.length() < 2 || !raw.endsWith("\"")) {
                        return List.of();
                    }
                    raw = raw.substring(1, raw.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                if (name.equals("for")) {
                    hop = node(raw);
                }
            }
            hops.add(hop);
        }
        return hops;
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}, {@code 2001:db8::1}: the address. */
    private static Optional<InetAddress> node(String text) {
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return close < 0 ? Optional.empty() : IpLiteral.ipv6(text.substring(1, close));
        }
        int colon = text.indexOf(':');
        if (colon >= 0 && colon == text.lastIndexOf(':')) {
            return IpLiteral.ipv4(text.substring(0, colon)); // IPv4 with a port
        }
        return IpLiteral.parse(text); // unknown and obfuscated names are not literals: hidden hops
    }

    /** Splits on {@code separator} outside double quotes; a null part marks an unclosed quote. */
    private static List<String> splitOutsideQuotes(String text, char separator) {
        var parts = new ArrayList<String>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                parts.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(quoted ? null : current.toString().strip());
        return parts;
    }
}
