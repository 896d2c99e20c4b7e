package dev.socketsuite.protocol.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpReaderTest {

    private static final HttpLimits SMALL = new HttpLimits(64, 256, 8, 32);

    private static HttpReader reader(String wire, HttpLimits limits) {
        return new HttpReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), limits);
    }

    private static HttpStatus refusal(String wire) {
        return assertThrows(HttpException.class, () -> reader(wire, SMALL).readRequest()).status();
    }

    @Test
    void pipelinedRequestsLargerThanTheFirstReadBufferArriveIntact() throws Exception {
        // A small request, then one whose header and body span many reads as the buffer grows.
        var cookie = "c".repeat(5000);
        var wire = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
                + "POST /b HTTP/1.1\r\nHost: h\r\nCookie: " + cookie + "\r\nContent-Length: 20000\r\n\r\n" + "x".repeat(20000)
                + "GET /c HTTP/1.1\r\nHost: h\r\n\r\n";
        var limits = new HttpLimits(1024, 16 * 1024, 100, 1 << 20);
        var reader = reader(wire, limits);
        assertEquals("/a", reader.readRequest().path());
        var post = reader.readRequest();
        assertEquals("/b", post.path());
        assertEquals(cookie, post.headers().first("cookie").orElseThrow());
        assertEquals(20000, post.bodyLength());
        assertEquals("/c", reader.readRequest().path());
        assertNull(reader.readRequest());
    }

    @Test
    void readsARequestAsTheOriginClientsSendIt() throws Exception {
        var request = reader("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", SMALL).readRequest();
        assertEquals("GET", request.method());
        assertEquals("/", request.path());
        assertEquals("HTTP/1.1", request.version());
        assertEquals("localhost", request.headers().first("host").orElseThrow());
        assertFalse(request.keepAlive());
    }

    @Test
    void readsPipelinedRequestsAndDiscardsTheirBodies() throws Exception {
        var reader = reader("POST /a?x=1 HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n"
                + "HEAD /c HTTP/1.0\r\n\r\n", SMALL);
        var first = reader.readRequest();
        assertEquals("/a", first.path());
        assertEquals(5, first.bodyLength());
        var second = reader.readRequest();
        assertEquals("/b", second.path());
        assertEquals(5, second.bodyLength());
        var third = reader.readRequest();
        assertTrue(third.isHead());
        assertFalse(third.keepAlive(), "HTTP/1.0 closes unless asked");
        assertNull(reader.readRequest(), "clean end of stream between requests");
    }

    @Test
    void aRequestSplitIntoSingleBytesParsesTheSame() throws Exception {
        var wire = "GET /slow HTTP/1.1\r\nUser-Agent: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        InputStream trickle = new ByteArrayInputStream(wire) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        var request = new HttpReader(trickle, SMALL).readRequest();
        assertEquals("/slow", request.path());
        assertEquals("x", request.headers().first("User-Agent").orElseThrow());
    }

    @Test
    void acceptsBareLfLineEndingsAndLeadingEmptyLines() throws Exception {
        var request = reader("\r\n\nGET /lf HTTP/1.1\nHost: h\n\n", SMALL).readRequest();
        assertEquals("/lf", request.path());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "garbage|BAD_REQUEST",
        "GET /|BAD_REQUEST",
        "GET  / HTTP/1.1|BAD_REQUEST",
        "G(T / HTTP/1.1|BAD_REQUEST",
        "GET nopath HTTP/1.1|BAD_REQUEST",
        "GET / HTTP/x|BAD_REQUEST",
        "GET / HTTP/2.0|HTTP_VERSION_NOT_SUPPORTED",
    })
    void refusesMalformedRequestLines(String line, HttpStatus expected) {
        assertEquals(expected, refusal(line + "\r\n\r\n"));
    }

    @Test
    void refusesMalformedHeaders() {
        assertEquals(HttpStatus.BAD_REQUEST, refusal("GET / HTTP/1.1\r\nNo colon here\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("GET / HTTP/1.1\r\nA: \u0001\r\n\r\n"));
    }

    @Test
    void eachBoundHasItsStatus() {
        assertEquals(HttpStatus.URI_TOO_LONG, refusal("GET /" + "a".repeat(100) + " HTTP/1.1\r\n\r\n"));
        assertEquals(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                refusal("GET / HTTP/1.1\r\nA: " + "b".repeat(300) + "\r\n\r\n"));
        assertEquals(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                refusal("GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(9) + "\r\n"));
        assertEquals(HttpStatus.CONTENT_TOO_LARGE, refusal("POST / HTTP/1.1\r\nContent-Length: 33\r\n\r\n"));
        assertEquals(HttpStatus.CONTENT_TOO_LARGE,
                refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n21\r\n" + "x".repeat(33) + "\r\n0\r\n\r\n"));
    }

    @Test
    void refusesAmbiguousBodyFraming() {
        assertEquals(HttpStatus.BAD_REQUEST,
                refusal("POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST, refusal("POST / HTTP/1.1\r\nContent-Length: 1e3\r\n\r\n"));
        assertEquals(HttpStatus.NOT_IMPLEMENTED, refusal("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST,
                refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"));
        assertEquals(HttpStatus.BAD_REQUEST,
                refusal("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n0\r\n\r\n"));
    }

    @Test
    void repeatedIdenticalContentLengthIsOneLength() throws Exception {
        var request = reader("POST / HTTP/1.1\r\nContent-Length: 2, 2\r\n\r\nok", SMALL).readRequest();
        assertEquals(2, request.bodyLength());
    }

    @Test
    void aPeerClosingMidRequestIsEndOfStreamNotARequest() {
        assertThrows(EOFException.class, () -> reader("GET / HTTP/1.1\r\nHost:", SMALL).readRequest());
        assertThrows(EOFException.class,
                () -> reader("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", SMALL).readRequest());
    }

    @Test
    void readsResponsesWithEveryFraming() throws IOException, HttpException {
        var reader = reader("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nrunning"
                + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nnope\r\n0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n"
                + "HTTP/1.0 200 OK\r\n\r\nuntil close", HttpLimits.DEFAULT);
        var first = reader.readResponse(false);
        assertEquals(200, first.code());
        assertEquals("running", first.bodyText());
        var second = reader.readResponse(false);
        assertEquals(404, second.code());
        assertEquals("Not Found", second.reason());
        assertEquals("nope", second.bodyText());
        assertArrayEquals(new byte[0], reader.readResponse(true).body(), "a HEAD answer has no body");
        assertEquals("until close", reader.readResponse(false).bodyText());
    }
}
