package dev.socketsuite.client.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.regex.Pattern;

import dev.socketsuite.client.Connections;
import dev.socketsuite.client.SocketLayer;
import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpWriter;

/**
 * An HTTP server over TCP or a Unix socket: GET on one keep-alive connection,
 * reconnecting whenever the server closes it (unix-status closes after {@code GET /}).
 * A page that shows a visitor number (http-info) must not show one seen before.
 */
final class HttpWorker implements LoadWorker {

    private static final Pattern VISITOR = Pattern.compile("visitor #(\\d+)");

    private final Endpoint endpoint;
    private final NumberLedger numbers;
    private final byte[] request;
    private AutoCloseable connection;
    private OutputStream out;
    private HttpReader reader;
    /** Zero: reads wait for ever and the caller bounds them (the bench's {@link StallGuard}). TCP only. */
    private final Duration replyTimeout;
    private final SocketLayer layer;
    /** Every exchange on a connection (and TLS handshake) of its own: exchanges/s are connections/s. */
    private final boolean newConnections;

    HttpWorker(Endpoint endpoint, String path, NumberLedger numbers, Duration replyTimeout) throws IOException {
        this(endpoint, path, numbers, replyTimeout, SocketLayer.PLAIN, false);
    }

    HttpWorker(Endpoint endpoint, String path, NumberLedger numbers, Duration replyTimeout, SocketLayer layer,
               boolean newConnections) throws IOException {
        this.endpoint = endpoint;
        this.layer = layer;
        this.newConnections = newConnections;
        this.replyTimeout = replyTimeout;
        this.numbers = numbers;
        var host = endpoint instanceof Endpoint.Tcp tcp ? tcp.address().getHostString() + ":" + tcp.address().getPort()
                : "localhost";
        this.request = HttpWriter.request("GET", path,
                new HttpHeaders().add("Host", host).add("User-Agent", "socket-client-bench/1.0"), new byte[0]);
        connect();
    }

    private void connect() throws IOException {
        InputStream in;
        switch (endpoint) {
            case Endpoint.Tcp tcp -> {
                var socket = layer.over(Connections.connect(new Socket(), tcp.address(), LoadWorker.CONNECT_TIMEOUT,
                        replyTimeout), tcp.address().getHostString());
                connection = socket;
                in = socket.getInputStream();
                out = socket.getOutputStream();
            }
            case Endpoint.Unix unix -> {
                var channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(unix.path()));
                connection = channel;
                in = Channels.newInputStream(channel);
                out = Channels.newOutputStream(channel);
            }
        }
        reader = new HttpReader(in, HttpLimits.DEFAULT);
    }

    @Override
    public void exchange() throws IOException {
        out.write(request);
        try {
            var response = reader.readResponse(false);
            if (response.code() != 200) {
                throw new WrongReply("status " + response.code());
            }
            var visitor = VISITOR.matcher(response.bodyText());
            if (visitor.find() && !numbers.record(Long.parseLong(visitor.group(1)))) {
                throw new WrongReply("visitor number handed out twice: " + visitor.group(1));
            }
            if (newConnections || response.headers().hasToken("Connection", "close")) {
                close();
                connect();
            }
        } catch (HttpException e) {
            throw new WrongReply("unreadable response: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        try {
            connection.close();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
