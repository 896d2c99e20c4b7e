package dev.socketsuite.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder on a free loopback port that can be cut: while cut it takes bytes and
 * connections and forwards nothing, as a network partition does (no reset, just silence).
 * Healing closes what was cut, as the peers' timeouts would, and forwards again.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private TcpProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    /** Forwards a free loopback port to {@code targetPort} on loopback. */
    public static TcpProxy to(int targetPort) throws IOException {
        var proxy = new TcpProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread.ofVirtual().start(proxy::accept);
        return proxy;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Stops forwarding: from now on bytes go nowhere and nothing answers. */
    public void cut() {
        cut = true;
    }

    /** Closes the connections made silent and forwards again. */
    public void heal() {
        cut = false;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                var client = listener.accept();
                open.add(client);
                if (cut) {
                    Thread.ofVirtual().start(() -> pump(client, null));
                    continue;
                }
                var server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    /** Copies {@code from} to {@code to} until either ends; drops the bytes while cut, or when there is no {@code to}. */
    private void pump(Socket from, Socket to) {
        var buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to == null ? null : to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                if (!cut && out != null) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            closeQuietly(from);
            if (to != null) {
                closeQuietly(to);
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // already closed
        }
        heal();
    }
}
