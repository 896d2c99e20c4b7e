package dev.socketsuite.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opening sockets the same way in every subcommand: bounded connect, bounded reads. */
final class Connections {

    private Connections() {
    }

    /** A TCP connection; {@code timeout} bounds the connect and every read (zero: reads wait for ever). */
    static Socket tcp(HostPort target, Duration timeout) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(target.address(), (int) Math.max(1, timeout.toMillis()));
            socket.setSoTimeout((int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new SocketTimeoutException("connecting to " + target + " took longer than " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            socket.close();
            throw e instanceof java.net.ConnectException
                    ? new java.net.ConnectException(target.toString()) : e;
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
