package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.socketsuite.protocol.proxy.ProxyHeader;
import dev.socketsuite.protocol.proxy.ProxyHeaderException;
import dev.socketsuite.protocol.proxy.ProxyHeaderParser;
import dev.socketsuite.protocol.proxy.ProxyHeaderWriter;

/**
 * Any first bytes of a connection: the PROXY parser asks for more (only while a header could
 * still fit its bounds), returns a header no longer than the input, or refuses with its own
 * exception. A header found is found again in its own bytes, and written back it parses the same.
 */
class ProxyHeaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefusesWithinItsBounds(byte[] input) throws ProxyHeaderException {
        ProxyHeaderParser.Parsed parsed;
        try {
            parsed = ProxyHeaderParser.parse(input, input.length);
        } catch (ProxyHeaderException refused) {
            return;
        }
        if (parsed == null) {
            assertTrue(input.length < ProxyHeaderParser.MAX_V2_LENGTH, "asked for more past every bound");
            assertTrue(input.length == 0 || input[0] != 'P' || input.length < ProxyHeaderParser.MAX_V1_LENGTH,
                    "asked for more past the v1 bound");
            return;
        }
        var header = parsed.header();
        assertTrue(parsed.length() > 0 && parsed.length() <= input.length);
        assertTrue(parsed.length() <= (header.version() == 1 ? ProxyHeaderParser.MAX_V1_LENGTH : ProxyHeaderParser.MAX_V2_LENGTH));
        assertEquals(parsed, ProxyHeaderParser.parse(Arrays.copyOf(input, parsed.length()), parsed.length()),
                "the header depends on bytes after it");
        if (header.source() != null && header.command() == ProxyHeader.Command.PROXY) {
            for (var written : new byte[][] {ProxyHeaderWriter.v1(header.source(), header.destination()),
                ProxyHeaderWriter.v2(header.source(), header.destination())}) {
                var again = ProxyHeaderParser.parse(written, written.length).header();
                assertEquals(header.source(), again.source());
                assertEquals(header.destination(), again.destination());
            }
        }
    }
}
