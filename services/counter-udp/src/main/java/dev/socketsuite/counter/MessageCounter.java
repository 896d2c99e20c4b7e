package dev.socketsuite.counter;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

import dev.socketsuite.protocol.ReplyFormats;
import dev.socketsuite.runtime.datagram.DatagramHandler;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.state.SharedState;

/**
 * Numbers every datagram that reaches it, whatever its bytes (empty and invalid UTF-8
 * included): N is global, from 1, with no gap or duplicate, across replicas when the
 * state is shared. A batch of datagrams that arrived together takes its numbers in one
 * step, in arrival order. Datagrams the runtime drops (privileged source port, rate
 * limit) never get here and take no number; while the state backend is unreachable no
 * datagram gets a reply, since a number cannot be had.
 */
final class MessageCounter implements DatagramHandler {

    private static final System.Logger LOG = System.getLogger(MessageCounter.class.getName());

    private final SharedState state;
    private final ServiceMetrics metrics;

    MessageCounter(SharedState state, ServiceMetrics metrics) {
        this.state = state;
        this.metrics = metrics;
    }

    @Override
    public List<byte[]> replies(List<Datagram> batch) {
        return repliesLater(batch).toCompletableFuture().join();
    }

    /** The batch's numbers come in one step; while the state is unreachable, no datagram gets a reply. */
    @Override
    public CompletionStage<List<byte[]>> repliesLater(List<Datagram> batch) {
        return state.reserveLater("messages", batch.size()).handle((first, failure) -> {
            if (failure != null) {
                metrics.datagramsDropped("state_unavailable", batch.size());
                LOG.log(Level.DEBUG, "dropped {0} datagram(s): {1}", batch.size(), failure.getMessage());
                return null;
            }
            var replies = new ArrayList<byte[]>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                metrics.message();
                replies.add(ReplyFormats.datagramAck(first + i).getBytes(StandardCharsets.UTF_8));
            }
            return replies;
        });
    }

    /** A batch takes its numbers in one round trip when they come from another process. */
    @Override
    public boolean batchesPayOff() {
        return state.remote();
    }
}
