package dev.socketsuite.protocol.http;

/**
 * A parsed request head. The body has been read off the wire (so the next pipelined
 * request can follow) and is described only by its length and, when the reader was asked
 * to ({@link HttpReader#digestBodies()}), its SHA-256.
 *
 * @param method     the method token, case as sent
 * @param target     the request target as sent, e.g. {@code /hello?x=1}
 * @param version    {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param headers    the header fields
 * @param bodyLength bytes of body read and discarded
 * @param bodySha256 the body's SHA-256 in lower-case hex, or null when bodies are not digested
 */
public record HttpRequest(String method, String target, String version, HttpHeaders headers, long bodyLength,
                          String bodySha256) {

    /** A request whose body was not digested. */
    public HttpRequest(String method, String target, String version, HttpHeaders headers, long bodyLength) {
        this(method, target, version, headers, bodyLength, null);
    }

    /** The target without its query. */
    public String path() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /** Whether the peer allows another request on this connection, by version and {@code Connection}. */
    public boolean keepAlive() {
        if (headers.hasToken("Connection", "close")) {
            return false;
        }
        return "HTTP/1.1".equals(version) || headers.hasToken("Connection", "keep-alive");
    }

    /** True for {@code HEAD}: the response carries headers only. */
    public boolean isHead() {
        return "HEAD".equals(method);
    }
}
