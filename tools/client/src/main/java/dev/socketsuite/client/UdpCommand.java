package dev.socketsuite.client;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Sends one datagram and prints the reply, as the origin document's udp_client.py does. */
@Command(name = "udp", mixinStandardHelpOptions = true,
        description = "Send MESSAGE in one datagram to counter-udp and print the reply.")
final class UdpCommand implements Callable<Integer> {

    @ParentCommand
    private SocketClient client;

    @Mixin
    private ServiceAddress service;

    @Parameters(index = "1", paramLabel = "MESSAGE")
    private String message;

    @Option(names = "--timeout", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long to wait for each reply (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(names = "--retries", defaultValue = "2",
            description = "Resend this many times when no reply comes (default: ${DEFAULT-VALUE}); UDP may lose datagrams.")
    private int retries;

    @Override
    public Integer call() throws Exception {
        var address = service.target.address();
        if (address.isUnresolved()) {
            throw new java.net.UnknownHostException(service.target.host());
        }
        var payload = message.getBytes(StandardCharsets.UTF_8);
        try (var socket = new DatagramSocket()) {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            var buffer = new byte[65_535];
            for (int attempt = 0; attempt <= retries; attempt++) {
                socket.send(new DatagramPacket(payload, payload.length, address));
                long end = System.nanoTime() + timeout.toNanos();
                try {
                    while (true) {
                        var packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        if (packet.getSocketAddress().equals(address)) {
                            client.out().println(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8));
                            return ExitCodes.OK;
                        }
                        // a stray datagram from someone else: keep waiting out this attempt
                        socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
                    }
                } catch (SocketTimeoutException noReply) {
                    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
                }
            }
            throw new SocketTimeoutException("no reply from " + service.target + " after " + (retries + 1) + " attempt(s)");
        }
    }
}
