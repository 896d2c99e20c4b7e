package dev.socketsuite.client;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpResponse;

/**
 * One response read off the wire with the shared parser, and the exact bytes it came in.
 * Reading stops where the parser says the message ends, so a server that keeps the
 * connection open despite {@code Connection: close} does not leave us waiting.
 */
record RawResponse(HttpResponse response, byte[] bytes) {

    private static final HttpLimits LIMITS = new HttpLimits(8192, 64 * 1024, 1000, 256L * 1024 * 1024);

    static RawResponse read(InputStream in, boolean toHead) throws IOException, HttpException {
        var copy = new ByteArrayOutputStream();
        var tee = new FilterInputStream(in) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int count = super.read(b, off, len);
                if (count > 0) {
                    copy.write(b, off, count);
                }
                return count;
            }
        };
        var response = new HttpReader(tee, LIMITS).readResponse(toHead);
        return new RawResponse(response, copy.toByteArray());
    }

    /** The status line and headers as received, up to and including the empty line. */
    byte[] head() {
        return head(bytes);
    }

    /** The head as received, then the body decoded (chunked framing removed), as {@code curl -i} prints. */
    byte[] headAndBody() {
        var head = head();
        var both = Arrays.copyOf(head, head.length + response.body().length);
        System.arraycopy(response.body(), 0, both, head.length, response.body().length);
        return both;
    }

    /** The head of an HTTP message: everything up to the first empty line, that line included. */
    static byte[] head(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            if (message[i] != '\n') {
                continue;
            }
            if (i + 1 < message.length && message[i + 1] == '\n') {
                return Arrays.copyOf(message, i + 2);
            }
            if (i + 2 < message.length && message[i + 1] == '\r' && message[i + 2] == '\n') {
                return Arrays.copyOf(message, i + 3);
            }
        }
        return message;
    }
}
