package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import dev.socketsuite.client.Connections;

/**
 * echo-tcp: writes {@code size} bytes, reads them back, checks they are the same. With a
 * zero {@code replyTimeout} a read waits for ever, and the caller bounds it (the bench's
 * {@link StallGuard}). A closed-loop bench drives its channel from {@link EchoLoop} instead.
 */
final class EchoWorker implements LoadWorker {

    private final SocketChannel channel;
    private final byte[] payload;
    private final byte[] reply;

    EchoWorker(InetSocketAddress target, int size, int seed, Duration replyTimeout) throws IOException {
        channel = SocketChannel.open();
        Connections.connect(channel.socket(), target, LoadWorker.CONNECT_TIMEOUT, replyTimeout);
        payload = new byte[size];
        new Random(seed).nextBytes(payload);
        reply = new byte[size];
    }

    @Override
    public void exchange() throws IOException {
        // The socket adaptor's streams, unlike the channel, honour the reply timeout.
        channel.socket().getOutputStream().write(payload);
        if (channel.socket().getInputStream().readNBytes(reply, 0, reply.length) != reply.length) {
            throw new IOException("connection closed mid-echo");
        }
        if (!Arrays.equals(payload, reply)) {
            throw new WrongReply("echo differs from what was sent");
        }
    }

    SocketChannel channel() {
        return channel;
    }

    /** What each exchange sends; the echo must equal it. */
    byte[] payload() {
        return payload;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
