package dev.socketsuite.protocol.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes HTTP/1.1 messages: responses for servers, request heads for clients. */
public final class HttpWriter {

    private static final byte[] NO_BODY = new byte[0];

    private HttpWriter() {
    }

    /**
     * Writes a response in one write: status line, its headers as given, then the body
     * unless {@code withBody} is false (answers to HEAD keep the headers of GET).
     */
    public static void write(OutputStream out, HttpResponse response, boolean withBody) throws IOException {
        var startLine = response.version() + " " + response.code() + " " + response.reason();
        out.write(message(head(startLine, response.headers(), -1), withBody ? response.body() : NO_BODY));
        out.flush();
    }

    /** The bytes of a request with an optional body; adds Content-Length when there is a body. */
    public static byte[] request(String method, String target, HttpHeaders headers, byte[] body) {
        int contentLength = body.length > 0 && !headers.contains("Content-Length") ? body.length : -1;
        return message(head(method + " " + target + " HTTP/1.1", headers, contentLength), body);
    }

    /** The start line and the fields, with a Content-Length field added unless {@code contentLength} is -1. */
    private static byte[] head(String startLine, HttpHeaders headers, int contentLength) {
        var text = new StringBuilder(256).append(startLine).append("\r\n");
        for (var field : headers.view()) {
            text.append(field.name()).append(": ").append(field.value()).append("\r\n");
        }
        if (contentLength >= 0) {
            text.append("Content-Length: ").append(contentLength).append("\r\n");
        }
        return octets(text.append("\r\n"));
    }

    /**
     * One char per octet, the inverse of {@link HttpReader}, which reads field bytes as
     * ISO-8859-1 chars, so a message read and written again keeps its bytes (obs-text too).
     * A char past U+00FF cannot be an octet: a head holding one goes out as UTF-8 rather
     * than lose it.
     */
    private static byte[] octets(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return text.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
        return text.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] message(byte[] head, byte[] body) {
        var message = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, message, head.length, body.length);
        return message;
    }
}
