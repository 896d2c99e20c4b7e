package dev.socketsuite.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AcceptHeaderTest {

    private static AcceptHeader accept(String... values) {
        var headers = new HttpHeaders();
        for (var value : values) {
            headers.add("Accept", value);
        }
        return AcceptHeader.of(new HttpRequest("GET", "/", "HTTP/1.1", headers, 0));
    }

    @Test
    void theMostSpecificRangeGivesTheWeight() {
        var browser = accept("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertEquals(1.0, browser.weight("text/html"));
        assertEquals(0.8, browser.weight("application/json"));
        assertTrue(browser.prefers("text/html", "application/json"));
        var byType = accept("text/*;q=0.3, text/html;q=0.7, */*;q=0.1");
        assertEquals(0.7, byType.weight("text/html"));
        assertEquals(0.3, byType.weight("text/plain"));
        assertEquals(0.1, byType.weight("image/png"));
    }

    @Test
    void noAcceptOrAnythingIsATieThatGoesToTheFallback() {
        assertEquals(1.0, accept().weight("text/html"));
        assertFalse(accept().prefers("text/html", "application/json"));
        assertFalse(accept("*/*").prefers("text/html", "application/json"));
        assertFalse(accept("application/json, text/html").prefers("text/html", "application/json"));
    }

    @Test
    void aRangeWeighedZeroOrNotListedIsNotWanted() {
        assertEquals(0.0, accept("text/html;q=0, */*").weight("text/html"));
        assertEquals(0.0, accept("application/json").weight("text/html"));
        assertFalse(accept("text/plain").prefers("text/html", "application/json"));
    }

    @Test
    void fieldsAreCombinedAndCaseAndSpacesDoNotMatter() {
        var split = accept("application/json;q=0.5", " TEXT/HTML ; Q=0.9 ");
        assertEquals(0.9, split.weight("text/html"));
        assertTrue(split.prefers("text/html", "application/json"));
    }

    @Test
    void malformedRangesAndWeightsAreSkipped() {
        var bad = accept("text/html;q=2, text/html;q=bogus, */html, html, /, text/, ;q=1, application/json;q=0.4");
        assertEquals(0.0, bad.weight("text/html"));
        assertEquals(0.4, bad.weight("application/json"));
        assertEquals(0.0, accept("").weight("text/html"));
        assertEquals(0.5, accept("text/html;q=0.5;level=1").weight("text/html"));
    }
}
