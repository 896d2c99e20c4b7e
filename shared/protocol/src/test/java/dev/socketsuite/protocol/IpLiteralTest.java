package dev.socketsuite.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

    @Test
    void readsLiteralsOfBothFamilies() throws Exception {
        assertEquals(InetAddress.getByName("192.0.2.1"), IpLiteral.parse("192.0.2.1").orElseThrow());
        assertEquals(InetAddress.getByName("0.0.0.0"), IpLiteral.parse("0.0.0.0").orElseThrow());
        assertEquals(InetAddress.getByName("2001:db8::1"), IpLiteral.parse("2001:DB8::1").orElseThrow());
        assertEquals(InetAddress.getByName("192.0.2.1"), IpLiteral.parse("::ffff:192.0.2.1").orElseThrow());
    }

    @Test
    void neverANameNeverAZoneNeverAmbiguous() {
        for (var text : new String[] {"", "localhost", "example.com", "256.0.0.1", "01.2.3.4", "1.2.3", "1.2.3.4.5",
            "1.2.3.-4", " 1.2.3.4", "fe80::1%eth0", ":::", "1:2", "[::1]", "::1 ", "g::1", "1.2.3.4:80"}) {
            assertTrue(IpLiteral.parse(text).isEmpty(), text);
        }
    }
}
