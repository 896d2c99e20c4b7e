package dev.socketsuite.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opening sockets the same way in every subcommand and load worker: bounded connect, bounded reads. */
public final class Connections {

    private Connections() {
    }

    /** A TCP connection; {@code timeout} bounds the connect and every read (zero: reads wait for ever). */
    static Socket tcp(HostPort target, Duration timeout) throws IOException {
        try {
            return connect(new Socket(), target.address(), timeout, timeout);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("connecting to " + target + " took longer than " + timeout.toMillis() + " ms");
        } catch (java.net.ConnectException e) {
            throw new java.net.ConnectException(target.toString());
        }
    }

    /**
     * Connects {@code socket} (a new one, or a channel's) within {@code connectTimeout}, with
     * {@code readTimeout} on every read (zero: reads wait for ever) and no Nagle delay, as a
     * client sending small requests wants; closes it when that fails.
     */
    public static <S extends Socket> S connect(S socket, InetSocketAddress address, Duration connectTimeout,
                                               Duration readTimeout) throws IOException {
        try {
            socket.connect(address, (int) Math.max(1, connectTimeout.toMillis()));
            socket.setSoTimeout((int) readTimeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Reads until end of stream. */
    static byte[] readToEnd(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    /**
     * Closes {@code resource} after {@code timeout}, for channels without a read timeout
     * (Unix sockets). Returns the watchdog; interrupt it when done in time.
     */
    static Thread closeAfter(Closeable resource, Duration timeout) {
        return Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(timeout);
                resource.close();
            } catch (InterruptedException | IOException ignored) {
                // finished in time, or already closed
            }
        });
    }
}
