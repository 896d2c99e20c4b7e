package dev.socketsuite.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ForwardedForTest {

    @Test
    void xForwardedForListsTheHopsClientFirstAcrossRepeatedFields() throws Exception {
        var headers = new HttpHeaders()
                .add("X-Forwarded-For", "203.0.113.7, 198.51.100.2:4711")
                .add("X-Forwarded-For", "[2001:db8::5]:80,unknown");
        assertEquals(List.of(hop("203.0.113.7"), hop("198.51.100.2"), hop("2001:db8::5"), Optional.empty()),
                ForwardedFor.chain(headers));
    }

    @Test
    void forwardedFromRfc7239WinsOverXForwardedFor() throws Exception {
        var headers = new HttpHeaders()
                .add("X-Forwarded-For", "192.0.2.99")
                .add("Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43")
                .add("Forwarded", "For=\"[2001:db8:cafe::17]:4711\", for=_hidden, for=unknown;proto=https");
        assertEquals(List.of(hop("192.0.2.60"), hop("2001:db8:cafe::17"), Optional.empty(), Optional.empty()),
                ForwardedFor.chain(headers));
        assertEquals(List.of(Optional.empty()), ForwardedFor.chain(new HttpHeaders().add("Forwarded", "proto=https")),
                "an element without for= is a hop that hides itself");
    }

    @Test
    void aMalformedForwardedHeaderClaimsNothing() {
        for (var value : new String[] {"for=\"192.0.2.1", "for", "=192.0.2.1", "for=192.0.2.1;;", "for=\"x"}) {
            assertEquals(List.of(), ForwardedFor.chain(new HttpHeaders().add("Forwarded", value)), value);
        }
        assertEquals(List.of(), ForwardedFor.chain(new HttpHeaders()));
    }

    @Test
    void namesAreNeverResolved() {
        assertEquals(List.of(Optional.empty(), Optional.empty()),
                ForwardedFor.chain(new HttpHeaders().add("X-Forwarded-For", "localhost, example.com")));
    }

    private static Optional<InetAddress> hop(String literal) throws Exception {
        return Optional.of(InetAddress.getByName(literal));
    }
}
