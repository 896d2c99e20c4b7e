package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.mutation.annotation.NotNull;
import dev.socketsuite.protocol.IpLiteral;
import dev.socketsuite.protocol.http.ForwardedFor;
import dev.socketsuite.protocol.http.HttpHeaders;

/**
 * Any forwarding headers: reading the chain never throws, never resolves a name (every
 * address it claims is a literal that reads back to itself), and yields no more hops than
 * the headers have list elements.
 */
class ForwardedForFuzzTest {

    @FuzzTest
    void readsOnlyLiteralsAndNeverMoreHopsThanElements(@NotNull String forwarded, @NotNull String xForwardedFor,
                                                       boolean withForwarded) {
        var headers = new HttpHeaders().add("X-Forwarded-For", xForwardedFor);
        if (withForwarded) {
            headers.add("Forwarded", forwarded);
        }
        var chain = ForwardedFor.chain(headers);
        var source = withForwarded ? forwarded : xForwardedFor;
        assertTrue(chain.size() <= source.chars().filter(c -> c == ',').count() + 1, chain + " from " + source);
        for (var hop : chain) {
            hop.ifPresent(address -> assertEquals(address, IpLiteral.parse(address.getHostAddress()).orElseThrow(),
                    "not a literal: " + address));
        }
    }
}
