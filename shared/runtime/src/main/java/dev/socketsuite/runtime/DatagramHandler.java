package dev.socketsuite.runtime;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * What a datagram service does with one datagram that passed the runtime's filters
 * (source port, rate limit): return the reply to send back to its sender, or null for none.
 */
@FunctionalInterface
public interface DatagramHandler {

    /** @param payload the datagram's bytes, read-only; @param sender where it came from */
    byte[] reply(ByteBuffer payload, InetSocketAddress sender);
}
