package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

/**
 * echo-tcp: writes {@code size} bytes, reads them back, checks they are the same. With a
 * zero {@code replyTimeout} a read waits for ever, and the caller bounds it (the bench's
 * {@link StallGuard}).
 */
final class EchoWorker implements LoadWorker {

    private final Socket socket;
    private final byte[] payload;
    private final byte[] reply;

    EchoWorker(InetSocketAddress target, int size, int seed, Duration replyTimeout) throws IOException {
        socket = new Socket();
        socket.connect(target, 5000);
        socket.setSoTimeout((int) replyTimeout.toMillis());
        socket.setTcpNoDelay(true);
        payload = new byte[size];
        new Random(seed).nextBytes(payload);
        reply = new byte[size];
    }

    @Override
    public void exchange() throws IOException {
        socket.getOutputStream().write(payload);
        if (socket.getInputStream().readNBytes(reply, 0, reply.length) != reply.length) {
            throw new IOException("connection closed mid-echo");
        }
        if (!Arrays.equals(payload, reply)) {
            throw new WrongReply("echo differs from what was sent");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
