package dev.socketsuite.counter;

import dev.socketsuite.runtime.SocketService;
import dev.socketsuite.runtime.datagram.DatagramListener;

/** Starts counter-udp: each datagram is answered with {@code Received! Message #N}. */
public final class Main {

    private Main() {
    }

    /** @param args unused; configure with application.yaml, system properties or env */
    public static void main(String[] args) {
        SocketService.run("counter-udp", context -> DatagramListener.udp(context, new MessageCounter(context.state(), context.metrics())));
    }
}
