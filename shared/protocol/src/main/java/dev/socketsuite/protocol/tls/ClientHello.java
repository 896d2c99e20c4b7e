package dev.socketsuite.protocol.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a TLS ClientHello its fingerprints read, taken from the connection's first
 * record before the TLS engine sees it. Values keep the order the client sent them in, GREASE
 * included (RFC 8701): the fingerprints leave GREASE out themselves.
 *
 * @param legacyVersion       the ClientHello's version field (0x0303 for TLS 1.2 and 1.3)
 * @param cipherSuites        the offered cipher suites
 * @param extensions          the extension types, in order
 * @param supportedGroups     supported_groups (10), the "elliptic curves" of JA3
 * @param pointFormats        ec_point_formats (11)
 * @param signatureAlgorithms signature_algorithms (13)
 * @param supportedVersions   supported_versions (43)
 * @param alpn                the ALPN protocol IDs (16)
 * @param serverName          the SNI host name (0), or null
 */
public record ClientHello(int legacyVersion, List<Integer> cipherSuites, List<Integer> extensions,
                          List<Integer> supportedGroups, List<Integer> pointFormats,
                          List<Integer> signatureAlgorithms, List<Integer> supportedVersions,
                          List<String> alpn, String serverName) {

    /** Longest record the parser reads: a TLS record's plaintext limit and its header. */
    public static final int MAX_RECORD = 5 + (1 << 14);

    /** Thrown for bytes that are not a whole ClientHello in one record. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** True for a GREASE value (RFC 8701): both bytes equal, each ending in 0xA. */
    public static boolean grease(int value) {
        return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
    }

    /**
     * How many bytes the first record takes, once its 5-byte header is there: -1 while
     * fewer than 5 bytes are.
     */
    public static int recordLength(byte[] bytes, int length) {
        return length < 5 ? -1 : 5 + (((bytes[3] & 0xff) << 8) | (bytes[4] & 0xff));
    }

    /** Reads the ClientHello of the record at the start of {@code bytes[0..length)}. */
    public static ClientHello parse(byte[] bytes, int length) throws Malformed {
        var record = new Reader(bytes, 0, Math.min(length, bytes.length));
        if (record.u8() != 0x16) {
            throw new Malformed("not a handshake record");
        }
        record.u16(); // the record's version: not part of the fingerprints
        var fragment = record.sub(record.u16());
        if (fragment.u8() != 1) {
            throw new Malformed("not a ClientHello");
        }
        var body = fragment.sub(fragment.u24());
        int version = body.u16();
        body.skip(32); // random
        body.skip(body.u8()); // legacy session id
        var suites = body.sub(body.u16());
        var cipherSuites = new ArrayList<Integer>();
        while (suites.more()) {
            cipherSuites.add(suites.u16());
        }
        body.skip(body.u8()); // compression methods
        var extensions = new ArrayList<Integer>();
        List<Integer> groups = List.of();
        List<Integer> formats = List.of();
        List<Integer> signatures = List.of();
        List<Integer> versions = List.of();
        List<String> alpn = List.of();
        String serverName = null;
        if (body.more()) {
            var all = body.sub(body.u16());
            while (all.more()) {
                int type = all.u16();
                var data = all.sub(all.u16());
                extensions.add(type);
                switch (type) {
                    case 0 -> serverName = serverName(data);
                    case 10 -> groups = u16s(data.sub(data.u16()));
                    case 11 -> formats = u8s(data.sub(data.u8()));
                    case 13 -> signatures = u16s(data.sub(data.u16()));
                    case 16 -> alpn = protocols(data.sub(data.u16()));
                    case 43 -> versions = u16s(data.sub(data.u8()));
                    default -> { }
                }
            }
        }
        return new ClientHello(version, List.copyOf(cipherSuites), List.copyOf(extensions), groups, formats,
                signatures, versions, alpn, serverName);
    }

    private static String serverName(Reader data) throws Malformed {
        var names = data.sub(data.u16());
        while (names.more()) {
            int kind = names.u8();
            var name = names.bytes(names.u16());
            if (kind == 0) {
                return new String(name, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static List<Integer> u16s(Reader list) throws Malformed {
        var values = new ArrayList<Integer>();
        while (list.more()) {
            values.add(list.u16());
        }
        return List.copyOf(values);
    }

    private static List<Integer> u8s(Reader list) throws Malformed {
        var values = new ArrayList<Integer>();
        while (list.more()) {
            values.add(list.u8());
        }
        return List.copyOf(values);
    }

    private static List<String> protocols(Reader list) throws Malformed {
        var values = new ArrayList<String>();
        while (list.more()) {
            values.add(new String(list.bytes(list.u8()), StandardCharsets.ISO_8859_1));
        }
        return List.copyOf(values);
    }

    /** Big-endian reads within [at, end); running past the end is {@link Malformed}. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;
        private final int end;

        Reader(byte[] bytes, int from, int end) {
            this.bytes = bytes;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        int u8() throws Malformed {
            need(1);
            return bytes[at++] & 0xff;
        }

        int u16() throws Malformed {
            return (u8() << 8) | u8();
        }

        int u24() throws Malformed {
            return (u8() << 16) | u16();
        }

        void skip(int count) throws Malformed {
            need(count);
            at += count;
        }

        byte[] bytes(int count) throws Malformed {
            need(count);
            var copy = java.util.Arrays.copyOfRange(bytes, at, at + count);
            at += count;
            return copy;
        }

        Reader sub(int count) throws Malformed {
            need(count);
            var inner = new Reader(bytes, at, at + count);
            at += count;
            return inner;
        }

        private void need(int count) throws Malformed {
            if (count < 0 || count > end - at) {
                throw new Malformed("the ClientHello ends early");
            }
        }
    }
}
