package dev.socketsuite.runtime;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What a datagram service does with the datagrams that passed the runtime's filters
 * (source port, rate limit). They come in batches of those that arrived together, so a
 * service can serve a whole batch with one round trip to its state backend.
 */
@FunctionalInterface
public interface DatagramHandler {

    /** One datagram: its bytes and where it came from. */
    record Datagram(byte[] payload, InetSocketAddress sender) {
    }

    /**
     * The replies to a batch, in arrival order, one per datagram; a null reply (or a null
     * list) sends nothing.
     */
    List<byte[]> replies(List<Datagram> batch);
}
