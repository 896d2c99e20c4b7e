package dev.socketsuite.protocol.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** The examples of HAProxy's PROXY protocol specification, and what it says a receiver must refuse. */
class ProxyHeaderParserTest {

    private static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private static final String FFFF6 = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff";

    @Test
    void v1Tcp4FromTheSpecificationLeavesThePayloadAfterIt() throws Exception {
        var header = "PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n";
        var bytes = ascii(header + "GET / HTTP/1.1\r\nHost: 192.168.0.11\r\n\r\n");
        var parsed = ProxyHeaderParser.parse(bytes, bytes.length);
        assertEquals(header.length(), parsed.length());
        assertEquals(1, parsed.header().version());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.168.0.1"), 56324), parsed.header().client().orElseThrow());
        assertEquals(new InetSocketAddress(InetAddress.getByName("192.168.0.11"), 443), parsed.header().destination());
        assertEquals("GET / HTTP/1.1", new String(bytes, parsed.length(), 14, StandardCharsets.US_ASCII));
    }

    @Test
    void v1WorstCasesAndUnknownFromTheSpecification() throws Exception {
        var tcp4 = "PROXY TCP4 255.255.255.255 255.255.255.255 65535 65535\r\n";
        assertEquals(56, parse(tcp4).length());
        var tcp6 = "PROXY TCP6 " + FFFF6 + " " + FFFF6 + " 65535 65535\r\n";
        assertEquals(104, tcp6.length());
        var six = parse(tcp6).header();
        assertEquals(InetAddress.getByName(FFFF6), six.source().getAddress());
        assertEquals(65535, six.source().getPort());

        var unknown = parse("PROXY UNKNOWN\r\n");
        assertEquals(15, unknown.length());
        assertTrue(unknown.header().client().isEmpty(), "UNKNOWN: the connection's own endpoints stand");
        var longestUnknown = "PROXY UNKNOWN " + FFFF6 + " " + FFFF6 + " 65535 65535\r\n";
        assertEquals(107, longestUnknown.length());
        assertEquals(107, parse(longestUnknown).length());
    }

    @Test
    void everyProperPrefixAsksForMore() throws Exception {
        var v1 = ascii("PROXY TCP6 2001:db8::1 2001:db8::2 1234 80\r\n");
        var v2 = v2(0x21, 0x21, concat(new byte[32], new byte[] {1, 2, 3, 4}));
        for (var header : new byte[][] {v1, v2}) {
            for (int length = 0; length < header.length; length++) {
                assertNull(ProxyHeaderParser.parse(Arrays.copyOf(header, length), length), "prefix of " + length);
            }
            assertEquals(header.length, ProxyHeaderParser.parse(header, header.length).length());
        }
    }

    @Test
    void aConnectionWithoutAHeaderIsRefusedAtItsFirstBytes() {
        for (var start : new String[] {"G", "GET / HTTP/1.1\r\n", "PROXI", "proxy ", "\r\n\r\n\0\r\nQUIX", "\n"}) {
            var bytes = ascii(start);
            assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(bytes, bytes.length), start);
        }
    }

    @Test
    void malformedV1LinesAreRefused() {
        for (var line : new String[] {
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n",                 // bare LF
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n",             // a field too many
            "PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n",                 // a field short
            "PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n",              // two spaces
            "PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 256.2.3.4 5.6.7.8 1 2\r\n",
            "PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n",              // octal-looking
            "PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n",
            "PROXY TCP4 ::1 5.6.7.8 1 2\r\n",
            "PROXY TCP6 1.2.3.4 ::1 1 2\r\n",
            "PROXY TCP6 fe80::1%eth0 ::1 1 2\r\n",               // zone ids are not in the grammar
            "PROXY TCP6 example.com ::1 1 2\r\n",                // never a name to resolve
            "PROXY TCP4 1.2.3.4 5.6.7.8 65536 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n",
            "PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n",
            "PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\r\n",
            "PROXY \u00e9\r\n",
            "PROXY UNKNOWN " + "x".repeat(100) + "\r\n"}) {  // longer than 107
            var bytes = line.getBytes(StandardCharsets.ISO_8859_1);
            assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(bytes, bytes.length), line);
        }
        var endless = ascii("PROXY UNKNOWN " + "x".repeat(93));
        assertEquals(107, endless.length);
        assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(endless, endless.length),
                "107 bytes and no line end can never become a header");
    }

    @Test
    void v2Tcp4AndTcp6CarryTheClientAndSkipTheirTlvs() throws Exception {
        var addresses = ByteBuffer.allocate(12).put(new byte[] {10, 0, 0, 7}).put(new byte[] {10, 0, 0, 1})
                .putShort((short) 50_000).putShort((short) 8000).array();
        var noop = new byte[] {0x04, 0x00, 0x02, 0, 0};               // PP2_TYPE_NOOP with two bytes
        var header = v2(0x21, 0x11, concat(addresses, noop));
        var payload = ascii("hello");
        var bytes = concat(header, payload);
        var parsed = ProxyHeaderParser.parse(bytes, bytes.length);
        assertEquals(header.length, parsed.length());
        assertEquals(2, parsed.header().version());
        assertEquals(new InetSocketAddress(InetAddress.getByName("10.0.0.7"), 50_000), parsed.header().client().orElseThrow());
        assertEquals(8000, parsed.header().destination().getPort());
        assertArrayEquals(payload, Arrays.copyOfRange(bytes, parsed.length(), bytes.length));

        var six = ByteBuffer.allocate(36).put(InetAddress.getByName("2001:db8::7").getAddress())
                .put(InetAddress.getByName("2001:db8::1").getAddress()).putShort((short) 443).putShort((short) 8000).array();
        var parsedSix = ProxyHeaderParser.parse(v2(0x21, 0x21, six), 16 + 36);
        assertEquals(InetAddress.getByName("2001:db8::7"), parsedSix.header().client().orElseThrow().getAddress());
    }

    @Test
    void v2LocalAndAddresslessHeadersKeepTheRealEndpoints() throws Exception {
        var local = ProxyHeaderParser.parse(v2(0x20, 0x00, new byte[0]), 16);
        assertEquals(ProxyHeader.Command.LOCAL, local.header().command());
        assertTrue(local.header().client().isEmpty());
        // LOCAL's block is skipped unread, whatever family it names.
        var localWithBlock = v2(0x20, 0x77, new byte[20]);
        assertEquals(36, ProxyHeaderParser.parse(localWithBlock, localWithBlock.length).length());

        assertTrue(ProxyHeaderParser.parse(v2(0x21, 0x00, new byte[0]), 16).header().client().isEmpty(), "AF_UNSPEC");
        var unix = v2(0x21, 0x31, new byte[216]);
        assertTrue(ProxyHeaderParser.parse(unix, unix.length).header().client().isEmpty(), "AF_UNIX");
    }

    @Test
    void malformedV2HeadersAreRefused() {
        var tcp4 = new byte[12];
        for (var header : new byte[][] {
            v2(0x11, 0x11, tcp4),                            // version 1 in the binary form
            v2(0x22, 0x11, tcp4),                            // command 2
            v2(0x21, 0x41, tcp4),                            // family 4
            v2(0x21, 0x12, tcp4),                            // UDP on a stream connection
            v2(0x21, 0x11, new byte[11]),                    // shorter than its addresses
            v2(0x21, 0x21, new byte[12]),                    // TCP6 needs 36
            v2(0x21, 0x11, concat(tcp4, new byte[] {1, 0})), // a TLV cut short
            v2(0x21, 0x11, concat(tcp4, new byte[] {1, 0, 5, 9}))}) { // a TLV longer than the header
            assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(header, header.length),
                    Arrays.toString(Arrays.copyOfRange(header, 12, 16)));
        }
        var huge = Arrays.copyOf(SIGNATURE, 16);
        huge[12] = 0x21;
        huge[13] = 0x11;
        huge[14] = (byte) 0xFF;
        huge[15] = (byte) 0xFF;
        var error = assertThrows(ProxyHeaderException.class, () -> ProxyHeaderParser.parse(huge, 16));
        assertTrue(error.getMessage().contains("more than 4096"), error.getMessage());
    }

    @Test
    void whatTheWriterWritesParsesBackToTheSameConnection() throws Exception {
        var pairs = new InetSocketAddress[][] {
            {new InetSocketAddress("203.0.113.7", 40001), new InetSocketAddress("10.0.0.1", 8080)},
            {new InetSocketAddress("2001:db8::7", 0), new InetSocketAddress("2001:db8::1", 65535)}};
        for (var pair : pairs) {
            for (var header : new byte[][] {ProxyHeaderWriter.v1(pair[0], pair[1]), ProxyHeaderWriter.v2(pair[0], pair[1])}) {
                var parsed = ProxyHeaderParser.parse(header, header.length);
                assertEquals(header.length, parsed.length());
                assertEquals(pair[0], parsed.header().source());
                assertEquals(pair[1], parsed.header().destination());
            }
        }
        var local = ProxyHeaderWriter.v2Local();
        assertEquals(ProxyHeader.Command.LOCAL, ProxyHeaderParser.parse(local, local.length).header().command());
        // One header has one family: an IPv4 address beside an IPv6 one goes IPv4-mapped, and reads back as IPv4.
        for (var mixed : new byte[][] {ProxyHeaderWriter.v1(pairs[0][0], pairs[1][1]), ProxyHeaderWriter.v2(pairs[0][0], pairs[1][1])}) {
            var parsed = ProxyHeaderParser.parse(mixed, mixed.length).header();
            assertEquals(pairs[0][0], parsed.source());
            assertEquals(pairs[1][1], parsed.destination());
        }
    }

    private static ProxyHeaderParser.Parsed parse(String text) throws ProxyHeaderException {
        var bytes = ascii(text);
        return ProxyHeaderParser.parse(bytes, bytes.length);
    }

    /** A v2 header: signature, version/command byte, family/protocol byte, length, block. */
    static byte[] v2(int versionCommand, int familyProtocol, byte[] block) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionCommand);
        out.write(familyProtocol);
        out.write(block.length >>> 8);
        out.write(block.length & 0xFF);
        out.writeBytes(block);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        var both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
