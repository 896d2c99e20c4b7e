package dev.socketsuite.runtime.datagram;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What a datagram service does with the datagrams that passed the runtime's filters
 * (source port, rate limit). A handler whose {@link #batchesPayOff()} says so gets them in
 * batches of those that arrived together, so it can serve a whole batch with one round
 * trip to its state backend ({@link #repliesLater}, on an event loop); otherwise each batch
 * holds one datagram, answered by {@link #replies} on a receive thread.
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

    /**
     * {@link #replies}, later: for a handler whose answers come from another process, so the
     * event loop that received the batch goes on receiving meanwhile. The stage may complete
     * on any thread; the listener sends the replies from its loop.
     */
    default CompletionStage<List<byte[]>> repliesLater(List<Datagram> batch) {
        return CompletableFuture.completedFuture(replies(batch));
    }

    /**
     * Whether a batch costs about what one datagram costs (one round trip to remote state
     * for the whole batch). Then the listener takes every datagram already waiting before
     * it answers, which costs a wait and an empty receive per batch; otherwise it takes one
     * at a time with a blocking receive, the fewest system calls per datagram.
     */
    default boolean batchesPayOff() {
        return false;
    }
}
