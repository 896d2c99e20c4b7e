package dev.socketsuite.protocol.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class HttpWriterTest {

    @Test
    void writesTheOriginDocumentsResponseByteForByte() throws Exception {
        var out = new ByteArrayOutputStream();
        HttpWriter.write(out, HttpResponse.of(HttpStatus.OK, "text/plain", "running").with("Connection", "close"), true);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\nConnection: close\r\n\r\nrunning",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void headKeepsTheHeadersAndDropsTheBody() throws Exception {
        var out = new ByteArrayOutputStream();
        HttpWriter.write(out, HttpResponse.of(HttpStatus.OK, "text/plain", "running"), false);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 7\r\n\r\n",
                out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWrittenRequestReadsBackThroughTheParser() throws Exception {
        var bytes = HttpWriter.request("POST", "/x", new HttpHeaders().add("Host", "h"),
                "body".getBytes(StandardCharsets.UTF_8));
        var request = new HttpReader(new ByteArrayInputStream(bytes), HttpLimits.DEFAULT).readRequest();
        assertEquals("POST", request.method());
        assertEquals(4, request.bodyLength());
        assertEquals("h", request.headers().first("Host").orElseThrow());
    }

    @Test
    void fieldOctetsReadAreWrittenBackUnchanged() throws Exception {
        // Found by fuzzing: an obs-text byte (0xBD) read as one char was written back as two UTF-8 bytes.
        var raw = "GET / HTTP/1.1\r\nConnection: kee\u00bd-alive\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        var request = new HttpReader(new java.io.ByteArrayInputStream(raw), HttpLimits.DEFAULT).readRequest();
        var written = HttpWriter.request(request.method(), request.target(), request.headers(), new byte[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(raw, written);
    }
}
