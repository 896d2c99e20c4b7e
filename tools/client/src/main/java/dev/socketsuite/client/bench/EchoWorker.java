package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import dev.socketsuite.client.Connections;
import dev.socketsuite.client.SocketLayer;

/**
 * echo-tcp: writes {@code size} bytes, reads them back, checks they are the same. With a
 * zero {@code replyTimeout} a read waits for ever, and the caller bounds it (the bench's
 * {@link StallGuard}). A closed-loop bench over plain TCP drives its channel from
 * {@link EchoLoop} instead; over TLS each connection runs {@link #exchange()} on a thread.
 */
final class EchoWorker implements LoadWorker {

    /** Plain TCP only: the channel {@link EchoLoop} drives; null over TLS. */
    private final SocketChannel channel;
    private final Socket socket;
    private final byte[] payload;
    private final byte[] reply;

    EchoWorker(InetSocketAddress target, int size, int seed, Duration replyTimeout) throws IOException {
        this(target, size, seed, replyTimeout, SocketLayer.PLAIN);
    }

    EchoWorker(InetSocketAddress target, int size, int seed, Duration replyTimeout, SocketLayer layer) throws IOException {
        if (layer == SocketLayer.PLAIN) {
            channel = SocketChannel.open();
            // The socket adaptor's streams, unlike the channel, honour the reply timeout.
            socket = Connections.connect(channel.socket(), target, LoadWorker.CONNECT_TIMEOUT, replyTimeout);
        } else {
            channel = null;
            socket = layer.over(Connections.connect(new Socket(), target, LoadWorker.CONNECT_TIMEOUT, replyTimeout),
                    target.getHostString());
        }
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

    SocketChannel channel() {
        return channel;
    }

    /** What each exchange sends; the echo must equal it. */
    byte[] payload() {
        return payload;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
