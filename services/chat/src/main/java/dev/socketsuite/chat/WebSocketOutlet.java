package dev.socketsuite.chat;

import java.io.IOException;
import java.util.List;

import dev.socketsuite.protocol.ChatEvent;
import dev.socketsuite.runtime.web.WebPeer;

/** A WebSocket member: each line as one JSON text message ({@link ChatEvent}). */
record WebSocketOutlet(WebPeer socket) implements MemberOutlet {

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
            socket.send(ChatEvent.of(line).json());
        }
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
