package dev.socketsuite.client;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Asks unix-status over its Unix socket (or TCP) and prints the response, as the origin
 * document's request.py does. Exits 0 only for a 2xx answer, so it serves as an exec probe.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "GET REQUEST-PATH from unix-status and print the response; exit 0 only on 2xx.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private SocketClient client;

    static final class Transport {
        @Option(names = "--unix", paramLabel = "PATH", description = "Unix socket (default: /tmp/local_server.sock).")
        Path unix;

        @Option(names = "--tcp", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
                description = "Use TCP instead.")
        HostPort tcp;
    }

    @ArgGroup(exclusive = true)
    private Transport transport = new Transport();

    @Parameters(index = "0", arity = "0..1", paramLabel = "REQUEST-PATH", defaultValue = "/")
    private String path;

    @Option(names = "--timeout", defaultValue = "5s", converter = DurationConverter.class,
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        var request = HttpWriter.request("GET", path,
                new HttpHeaders().add("Host", "localhost").add("Connection", "close"), new byte[0]);
        var received = transport.tcp != null ? overTcp(request) : overUnix(request);
        client.out().println(new String(received.bytes(), StandardCharsets.UTF_8));
        return received.response().code() / 100 == 2 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private RawResponse overTcp(byte[] request) throws IOException, HttpException {
        try (var socket = Connections.tcp(transport.tcp, timeout)) {
            socket.getOutputStream().write(request);
            return RawResponse.read(socket.getInputStream(), false);
        }
    }

    private RawResponse overUnix(byte[] request) throws IOException, HttpException {
        var socketPath = transport.unix == null ? Path.of("/tmp/local_server.sock") : transport.unix;
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socketPath));
            } catch (IOException e) {
                throw new java.net.ConnectException(socketPath + " (" + e.getMessage() + ")");
            }
            var watchdog = Connections.closeAfter(channel, timeout);
            try {
                Channels.newOutputStream(channel).write(request);
                return RawResponse.read(Channels.newInputStream(channel), false);
            } catch (AsynchronousCloseException e) {
                throw new SocketTimeoutException("no complete answer from " + socketPath + " within " + timeout.toMillis() + " ms");
            } finally {
                watchdog.interrupt();
            }
        }
    }
}
