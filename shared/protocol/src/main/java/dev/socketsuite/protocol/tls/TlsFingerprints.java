package dev.socketsuite.protocol.tls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The JA3 and JA4 fingerprints of a {@link ClientHello} (JA4 of TLS over TCP only; the other
 * JA4+ methods carry another license). Both leave GREASE values out.
 */
public final class TlsFingerprints {

    private static final int SERVER_NAME = 0x0000;
    private static final int ALPN = 0x0010;

    private TlsFingerprints() {
    }

    /**
     * JA3's text before hashing: version, ciphers, extensions, groups and point formats in
     * decimal, in the client's order, each list joined by dashes, the five by commas.
     */
    public static String ja3Text(ClientHello hello) {
        return hello.legacyVersion() + "," + decimal(hello.cipherSuites()) + "," + decimal(hello.extensions()) + ","
                + decimal(hello.supportedGroups()) + "," + decimal(hello.pointFormats());
    }

    /** JA3: the MD5 of {@link #ja3Text}, in hex. */
    public static String ja3(ClientHello hello) {
        return HexFormat.of().formatHex(digest("MD5", ja3Text(hello)));
    }

    /**
     * JA4 for TLS over TCP, such as {@code t13d1516h2_8daaf6152771_e5627efa2ab1}: the highest
     * version offered, SNI or not, the counts of ciphers and extensions, the first ALPN's first
     * and last characters; then the truncated SHA-256 of the sorted ciphers, and of the sorted
     * extensions (without SNI and ALPN) with the signature algorithms in their order.
     */
    public static String ja4(ClientHello hello) {
        var ciphers = hello.cipherSuites().stream().filter(Predicate.not(ClientHello::grease)).toList();
        var extensions = hello.extensions().stream().filter(Predicate.not(ClientHello::grease)).toList();
        var a = "t" + version(hello) + (hello.extensions().contains(SERVER_NAME) ? "d" : "i")
                + count(ciphers.size()) + count(extensions.size()) + alpn(hello.alpn());
        var b = ciphers.isEmpty() ? "000000000000" : truncatedSha256(sortedHex(ciphers));
        var hashed = extensions.stream().filter(type -> type != SERVER_NAME && type != ALPN).toList();
        var signatures = hello.signatureAlgorithms().stream().filter(Predicate.not(ClientHello::grease)).toList();
        var c = hashed.isEmpty() ? "000000000000"
                : truncatedSha256(sortedHex(hashed) + (signatures.isEmpty() ? "" : "_" + hex(signatures)));
        return a + "_" + b + "_" + c;
    }

    private static String version(ClientHello hello) {
        int highest = hello.supportedVersions().stream().filter(Predicate.not(ClientHello::grease))
                .mapToInt(Integer::intValue).max().orElse(hello.legacyVersion());
        return switch (highest) {
            case 0x0304 -> "13";
            case 0x0303 -> "12";
            case 0x0302 -> "11";
            case 0x0301 -> "10";
            case 0x0300 -> "s3";
            case 0x0002 -> "s2";
            default -> "00";
        };
    }

    private static String count(int count) {
        return String.format(Locale.ROOT, "%02d", Math.min(count, 99));
    }

    /** The first ALPN value's first and last characters; for a byte that is no letter or digit, hex. */
    private static String alpn(List<String> protocols) {
        if (protocols.isEmpty() || protocols.getFirst().isEmpty()) {
            return "00";
        }
        var first = protocols.getFirst();
        char head = first.charAt(0);
        char tail = first.charAt(first.length() - 1);
        if (alphanumeric(head) && alphanumeric(tail)) {
            return "" + head + tail;
        }
        var hexHead = String.format(Locale.ROOT, "%02x", (int) head & 0xff);
        var hexTail = String.format(Locale.ROOT, "%02x", (int) tail & 0xff);
        return "" + hexHead.charAt(0) + hexTail.charAt(1);
    }

    private static boolean alphanumeric(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    private static String decimal(List<Integer> values) {
        return values.stream().filter(Predicate.not(ClientHello::grease)).map(String::valueOf)
                .collect(Collectors.joining("-"));
    }

    private static String sortedHex(List<Integer> values) {
        return hex(values.stream().sorted().toList());
    }

    private static String hex(List<Integer> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%04x", value)).collect(Collectors.joining(","));
    }

    private static String truncatedSha256(String text) {
        return HexFormat.of().formatHex(digest("SHA-256", text)).substring(0, 12);
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
