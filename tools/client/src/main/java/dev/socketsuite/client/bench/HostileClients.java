package dev.socketsuite.client.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.socketsuite.client.Connections;
import dev.socketsuite.client.HostPort;

/**
 * Clients that misbehave on purpose, one round per call: what the soak runs beside the
 * well-behaved ones. Each round is bounded in count and time; an {@link IOException} means
 * the server closed on it, which is often the right answer.
 */
final class HostileClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(15);

    private final HostPort echo;
    private final HostPort udp;
    private final HostPort chat;
    private final HostPort http;

    HostileClients(HostPort echo, HostPort udp, HostPort chat, HostPort http) {
        this.echo = echo;
        this.udp = udp;
        this.chat = chat;
        this.http = http;
    }

    /** Half a request, then a reset (SO_LINGER 0), on each TCP service. */
    void resets() throws IOException {
        for (var target : List.of(echo, http, chat)) {
            try (var socket = connect(target)) {
                socket.setSoLinger(true, 0);
                socket.getOutputStream().write("GET /hel".getBytes(StandardCharsets.US_ASCII));
            }
        }
    }

    /** Inputs past every bound: a 64 KiB header, a 16 KiB chat line, a 64 KiB datagram. */
    void oversize() throws IOException {
        try (var socket = connect(http)) {
            write(socket.getOutputStream(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n");
            socket.getInputStream().readAllBytes();
        }
        try (var socket = connect(chat)) {
            write(socket.getOutputStream(), "b".repeat(16 * 1024) + "\n/quit\n");
            socket.getInputStream().readAllBytes();
        }
        try (var socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(new byte[65_507], 65_507, udp.address()));
        }
    }

    /** Twenty connections sending a header a byte at a time until http-info's request timeout cuts them. */
    void slowloris() throws IOException, InterruptedException {
        var sockets = new ArrayList<Socket>();
        try {
            for (int i = 0; i < 20; i++) {
                var socket = connect(http);
                write(socket.getOutputStream(), "GET / HTTP/1.1\r\n");
                sockets.add(socket);
            }
            for (int second = 0; second < 3; second++) {
                for (var socket : sockets) {
                    write(socket.getOutputStream(), "X");
                }
                Thread.sleep(1000);
            }
        } finally {
            for (var socket : sockets) {
                socket.close();
            }
        }
    }

    /** 200 source ports, five datagrams each, as fast as they go: the rate limit's work. */
    void flood() throws IOException {
        var payload = "flood".getBytes(StandardCharsets.US_ASCII);
        for (int port = 0; port < 200; port++) {
            try (var socket = new DatagramSocket()) {
                for (int i = 0; i < 5; i++) {
                    socket.send(new DatagramPacket(payload, payload.length, udp.address()));
                }
            }
        }
    }

    /** A member that never reads while the room talks: chat must drop it, not slow down. */
    void slowReader() throws IOException, InterruptedException {
        try (var socket = connect(chat)) {
            socket.setReceiveBufferSize(4096);
            Thread.sleep(5000);
        }
    }

    private static Socket connect(HostPort target) throws IOException {
        return Connections.connect(new Socket(), target.address(), CONNECT_TIMEOUT, READ_TIMEOUT);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
