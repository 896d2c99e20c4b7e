package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Unix domain socket client for tests. Unix channels have no read timeout, so each
 * client closes itself after a deadline: a broken server fails the test, never hangs it.
 */
public final class UnixClient implements AutoCloseable {

    private final SocketChannel channel;

    private UnixClient(SocketChannel channel, Duration deadline) {
        this.channel = channel;
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(deadline);
            } catch (InterruptedException ignored) {
                // closing anyway
            }
            close();
        });
    }

    /** Connects to the socket at {@code path}; the connection closes itself after 10 s. */
    public static UnixClient connect(Path path) throws IOException {
        var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(path));
        return new UnixClient(channel, Duration.ofSeconds(10));
    }

    /** Sends {@code request} and reads until the server closes. */
    public static String exchange(Path path, String request) throws IOException {
        try (var client = connect(path)) {
            client.send(request);
            return client.readToEnd();
        }
    }

    public void send(String text) throws IOException {
        output().write(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public String readToEnd() throws IOException {
        return new String(input().readAllBytes(), StandardCharsets.UTF_8);
    }

    public InputStream input() {
        return Channels.newInputStream(channel);
    }

    public OutputStream output() {
        return Channels.newOutputStream(channel);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
