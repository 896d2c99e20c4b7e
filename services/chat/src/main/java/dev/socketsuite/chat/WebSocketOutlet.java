package dev.socketsuite.chat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.socketsuite.protocol.ChatEvent;
import dev.socketsuite.runtime.web.WebPeer;

/**
 * A WebSocket member: each line as one JSON text message ({@link ChatEvent}). A relayed line
 * is one String queued to every member, so its JSON is kept for the other members' writers
 * in a few slots shared by all outlets, found by the line's identity.
 */
record WebSocketOutlet(WebPeer socket) implements MemberOutlet {

    /** A line and its JSON; immutable, so a slot can be read and replaced without a lock. */
    private record Encoded(String line, String json) {
    }

    private static final int SLOTS = 64;
    private static final AtomicReferenceArray<Encoded> RECENT = new AtomicReferenceArray<>(SLOTS);

    /** RFC 6455 close codes: a normal end, and the server restarting (reconnect soon). */
    static final int NORMAL = 1000;
    static final int RESTARTING = 1012;

    @Override
    public String id() {
        return "ws-" + socket.id();
    }

    @Override
    public String peer() {
        return socket.peer();
    }

    @Override
    public void write(List<String> lines) throws IOException {
        for (var line : lines) {
            socket.send(json(line));
        }
    }

    static String json(String line) {
        int slot = System.identityHashCode(line) & (SLOTS - 1);
        var recent = RECENT.get(slot);
        if (recent != null && recent.line() == line) {
            return recent.json();
        }
        var json = ChatEvent.of(line).json();
        RECENT.set(slot, new Encoded(line, json));
        return json;
    }

    @Override
    public void finish(boolean restarting) {
        socket.close(restarting ? RESTARTING : NORMAL, restarting ? "server restarting" : "bye");
    }

    @Override
    public void close() {
        socket.cut();
    }
}
