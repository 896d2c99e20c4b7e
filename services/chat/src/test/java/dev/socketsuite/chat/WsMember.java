package dev.socketsuite.chat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket chat member for tests (the JDK's client): the JSON events it received, in
 * order, and how the server closed it. Waits time out after 10 s so a bug fails instead of hanging.
 */
final class WsMember implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as the member read it; absent parts are null. */
    record Event(Long offset, String kind, String nick, String text) {
        static Event parse(String json) {
            try {
                var event = JSON.readTree(json);
                var offset = event.get("offset");
                return new Event(offset == null || offset.isNull() ? null : offset.asLong(),
                        text(event, "kind"), text(event, "nick"), text(event, "text"));
            } catch (JsonProcessingException e) {
                throw new AssertionError("an event that is no JSON object: " + json, e);
            }
        }

        private static String text(JsonNode event, String field) {
            var value = event.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    /** The close code and reason the server sent. */
    record Close(int code, String reason) {
    }

    final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final WebSocket socket;

    private WsMember(WebSocket.Builder builder, URI uri) {
        var listener = new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(new Close(statusCode, reason));
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(new Close(-1, String.valueOf(error)));
            }
        };
        this.socket = builder.connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener).join();
    }

    static WsMember connect(int webPort, String query) {
        var uri = URI.create("ws://127.0.0.1:" + webPort + "/ws" + (query == null ? "" : "?" + query));
        return new WsMember(HttpClient.newHttpClient().newWebSocketBuilder(), uri);
    }

    /** Connects and reads the welcome, then its own join, which a WebSocket member sees live. */
    static WsMember joined(int webPort) throws InterruptedException {
        var member = connect(webPort, null);
        var welcome = member.event();
        if (!"Hello from the socket server!".equals(welcome.text())) {
            throw new AssertionError("welcome was " + welcome);
        }
        var join = member.event();
        if (!"notice".equals(join.kind()) || join.offset() == null || !join.text().endsWith(" joined")) {
            throw new AssertionError("its own join was " + join);
        }
        return member;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    /** One frame of a message that may go on in further frames. */
    void sendPart(String text, boolean last) {
        socket.sendText(text, last).join();
    }

    void sendBinary(byte[] bytes) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(bytes), true).join();
    }

    Event event() throws InterruptedException {
        var json = received.poll(10, TimeUnit.SECONDS);
        if (json == null) {
            throw new AssertionError("no event within 10 s");
        }
        return Event.parse(json);
    }

    /** Every event up to and including the first whose text is {@code text}, in order. */
    java.util.List<Event> eventsThrough(String text) throws InterruptedException {
        var events = new java.util.ArrayList<Event>();
        do {
            events.add(event());
        } while (!text.equals(events.getLast().text()));
        return events;
    }

    /** Reads events until one whose text is {@code text}. */
    Event awaitText(String text) throws InterruptedException {
        while (true) {
            var event = event();
            if (text.equals(event.text())) {
                return event;
            }
        }
    }

    Close awaitClose() throws Exception {
        return awaitClose(Duration.ofSeconds(10));
    }

    Close awaitClose(Duration timeout) throws Exception {
        return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        socket.abort();
    }
}
