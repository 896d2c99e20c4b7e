package dev.socketsuite.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpWriter;

/**
 * Any bytes on an HTTP connection, read as pipelined requests with small limits: each
 * request is well formed (token method, valid target, HTTP/1.x, token header names, never
 * Content-Length and Transfer-Encoding together, a body within its limit and as long as
 * Content-Length says), or reading stops with the parser's own HttpException carrying a
 * status, or with end of stream. What is accepted, written back by HttpWriter, reads back
 * the same, and it reads the same when the bytes arrive one at a time.
 */
class HttpRequestFuzzTest {

    private static final HttpLimits LIMITS = new HttpLimits(256, 1024, 16, 512);
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    @FuzzTest
    void readsRequestsOrRefusesWithAStatus(byte[] input) throws IOException {
        var whole = readAll(new ByteArrayInputStream(input), input.length);
        // Lines found whole in the buffer and lines pieced together byte by byte read the same.
        var trickled = readAll(new ByteArrayInputStream(input) {
            @Override
            public synchronized int read(byte[] bytes, int offset, int length) {
                return super.read(bytes, offset, Math.min(length, 1));
            }
        }, input.length);
        assertEquals(whole, trickled);
    }

    /** Each request read (checked), then how reading ended. */
    private static List<String> readAll(InputStream in, int inputLength) throws IOException {
        var reader = new HttpReader(in, LIMITS);
        var seen = new ArrayList<String>();
        // Every request consumes at least its request line: the loop ends with the input.
        for (int count = 0; count <= inputLength; count++) {
            HttpRequest request;
            try {
                request = reader.readRequest();
            } catch (HttpException refused) {
                assertNotNull(refused.status());
                assertTrue(refused.status().code() >= 400 && refused.status().code() < 600, refused.toString());
                seen.add("refused " + refused.status());
                return seen;
            } catch (EOFException cutShort) {
                seen.add("cut short");
                return seen;
            }
            if (request == null) {
                seen.add("end");
                return seen;
            }
            checkWellFormed(request);
            checkWritesBackTheSame(request);
            seen.add(request.method() + " " + request.target() + " " + request.version() + " "
                    + request.headers().fields() + " " + request.bodyLength());
        }
        throw new AssertionError("more requests than bytes");
    }

    private static void checkWellFormed(HttpRequest request) {
        assertTrue(TOKEN.matcher(request.method()).matches(), request.method());
        assertTrue(request.target().startsWith("/") || request.target().equals("*")
                || request.target().startsWith("http://") || request.target().startsWith("https://"), request.target());
        assertTrue(request.target().chars().allMatch(c -> c > 0x20 && c < 0x7f), request.target());
        assertTrue(request.version().equals("HTTP/1.1") || request.version().equals("HTTP/1.0"), request.version());
        assertTrue(request.headers().size() <= LIMITS.maxHeaderCount());
        for (var field : request.headers().fields()) {
            assertTrue(TOKEN.matcher(field.name()).matches(), field.name());
            assertTrue(field.value().chars().noneMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f), field.value());
        }
        var headers = request.headers();
        assertFalse(headers.contains("Content-Length") && headers.contains("Transfer-Encoding"),
                "Content-Length and Transfer-Encoding both accepted");
        assertTrue(request.bodyLength() >= 0 && request.bodyLength() <= LIMITS.maxBodyBytes());
        // Content-Length may come as a list of equal values ("5, 5"), in one field or several: each is the body's length.
        for (var field : headers.all("Content-Length")) {
            for (var length : field.split(",")) {
                assertEquals(Long.parseLong(length.strip()), request.bodyLength(), "body length differs from Content-Length");
            }
        }
    }

    /** Written back with a body of its length (no chunked framing), the request reads the same. */
    private static void checkWritesBackTheSame(HttpRequest request) throws IOException {
        var headers = new HttpHeaders();
        request.headers().fields().stream()
                .filter(f -> !f.name().equalsIgnoreCase("Transfer-Encoding") && !f.name().equalsIgnoreCase("Content-Length"))
                .forEach(f -> headers.add(f.name(), f.value()));
        var body = new byte[(int) request.bodyLength()];
        if (body.length > 0) {
            headers.add("Content-Length", String.valueOf(body.length));
        }
        var written = HttpWriter.request(request.method(), request.target(), headers, body);
        try {
            var again = new HttpReader(new ByteArrayInputStream(written), LIMITS).readRequest();
            assertEquals(request.method(), again.method());
            assertEquals(request.target(), again.target());
            assertEquals(request.bodyLength(), again.bodyLength());
            assertEquals(headers.fields(), again.headers().fields());
        } catch (HttpException e) {
            throw new AssertionError("an accepted request, written back, was refused: " + e.getMessage(), e);
        }
    }
}
