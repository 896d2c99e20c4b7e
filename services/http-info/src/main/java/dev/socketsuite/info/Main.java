package dev.socketsuite.info;

import dev.socketsuite.runtime.SocketService;

/** Starts http-info: a hand-written HTTP/1.1 server that shows the request back. */
public final class Main {

    private Main() {
    }

    /** @param args unused; configure with application.yaml, system properties or env */
    public static void main(String[] args) {
        SocketService.run("http-info", InfoService::listener);
    }
}
