package dev.socketsuite.info;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.protocol.JsonText;
import dev.socketsuite.protocol.http.BackendPath;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpRequest;
import dev.socketsuite.protocol.http.HttpResponse;
import dev.socketsuite.protocol.http.HttpStatus;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.tls.Negotiated;

/**
 * What Kubernetes users reach for in a test backend, as httpbin and whoami answer it: a
 * status of their choosing ({@code /status/{code}}), a delay ({@code /delay/{duration}}), a
 * payload of a chosen size ({@code /bytes/{n}}), the headers and client address as this
 * backend saw them ({@code /headers}, {@code /ip}), and the whole request described back
 * ({@code /anything}, its body by length and SHA-256), and what a TLS handshake settled
 * ({@code /tls}: null on the plain port). None of them takes a visitor number.
 * Bounds: {@code http.max-delay} and {@code http.max-bytes}; past them, or on a malformed
 * value, {@code 400}.
 */
final class BackendRoutes {

    private static final int CHUNK = 16 * 1024;

    private final Duration maxDelay;
    private final int maxBytes;
    private final ClientAddress clients;

    BackendRoutes(Duration maxDelay, int maxBytes, ClientAddress clients) {
        this.maxDelay = maxDelay;
        this.maxBytes = maxBytes;
        this.clients = clients;
    }

    /** The response when {@code request}'s path is one of these endpoints, else null. */
    HttpResponse respond(HttpRequest request, Connection connection) {
        var path = request.path();
        if (path.startsWith("/status/")) {
            return status(request, path.substring("/status/".length()));
        }
        if (path.startsWith("/delay/")) {
            return delayOf(request)
                    .map(delay -> Views.facts(request, "Delayed", JsonText.fields("delay", DurationText.format(delay),
                            "method", request.method(), "path", path, "client", clients.of(request, connection))))
                    .orElseGet(() -> badRequest(request, "a delay is seconds (1.5) or a duration (500ms, 2s) up to "
                            + DurationText.format(maxDelay)));
        }
        if (path.startsWith("/bytes/")) {
            return bytes(request, path.substring("/bytes/".length()));
        }
        if (path.equals("/anything") || path.startsWith("/anything/")) {
            return Views.facts(request, "Anything", anything(request, connection));
        }
        return switch (path) {
            case "/headers" -> Views.facts(request, "Headers", JsonText.fields("headers", headers(request)));
            case "/ip" -> Views.facts(request, "Client address", JsonText.fields("origin", clients.of(request, connection)));
            case "/tls" -> Views.facts(request, "TLS", tls(connection));
            default -> null;
        };
    }

    /** How long to hold the response to {@code request}: its {@code /delay}, else none. */
    Duration holdFor(HttpRequest request) {
        return request.path().startsWith("/delay/") ? delayOf(request).orElse(Duration.ZERO) : Duration.ZERO;
    }

    /** The request as this backend saw it; the body by its length and digest, never its bytes. */
    private Map<String, Object> anything(HttpRequest request, Connection connection) {
        var body = new LinkedHashMap<String, Object>();
        body.put("length", request.bodyLength());
        body.put("sha256", request.bodySha256()); // the routes ask the reader to digest every body
        var fields = JsonText.fields("method", request.method(), "path", request.path(), "query", query(request),
                "headers", headers(request), "client", clients.of(request, connection), "body", body);
        fields.put("tls", Negotiated.fields(connection.tls()));
        return fields;
    }

    /** What the TLS handshake settled; {@code "tls": null} on the plain port. */
    private static Map<String, Object> tls(Connection connection) {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("tls", Negotiated.fields(connection.tls()));
        return fields;
    }

    private HttpResponse status(HttpRequest request, String code) {
        var parsed = BackendPath.status(code);
        if (parsed.isEmpty()) {
            return badRequest(request, "a status is a number from 200 to 599");
        }
        int status = parsed.getAsInt();
        var reason = StatusReasons.of(status);
        if (StatusReasons.bodyless(status)) {
            return new HttpResponse("HTTP/1.1", status, reason, new HttpHeaders(), new byte[0]);
        }
        return Views.facts(request, status, reason, JsonText.fields("status", status, "reason", reason));
    }

    /** The delay a {@code /delay/...} request asks for; empty when it is malformed or over the bound. */
    private Optional<Duration> delayOf(HttpRequest request) {
        return BackendPath.delay(request.path().substring("/delay/".length()), maxDelay);
    }

    private HttpResponse bytes(HttpRequest request, String count) {
        var size = BackendPath.size(count, maxBytes);
        if (size.isEmpty()) {
            return badRequest(request, "a size is 0 to " + maxBytes + " bytes (http.max-bytes)");
        }
        int n = size.getAsInt();
        var payload = new byte[n];
        ThreadLocalRandom.current().nextBytes(payload);
        var headers = new HttpHeaders().add("Content-Type", "application/octet-stream");
        if (!List.of(query(request).split("&")).contains("chunked=true")) {
            headers.add("Content-Length", String.valueOf(n));
            return new HttpResponse("HTTP/1.1", 200, "OK", headers, payload);
        }
        headers.add("Transfer-Encoding", "chunked");
        return new HttpResponse("HTTP/1.1", 200, "OK", headers, chunked(payload));
    }

    /** The payload in chunks of {@link #CHUNK} bytes, then the last chunk. */
    private static byte[] chunked(byte[] payload) {
        var out = new ByteArrayOutputStream(payload.length + 64);
        for (int at = 0; at < payload.length; at += CHUNK) {
            int size = Math.min(CHUNK, payload.length - at);
            out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(payload, at, size);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static HttpResponse badRequest(HttpRequest request, String detail) {
        var status = HttpStatus.BAD_REQUEST;
        return Views.facts(request, status.code(), status.reason(), JsonText.fields("status", status.code(), "error", detail));
    }

    static Map<String, Object> headers(HttpRequest request) {
        var headers = new LinkedHashMap<String, Object>();
        for (var field : request.headers().fields()) {
            headers.merge(field.name(), HttpReader.utf8(field.value()), (a, b) -> a + ", " + b);
        }
        return headers;
    }

    private static String query(HttpRequest request) {
        int at = request.target().indexOf('?');
        return at < 0 ? "" : request.target().substring(at + 1);
    }
}
