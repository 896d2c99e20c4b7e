package dev.socketsuite.protocol.http;

import java.nio.charset.StandardCharsets;

/**
 * A response: status, headers, body. As written by a server or as read by a client.
 *
 * @param version  {@code HTTP/1.1} when we write; as received when we read
 * @param code     status code
 * @param reason   reason phrase
 * @param headers  header fields, written as given
 * @param body     the body bytes
 */
public record HttpResponse(String version, int code, String reason, HttpHeaders headers, byte[] body) {

    /** A response to send, with Content-Type and Content-Length, in that order. */
    public static HttpResponse of(HttpStatus status, String contentType, String body) {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        var headers = new HttpHeaders()
                .add("Content-Type", contentType)
                .add("Content-Length", String.valueOf(bytes.length));
        return new HttpResponse("HTTP/1.1", status.code(), status.reason(), headers, bytes);
    }

    /** Adds a header; returns this for chaining. */
    public HttpResponse with(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
