package dev.socketsuite.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import dev.socketsuite.runtime.testing.Wire;

/** A line-reading chat client for tests; reads time out after 10 s so a bug fails instead of hanging. */
final class ChatClient implements AutoCloseable {

    final Socket socket;
    private final BufferedReader reader;

    ChatClient(int port) throws IOException {
        socket = Wire.connect(port);
        reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Connects and consumes the welcome line. */
    static ChatClient joined(int port) throws IOException {
        var client = new ChatClient(port);
        var welcome = client.line();
        if (!"Hello from the socket server!".equals(welcome)) {
            throw new AssertionError("welcome was " + welcome);
        }
        return client;
    }

    void send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    String line() throws IOException {
        return reader.readLine();
    }

    /** Reads lines until one equals {@code expected}; fails on end of stream. */
    void awaitLine(String expected) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new AssertionError("stream ended before: " + expected);
    }

    /** Reads lines until one starts with {@code prefix} and returns it; fails on end of stream. */
    String lineStartingWith(String prefix) throws IOException {
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("stream ended before a line starting with: " + prefix);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
