package dev.socketsuite.protocol.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Writes HTTP/1.1 messages: responses for servers, request heads for clients. */
public final class HttpWriter {

    private HttpWriter() {
    }

    /**
     * Writes a response in one write: status line, its headers as given, then the body
     * unless {@code withBody} is false (answers to HEAD keep the headers of GET).
     */
    public static void write(OutputStream out, HttpResponse response, boolean withBody) throws IOException {
        var bytes = new ByteArrayOutputStream(256 + response.body().length);
        ascii(bytes, response.version() + " " + response.code() + " " + response.reason() + "\r\n");
        for (var field : response.headers().fields()) {
            ascii(bytes, field.name() + ": " + field.value() + "\r\n");
        }
        ascii(bytes, "\r\n");
        if (withBody) {
            bytes.write(response.body());
        }
        out.write(bytes.toByteArray());
        out.flush();
    }

    /** The bytes of a request with an optional body; adds Content-Length when there is a body. */
    public static byte[] request(String method, String target, HttpHeaders headers, byte[] body) {
        var bytes = new ByteArrayOutputStream();
        ascii(bytes, method + " " + target + " HTTP/1.1\r\n");
        for (var field : headers.fields()) {
            ascii(bytes, field.name() + ": " + field.value() + "\r\n");
        }
        if (body.length > 0 && !headers.contains("Content-Length")) {
            ascii(bytes, "Content-Length: " + body.length + "\r\n");
        }
        ascii(bytes, "\r\n");
        bytes.writeBytes(body);
        return bytes.toByteArray();
    }

    /**
     * Writes one char per octet, the inverse of {@link HttpReader}, which reads field bytes as
     * ISO-8859-1 chars, so a message read and written again keeps its bytes (obs-text too).
     * A char past U+00FF cannot be an octet and goes out as UTF-8 rather than be dropped.
     */
    private static void ascii(ByteArrayOutputStream out, String text) {
        boolean octets = text.chars().allMatch(c -> c <= 0xFF);
        out.writeBytes(text.getBytes(octets ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }
}
