package dev.socketsuite.chat;

import dev.socketsuite.runtime.SocketService;

/** Starts chat: a TCP line chat for many clients. */
public final class Main {

    private Main() {
    }

    /** @param args unused; configure with application.yaml, system properties or env */
    public static void main(String[] args) {
        SocketService.run("chat", ChatService::listener);
    }
}
