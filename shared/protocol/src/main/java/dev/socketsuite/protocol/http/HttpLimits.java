package dev.socketsuite.protocol.http;

/**
 * Bounds on what a peer may send, each with its own status when crossed.
 *
 * @param maxRequestLine  bytes of the request line, or of a response's status line ({@code 414})
 * @param maxHeaderBytes  bytes of the whole header section ({@code 431})
 * @param maxHeaderCount  header fields ({@code 431})
 * @param maxBodyBytes    bytes of a body, after chunked decoding ({@code 413})
 */
public record HttpLimits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBodyBytes) {

    /** Limits close to what common servers use: 8 KiB line, 16 KiB headers, 100 fields, 1 MiB body. */
    public static final HttpLimits DEFAULT = new HttpLimits(8192, 16 * 1024, 100, 1024 * 1024);

    public HttpLimits {
        if (maxRequestLine < 16 || maxHeaderBytes < 16 || maxHeaderCount < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP limits too small: " + this);
        }
    }
}
