package dev.socketsuite.protocol.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class TlsFingerprintsTest {

    /** The ClientHello of JA4's own example (FoxIO's README), with GREASE a browser adds. */
    private static byte[] browserHello() {
        return new ClientHelloBytes()
                .ciphers(0x2a2a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014,
                        0x009c, 0x009d, 0x002f, 0x0035)
                .extension(0x3a3a, new byte[0])
                .serverName("example.com")
                .extension(0x0017, new byte[0])
                .extension(0xff01, new byte[] {0})
                .list16(0x000a, 0x4a4a, 0x001d, 0x0017, 0x0018)
                .pointFormats(0)
                .extension(0x0023, new byte[0])
                .alpn(List.of("h2", "http/1.1"))
                .extension(0x0005, new byte[] {1, 0, 0, 0, 0})
                .list16(0x000d, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601)
                .extension(0x0012, new byte[0])
                .extension(0x0033, new byte[] {0, 0})
                .extension(0x002d, new byte[] {1, 1})
                .supportedVersions(0x5a5a, 0x0304, 0x0303)
                .extension(0x001b, new byte[] {2, 0, 2})
                .extension(0x4469, new byte[] {0, 3, 2, 'h', '2'})
                .extension(0x0015, new byte[8])
                .record();
    }

    @Test
    void ja4MatchesTheSpecificationsExample() throws Exception {
        var hello = ClientHello.parse(browserHello(), browserHello().length);
        assertEquals("t13d1516h2_8daaf6152771_e5627efa2ab1", TlsFingerprints.ja4(hello));
    }

    @Test
    void ja3ListsTheFieldsInOrderWithoutGrease() throws Exception {
        var hello = ClientHello.parse(browserHello(), browserHello().length);
        assertEquals("771,4865-4866-4867-49195-49199-49196-49200-52393-52392-49171-49172-156-157-47-53,"
                + "0-23-65281-10-11-35-16-5-13-18-51-45-43-27-17513-21,29-23-24,0", TlsFingerprints.ja3Text(hello));
        assertEquals(32, TlsFingerprints.ja3(hello).length());
        assertEquals("example.com", hello.serverName());
        assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    }

    @Test
    void aHelloWithoutSniAlpnOrExtensionsFillsJa4sBlanks() throws Exception {
        var bare = new ClientHelloBytes().ciphers(0x002f).record();
        // ba72b8082249: the first 12 hex digits of SHA-256("002f"), worked out apart from this code.
        assertEquals("t12i010000_ba72b8082249_000000000000", TlsFingerprints.ja4(ClientHello.parse(bare, bare.length)));
        var oddAlpn = new ClientHelloBytes().alpn(List.of("\u0001x/")).record();
        assertEquals("t12i0101" + "0f", TlsFingerprints.ja4(ClientHello.parse(oddAlpn, oddAlpn.length)).substring(0, 10));
    }

    @Test
    void aHelloCutShortOrNotAHelloIsMalformed() {
        var hello = browserHello();
        for (int cut : new int[] {0, 4, 5, 40, hello.length - 1}) {
            assertThrows(ClientHello.Malformed.class, () -> ClientHello.parse(Arrays.copyOf(hello, cut), cut), "cut at " + cut);
        }
        var plain = "GET / HTTP/1.1\r\n\r\n".getBytes();
        assertThrows(ClientHello.Malformed.class, () -> ClientHello.parse(plain, plain.length));
        assertEquals(hello.length, ClientHello.recordLength(hello, 5));
    }
}
