package dev.socketsuite.echo;

import dev.socketsuite.runtime.SocketService;

/** Starts echo-tcp: RFC 862 echo, or the counter or timestamp reply, on a TCP port. */
public final class Main {

    private Main() {
    }

    /** @param args unused; configure with application.yaml, system properties or env */
    public static void main(String[] args) {
        SocketService.run("echo-tcp", EchoService::listener);
    }
}
