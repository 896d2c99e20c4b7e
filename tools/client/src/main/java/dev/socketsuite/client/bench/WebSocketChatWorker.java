package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.socketsuite.client.HostPort;

/**
 * One chat member on WebSocket ({@code GET /ws} on chat's web port), through the JDK's own
 * client: sends a line and waits for its {@code ack} event, while the listener counts the
 * {@code message} events relayed from everyone else. Beside {@link ChatWorker}, it shows
 * what a browser member costs next to a TCP one.
 */
final class WebSocketChatWorker implements LoadWorker {

    private final WebSocket socket;
    private final String message;
    private final ChatAcks acks = new ChatAcks();
    private final Semaphore welcomed = new Semaphore(0);

    WebSocketChatWorker(InetSocketAddress target, int size, AtomicLong relayed) throws IOException {
        message = "b".repeat(Math.max(1, size - 1));
        var listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    var event = partial.toString();
                    partial.setLength(0);
                    if (event.contains("\"kind\":\"ack\"")) {
                        acks.acknowledged();
                    } else if (event.contains("\"kind\":\"message\"")) {
                        relayed.incrementAndGet();
                    } else {
                        welcomed.release();
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                acks.gone();
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                acks.gone();
            }
        };
        var uri = URI.create("ws://" + new HostPort(target.getAddress().getHostAddress(), target.getPort()) + "/ws");
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT)
                    .buildAsync(uri, listener).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!welcomed.tryAcquire(REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || acks.isGone()) {
                throw new IOException("no welcome from " + uri);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            throw new IOException("cannot open " + uri + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void exchange() throws IOException {
        try {
            socket.sendText(message, true).join();
        } catch (CompletionException e) {
            throw new IOException("send failed: " + e.getCause(), e);
        }
        acks.await();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
