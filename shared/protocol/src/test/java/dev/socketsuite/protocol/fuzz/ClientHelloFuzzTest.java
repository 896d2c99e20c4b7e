package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.socketsuite.protocol.tls.ClientHello;
import dev.socketsuite.protocol.tls.TlsFingerprints;

/**
 * Any first record of a connection on a TLS port: the ClientHello parser reads it or calls it
 * malformed, never anything else, and the fingerprints of whatever it read are well formed:
 * JA3 32 hex digits, JA4 its three parts of 10 and 12 and 12 characters.
 */
class ClientHelloFuzzTest {

    private static final String NOTHING = "000000000000";
    private static final int SNI = 0x0000;
    private static final int ALPN = 0x0010;

    @FuzzTest
    void parsesOrRefusesAndFingerprintsAreWellFormed(byte @NotNull [] input) {
        ClientHello hello;
        try {
            hello = ClientHello.parse(input, input.length);
        } catch (ClientHello.Malformed e) {
            return;
        }
        assertTrue(TlsFingerprints.ja3(hello).matches("[0-9a-f]{32}"), TlsFingerprints.ja3(hello));
        var ja4 = TlsFingerprints.ja4(hello);
        assertTrue(ja4.matches("t[0-9s][0-9][di][0-9]{4}[0-9a-zA-Z]{2}_[0-9a-f]{12}_[0-9a-f]{12}"), ja4);
        // A part is all zeros exactly when nothing is left to hash once GREASE (and, for the
        // extensions, SNI and ALPN) is left out, as JA4 says.
        var parts = ja4.split("_");
        assertEquals(hello.cipherSuites().stream().allMatch(ClientHello::grease), parts[1].equals(NOTHING), ja4);
        assertEquals(hello.extensions().stream().allMatch(type -> ClientHello.grease(type) || type == SNI || type == ALPN),
                parts[2].equals(NOTHING), ja4);
    }
}
