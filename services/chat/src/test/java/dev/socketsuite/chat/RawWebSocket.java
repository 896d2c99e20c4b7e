package dev.socketsuite.chat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket peer that writes frames byte by byte, for what a well-behaved client never
 * sends (an unmasked frame, a frame cut off mid-way) and for one that never reads.
 */
final class RawWebSocket implements AutoCloseable {

    final Socket socket;
    private final InputStream in;

    /** Connects and completes the opening handshake; fails unless the server switched protocols. */
    RawWebSocket(int port, int receiveBuffer) throws IOException {
        this(port, receiveBuffer, "", "");
    }

    /**
     * Connects, sends {@code preamble} (a PROXY header, say), then the handshake with
     * {@code headers} (each ending in CRLF) and returns whatever the server answered with;
     * {@link #upgraded} says whether it switched protocols.
     */
    RawWebSocket(int port, int receiveBuffer, String preamble, String headers) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        socket.getOutputStream().write((preamble + "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        var head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed during the handshake: " + head);
            }
            head.write(b);
        }
        response = head.toString(StandardCharsets.US_ASCII);
    }

    private final String response;

    boolean upgraded() {
        return response.startsWith("HTTP/1.1 101");
    }

    /** The next text frame's payload from the server (an unmasked frame under 126 bytes). */
    String text() throws IOException {
        int first = in.read();
        int length = in.read() & 0x7f;
        if ((first & 0x0f) != 0x1 || length >= 126) {
            throw new AssertionError("not a short text frame: " + first + " " + length);
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A client text frame's header: FIN, text, masked, a length under 126, then the mask. */
    static byte[] maskedTextHeader(int length) {
        return new byte[] {(byte) 0x81, (byte) (0x80 | length), 1, 2, 3, 4};
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Reads frames until a close frame and returns its code; -1 when the stream ends without one. */
    int awaitCloseCode() throws IOException {
        while (true) {
            int first = in.read();
            int second = in.read();
            if (first < 0 || second < 0) {
                return -1;
            }
            long length = second & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | in.read();
                }
            }
            var payload = in.readNBytes((int) length);
            if ((first & 0x0f) == 0x8) {
                return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
