package dev.socketsuite.client.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.Connections;
import dev.socketsuite.client.SocketLayer;
import dev.socketsuite.protocol.ChatFormats;

/**
 * One chat client: sends a line and waits for its acknowledgement, while a reader
 * thread counts the lines relayed to it from everyone else.
 */
final class ChatWorker implements LoadWorker {

    private final Socket socket;
    private final byte[] message;
    private final ChatAcks acks = new ChatAcks();
    private final AtomicLong relayed;

    ChatWorker(InetSocketAddress target, int size, AtomicLong relayed) throws IOException {
        this(target, size, relayed, SocketLayer.PLAIN);
    }

    ChatWorker(InetSocketAddress target, int size, AtomicLong relayed, SocketLayer layer) throws IOException {
        this.relayed = relayed;
        socket = layer.over(Connections.connect(new Socket(), target, LoadWorker.CONNECT_TIMEOUT, Duration.ZERO),
                target.getHostString());
        message = ChatFormats.line("b".repeat(Math.max(1, size - 1)));
        var lines = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        var welcome = lines.readLine();
        if (!ChatFormats.WELCOME.equals(welcome)) {
            socket.close();
            throw new IOException("not a chat server: " + welcome);
        }
        Thread.ofVirtual().start(() -> read(lines));
    }

    private void read(BufferedReader lines) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.equals(ChatFormats.ACK)) {
                    acks.acknowledged();
                } else if (ChatFormats.relayNick(line) != null) {
                    relayed.incrementAndGet();
                }
            }
        } catch (IOException ignored) {
            // closed
        }
        acks.gone();
    }

    @Override
    public void exchange() throws IOException {
        socket.getOutputStream().write(message);
        acks.await();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
