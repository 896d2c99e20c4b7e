package dev.socketsuite.client;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

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
}
