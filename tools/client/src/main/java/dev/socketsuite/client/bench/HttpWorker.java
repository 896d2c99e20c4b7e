package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import dev.socketsuite.protocol.http.HttpException;
import dev.socketsuite.protocol.http.HttpHeaders;
import dev.socketsuite.protocol.http.HttpLimits;
import dev.socketsuite.protocol.http.HttpReader;
import dev.socketsuite.protocol.http.HttpWriter;

/** An HTTP server: GET on one keep-alive connection, reconnecting when the server closes it. */
final class HttpWorker implements LoadWorker {

    private final InetSocketAddress target;
    private final byte[] request;
    private Socket socket;
    private HttpReader reader;

    HttpWorker(InetSocketAddress target, String path) throws IOException {
        this.target = target;
        this.request = HttpWriter.request("GET", path,
                new HttpHeaders().add("Host", target.getHostString() + ":" + target.getPort())
                        .add("User-Agent", "socket-client-bench/1.0"), new byte[0]);
        connect();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.connect(target, 5000);
        socket.setSoTimeout(5000);
        socket.setTcpNoDelay(true);
        reader = new HttpReader(socket.getInputStream(), HttpLimits.DEFAULT);
    }

    @Override
    public void exchange() throws IOException {
        socket.getOutputStream().write(request);
        try {
            var response = reader.readResponse(false);
            if (response.code() != 200) {
                throw new WrongReply("status " + response.code());
            }
            if (response.headers().hasToken("Connection", "close")) {
                close();
                connect();
            }
        } catch (HttpException e) {
            throw new WrongReply("unreadable response: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
