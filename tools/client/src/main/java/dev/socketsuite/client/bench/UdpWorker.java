package dev.socketsuite.client.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import dev.socketsuite.protocol.ReplyFormats;

/**
 * counter-udp: one datagram, one {@code Received! Message #N} back within a second, or it is
 * lost; a number already seen in this run is a wrong reply.
 */
final class UdpWorker implements LoadWorker {

    private final DatagramSocket socket;
    private final DatagramPacket request;
    private final byte[] buffer = new byte[512];
    private final NumberLedger numbers;

    UdpWorker(InetSocketAddress target, int size, NumberLedger numbers) throws IOException {
        this.numbers = numbers;
        socket = new DatagramSocket();
        socket.connect(target);
        socket.setSoTimeout(1000);
        request = new DatagramPacket(new byte[size], size);
    }

    @Override
    public void exchange() throws IOException {
        socket.send(request);
        var packet = new DatagramPacket(buffer, buffer.length);
        try {
            socket.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new LostReply();
        }
        var text = new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8);
        var number = ReplyFormats.parseDatagramAck(text);
        if (number.isEmpty()) {
            throw new WrongReply("not a datagram ack: " + text);
        }
        if (!numbers.record(number.getAsLong())) {
            throw new WrongReply("message number handed out twice: " + number.getAsLong());
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
