package dev.socketsuite.status;

import dev.socketsuite.runtime.SocketService;

/** Starts unix-status: HTTP/1.1 on a Unix domain socket (and optionally TCP) answering {@code running}. */
public final class Main {

    private Main() {
    }

    /** @param args unused; configure with application.yaml, system properties or env */
    public static void main(String[] args) {
        SocketService.run("unix-status", StatusService::listener);
    }
}
