package dev.socketsuite.runtime.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Plain-socket helpers: what a peer does on the wire. */
public final class Wire {

    private Wire() {
    }

    /** A loopback TCP connection with a read timeout, so a broken server fails the test instead of hanging it. */
    public static Socket connect(int port) throws IOException {
        var socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Reads until end-of-stream. */
    public static byte[] readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /** Reads until end-of-stream, as UTF-8. */
    public static String readToEndUtf8(Socket socket) throws IOException {
        return new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
    }

    /** One exchange as the origin documents' clients do it: send, then read to the end. */
    public static String exchange(int port, String message) throws IOException {
        try (var socket = connect(port)) {
            socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
            return readToEndUtf8(socket);
        }
    }

    /**
     * True once {@code written} (bytes a writer thread got the socket to take) stops growing
     * within {@code deadline}: the peer's server stopped reading it.
     */
    public static boolean stallsWithin(Duration deadline, AtomicLong written) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long last = -1;
        while (System.nanoTime() - end < 0) {
            Thread.sleep(300);
            long now = written.get();
            if (now > 0 && now == last) {
                return true;
            }
            last = now;
        }
        return false;
    }

    /**
     * True when the server has closed the connection: a read sees end-of-stream or a reset.
     */
    public static boolean closedByServer(Socket socket) {
        try {
            return socket.getInputStream().read() < 0;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    /** A port free now, for a key that takes no 0 (listener.tls.port: 0 is off). */
    public static int freePort() throws IOException {
        try (var probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }
}
