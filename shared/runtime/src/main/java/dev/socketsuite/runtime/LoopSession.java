package dev.socketsuite.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;

/** One connection on an {@link EventLoop}; all but {@link #awaitWritable()} run on the loop's thread. */
sealed interface LoopSession permits AnsweringSession, InputHandOff {

    /** Completes when the connection's service ended; fails with what ended it. */
    CompletableFuture<Void> done();

    /** Registers the channel, now non-blocking, with the loop's selector. */
    void register(Selector selector);

    /** The selector found the channel ready; {@code readBuffer} is the loop's, to use now and keep nothing of. */
    void ready(SelectionKey key, ByteBuffer readBuffer);

    /** Another thread closed the channel, which cancels its key without an event. */
    void closedElsewhere();

    /** Called by a thread writing to the peer when the socket took nothing: returns once it may take more. */
    void awaitWritable() throws IOException;
}
