package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;

/** One connection on an {@link EventLoop}; all but {@link #awaitWritable()} run on the loop's thread. */
abstract sealed class LoopAdapter permits LoopProtocolAdapter, SessionAdapter {

    final Connection connection;
    /** Completes when the connection's service ended; fails with what ended it. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Set at registration; the loop thread's alone. */
    SelectionKey key;

    LoopAdapter(Connection connection) {
        this.connection = connection;
    }

    /** Shutdown began; see {@link LoopProtocol#closesIdleAtDrain}. Nothing by default. */
    void drain() {
    }

    /** Registers the channel, now non-blocking, for reading, and takes what followed a PROXY header first. */
    final void register(Selector selector) {
        try {
            key = connection.channel().register(selector, SelectionKey.OP_READ, this);
            var early = connection.takeUnread();
            if (early != null) {
                received(early);
            }
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Bytes the peer sent before the loop took over. */
    abstract void received(byte[] early) throws IOException;

    /** The connection cannot go on: {@code failure} is why. */
    abstract void failed(Throwable failure);

    /** The selector found the channel ready; {@code readBuffer} is the loop's, to use now and keep nothing of. */
    final void ready(SelectionKey readyKey, ByteBuffer readBuffer) {
        try {
            serveReady(readyKey, readBuffer);
        } catch (CancelledKeyException e) {
            closedElsewhere(); // closed by another thread since the selector saw it ready
        } catch (IOException | RuntimeException e) {
            failed(e);
        }
    }

    /** Reads or writes what {@link #ready} found possible. */
    abstract void serveReady(SelectionKey readyKey, ByteBuffer readBuffer) throws IOException;

    /** Another thread closed the channel, which cancels its key without an event. */
    abstract void closedElsewhere();

    /** Called by a thread writing to the peer when the socket took nothing: returns once it may take more. */
    abstract void awaitWritable() throws IOException;
}
