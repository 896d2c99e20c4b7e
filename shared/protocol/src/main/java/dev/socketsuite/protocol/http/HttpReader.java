package dev.socketsuite.protocol.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads HTTP/1.x messages from a byte stream, strictly and within {@link HttpLimits}.
 * Requests for servers, responses for clients: one parser for both sides.
 *
 * <p>It buffers what it reads past the current message, so pipelined requests are read
 * one after another from the same reader. It blocks on the stream and holds no timer:
 * the caller bounds the wait (the runtime's connection deadline does that for servers).
 * One reader per connection, used by one thread.
 */
public final class HttpReader {

    /** The characters of a token (RFC 9110 tchar) besides letters and digits. */
    private static final String TOKEN_SYMBOLS = "!#$%&'*+-.^_`|~";
    private static final Pattern STATUS_LINE = Pattern.compile("(HTTP/\\d\\.\\d) (\\d{3})(?: (.*))?");
    private static final int MAX_LEADING_EMPTY_LINES = 8;
    private static final int MAX_CHUNK_LINE = 1024;

    private final InputStream in;
    private final HttpLimits limits;
    /**
     * Small at first, as an idle keep-alive connection waits in a read holding this buffer:
     * a typical request of a load tool or script fits, a browser's makes it grow once.
     */
    private static final int FIRST_BUFFER = 128;
    private static final int MAX_BUFFER = 8192;

    private byte[] buffer = new byte[FIRST_BUFFER];
    private int position;
    private int end;
    private boolean started;
    private Runnable onMessageStart = () -> { };
    private boolean digestBodies;
    /** The digest of the request body being read, or null when bodies are not digested. */
    private MessageDigest bodyDigest;

    public HttpReader(InputStream in, HttpLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * Runs {@code action} when the first byte of each message arrives, so a server can
     * start a request timer then, and leave idle keep-alive connections to the idle timeout.
     */
    public HttpReader onMessageStart(Runnable action) {
        this.onMessageStart = action;
        return this;
    }

    /**
     * Computes the SHA-256 of each request body as it is read and dropped
     * ({@link HttpRequest#bodySha256()}), for a server that shows it back.
     */
    public HttpReader digestBodies() {
        this.digestBodies = true;
        return this;
    }

    /**
     * Reads the next request and discards its body.
     *
     * @return the request, or {@code null} when the peer closed before sending another one
     * @throws HttpException the request breaks the protocol or a limit; answer with its status and close
     * @throws EOFException  the peer closed in the middle of a request
     */
    public HttpRequest readRequest() throws IOException, HttpException {
        started = false;
        var line = readStartLine();
        if (line == null) {
            return null;
        }
        var parts = line.split(" ", -1);
        if (parts.length != 3) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "request line is not METHOD SP TARGET SP VERSION");
        }
        var method = parts[0];
        var target = parts[1];
        if (!isToken(method, 0, method.length())) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid method");
        }
        if (!validTarget(target)) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid request target");
        }
        var version = checkVersion(parts[2]);
        var headers = readHeaders(limits.maxHeaderBytes());
        bodyDigest = digestBodies ? sha256() : null;
        long bodyLength = readBody(headers, null);
        var sha256 = bodyDigest == null ? null : HexFormat.of().formatHex(bodyDigest.digest());
        bodyDigest = null;
        return new HttpRequest(method, target, version, headers, bodyLength, sha256);
    }

    /**
     * Reads the next response and keeps its body.
     *
     * @param toHead true when it answers a HEAD request, so it has no body whatever its headers say
     */
    public HttpResponse readResponse(boolean toHead) throws IOException, HttpException {
        started = false;
        var line = readStartLine();
        if (line == null) {
            throw new EOFException("connection closed before a response");
        }
        var matcher = STATUS_LINE.matcher(line);
        if (!matcher.matches()) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid status line: " + line);
        }
        int code = Integer.parseInt(matcher.group(2));
        var headers = readHeaders(limits.maxHeaderBytes());
        var body = new ByteArrayOutputStream();
        boolean bodiless = toHead || code / 100 == 1 || code == 204 || code == 304;
        if (!bodiless) {
            if (headers.contains("Transfer-Encoding") || headers.contains("Content-Length")) {
                readBody(headers, body);
            } else {
                readToEnd(body);
            }
        }
        var reason = matcher.group(3) == null ? "" : matcher.group(3);
        return new HttpResponse(matcher.group(1), code, reason, headers, body.toByteArray());
    }

    /**
     * Bytes read from the stream past the message just read: the start of the next one. A
     * reader over bytes already received tells by this where the next message begins.
     */
    public int buffered() {
        return end - position;
    }

    private String readStartLine() throws IOException, HttpException {
        for (int skipped = 0; skipped <= MAX_LEADING_EMPTY_LINES; skipped++) {
            var line = readLine(limits.maxRequestLine(), HttpStatus.URI_TOO_LONG, true);
            if (line == null || !line.isEmpty()) {
                return line;
            }
        }
        throw new HttpException(HttpStatus.BAD_REQUEST, "too many empty lines before the request");
    }

    private static boolean validTarget(String target) {
        if (target.isEmpty()) {
            return false;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return target.startsWith("/") || target.equals("*") || target.startsWith("http://")
                || target.startsWith("https://");
    }

    /** {@code HTTP/d.d}; checked by hand, as this and the header checks run for every request. */
    private static String checkVersion(String version) throws HttpException {
        if (version.length() != 8 || !version.startsWith("HTTP/") || !isDigit(version.charAt(5))
                || version.charAt(6) != '.' || !isDigit(version.charAt(7))) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid HTTP version");
        }
        if (version.charAt(5) != '1') {
            throw new HttpException(HttpStatus.HTTP_VERSION_NOT_SUPPORTED, "only HTTP/1.x is served here");
        }
        return version.charAt(7) == '0' ? "HTTP/1.0" : "HTTP/1.1";
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** True when {@code text[from..to)} is a non-empty token. */
    private static boolean isToken(String text, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            boolean alphanumeric = isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (!alphanumeric && TOKEN_SYMBOLS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private HttpHeaders readHeaders(int budget) throws IOException, HttpException {
        var headers = new HttpHeaders();
        int used = 0;
        while (true) {
            var line = readLine(budget - used, HttpStatus.HEADER_FIELDS_TOO_LARGE, false);
            used += line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            if (headers.size() >= limits.maxHeaderCount()) {
                throw new HttpException(HttpStatus.HEADER_FIELDS_TOO_LARGE,
                        "more than " + limits.maxHeaderCount() + " header fields");
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new HttpException(HttpStatus.BAD_REQUEST, "folded header lines are not accepted");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, 0, colon)) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "malformed header field");
            }
            var value = line.substring(colon + 1).strip();
            if (hasControl(value)) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "control character in a header value");
            }
            headers.add(line.substring(0, colon), value);
        }
    }

    /** Reads the body as its headers frame it; keeps it in {@code sink} unless sink is null. */
    private long readBody(HttpHeaders headers, ByteArrayOutputStream sink) throws IOException, HttpException {
        var codings = headers.all("Transfer-Encoding");
        var lengths = headers.all("Content-Length");
        if (!codings.isEmpty() && !lengths.isEmpty()) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "both Content-Length and Transfer-Encoding");
        }
        if (!codings.isEmpty()) {
            checkChunkedOnly(codings);
            return readChunked(sink);
        }
        if (lengths.isEmpty()) {
            return 0;
        }
        long length = contentLength(lengths);
        if (length > limits.maxBodyBytes()) {
            throw new HttpException(HttpStatus.CONTENT_TOO_LARGE,
                    "body of " + length + " bytes, limit " + limits.maxBodyBytes());
        }
        transfer(length, sink);
        return length;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void checkChunkedOnly(List<String> codings) throws HttpException {
        var all = codings.stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(c -> c.strip().toLowerCase(Locale.ROOT)).filter(c -> !c.isEmpty()).toList();
        if (all.isEmpty()) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "empty Transfer-Encoding");
        }
        if (!all.equals(List.of("chunked"))) {
            throw new HttpException(HttpStatus.NOT_IMPLEMENTED, "transfer coding not supported: " + String.join(", ", all));
        }
    }

    private static long contentLength(List<String> values) throws HttpException {
        var distinct = values.stream().flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(String::strip).distinct().toList();
        if (distinct.size() != 1 || !distinct.getFirst().matches("\\d{1,18}")) {
            throw new HttpException(HttpStatus.BAD_REQUEST, "invalid Content-Length");
        }
        return Long.parseLong(distinct.getFirst());
    }

    private long readChunked(ByteArrayOutputStream sink) throws IOException, HttpException {
        long total = 0;
        while (true) {
            var line = readLine(MAX_CHUNK_LINE, HttpStatus.BAD_REQUEST, false);
            int extension = line.indexOf(';');
            var hex = (extension < 0 ? line : line.substring(0, extension)).strip();
            if (!hex.matches("[0-9A-Fa-f]{1,15}")) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "invalid chunk size");
            }
            long size = Long.parseLong(hex, 16);
            if (size == 0) {
                readHeaders(limits.maxHeaderBytes()); // trailer fields, read and dropped
                return total;
            }
            total += size;
            if (total > limits.maxBodyBytes()) {
                throw new HttpException(HttpStatus.CONTENT_TOO_LARGE,
                        "chunked body over the limit of " + limits.maxBodyBytes() + " bytes");
            }
            transfer(size, sink);
            if (!readLine(2, HttpStatus.BAD_REQUEST, false).isEmpty()) {
                throw new HttpException(HttpStatus.BAD_REQUEST, "chunk data longer than its size");
            }
        }
    }

    private void transfer(long length, ByteArrayOutputStream sink) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (position == end && !fill()) {
                throw new EOFException("connection closed inside a body");
            }
            int count = (int) Math.min(remaining, end - position);
            if (sink != null) {
                sink.write(buffer, position, count);
            }
            if (bodyDigest != null) {
                bodyDigest.update(buffer, position, count);
            }
            position += count;
            remaining -= count;
        }
    }

    private void readToEnd(ByteArrayOutputStream sink) throws IOException, HttpException {
        while (position < end || fill()) {
            if (sink.size() + (end - position) > limits.maxBodyBytes()) {
                throw new HttpException(HttpStatus.CONTENT_TOO_LARGE, "body over " + limits.maxBodyBytes() + " bytes");
            }
            sink.write(buffer, position, end - position);
            position = end;
        }
    }

    /**
     * One line without its terminator (CRLF, or a bare LF, which RFC 9112 lets a recipient
     * accept). A CR anywhere else is refused: it is how request smuggling starts.
     *
     * @return null only when {@code eofAllowed} and the stream ended before any byte
     */
    private String readLine(int max, HttpStatus overflow, boolean eofAllowed) throws IOException, HttpException {
        var whole = lineInBuffer(max, overflow);
        if (whole != null) {
            return whole;
        }
        var line = new StringBuilder();
        while (true) {
            if (position == end && !fill()) {
                if (eofAllowed && line.isEmpty()) {
                    return null;
                }
                throw new EOFException("connection closed inside a message head");
            }
            noteMessageStart();
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                if (line.indexOf("\r") >= 0) {
                    throw new HttpException(HttpStatus.BAD_REQUEST, "bare CR in a message head");
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw tooLong(max, overflow);
            }
            // ISO-8859-1: one char per byte, so lengths are byte counts; values are opaque bytes.
            line.append((char) (b & 0xff));
        }
    }

    /**
     * The usual case, read without copying byte by byte: the whole line is already in the
     * buffer. Null when it is not (nothing buffered, or the line goes on past the buffer).
     */
    private String lineInBuffer(int max, HttpStatus overflow) throws HttpException {
        if (position == end) {
            return null;
        }
        // A line holds at most max bytes before its LF (a CR before the LF counts).
        int searchEnd = (int) Math.min(end, (long) position + Math.max(max, 0) + 1);
        int lf = position;
        while (lf < searchEnd && buffer[lf] != '\n') {
            lf++;
        }
        if (lf == searchEnd) {
            if (searchEnd == end) {
                return null; // more may come: the byte-by-byte path waits for it
            }
            throw tooLong(max, overflow);
        }
        noteMessageStart();
        int length = lf - position;
        if (length > 0 && buffer[lf - 1] == '\r') {
            length--;
        }
        for (int i = position; i < position + length; i++) {
            if (buffer[i] == '\r') {
                throw new HttpException(HttpStatus.BAD_REQUEST, "bare CR in a message head");
            }
        }
        // ISO-8859-1: one char per byte, so lengths are byte counts; values are opaque bytes.
        var line = new String(buffer, position, length, StandardCharsets.ISO_8859_1);
        position = lf + 1;
        return line;
    }

    /** Runs the message-start action on the first byte of a message, whichever path reads it. */
    private void noteMessageStart() {
        if (!started) {
            started = true;
            onMessageStart.run();
        }
    }

    private static HttpException tooLong(int max, HttpStatus overflow) {
        return new HttpException(overflow, overflow == HttpStatus.URI_TOO_LONG
                ? "request line longer than " + max + " bytes"
                : "line over the limit of " + max + " bytes");
    }

    private boolean fill() throws IOException {
        if (end == buffer.length && buffer.length < MAX_BUFFER) {
            // The last read filled the buffer, so this peer sends more at once: read more at once.
            buffer = new byte[Math.min(buffer.length * 4, MAX_BUFFER)];
        }
        int count = in.read(buffer, 0, buffer.length);
        if (count <= 0) {
            return false;
        }
        position = 0;
        end = count;
        return true;
    }

    /** Decodes a header value that carries UTF-8 (such as a User-Agent), for display. */
    public static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
