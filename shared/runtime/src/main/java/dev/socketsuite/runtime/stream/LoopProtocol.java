package dev.socketsuite.runtime.stream;

import java.nio.ByteBuffer;

/**
 * A protocol that answers the bytes it reads at once, without waiting for anything else
 * (RFC 862 echo): simple enough to run on the runtime's event loops instead of a thread
 * per connection ({@link StreamListener#tcp(ServiceContext, StreamProtocol)}). Its methods
 * run on a loop thread, so they must never block.
 */
public non-sealed interface LoopProtocol extends StreamProtocol {

    /**
     * Bytes just read from the peer, between the buffer's position and limit. Returns the
     * reply to send, which may be {@code received} itself. Both belong to the loop until the
     * next call: keep nothing.
     */
    ByteBuffer received(ByteBuffer received);

    /** The whole reply to the bytes read at {@code readNanos} ({@link System#nanoTime()}) is written. */
    default void replied(long readNanos) {
    }
}
