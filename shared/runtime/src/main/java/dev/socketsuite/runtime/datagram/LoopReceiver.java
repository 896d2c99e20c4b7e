package dev.socketsuite.runtime.datagram;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.socketsuite.runtime.stream.LoopClient;

/**
 * The receive of a {@link DatagramListener} whose handler batches, on one event loop: each
 * time the socket is readable the loop takes what is waiting as a batch and asks the handler
 * for its replies, which come back later (from a round trip to the shared state, made by the
 * same loop at its turn's end); it goes on receiving meanwhile, up to {@link #MAX_IN_FLIGHT}
 * batches, after which the kernel's buffer holds, and past it drops, what comes. Replies go
 * out on the loop. No thread waits for a number, and none is woken for one.
 */
final class LoopReceiver implements LoopClient.Ready {

    private static final System.Logger LOG = System.getLogger(LoopReceiver.class.getName());
    /** Batches waiting for their replies at once: bounds the datagrams held. */
    static final int MAX_IN_FLIGHT = 8;

    private final DatagramListener listener;
    private final DatagramHandler handler;
    private final LoopClient loop = LoopClient.next();
    private final CompletableFuture<Void> answered = new CompletableFuture<>();
    private SelectionKey key;
    private int inFlight;
    private volatile boolean receiving;
    private volatile boolean stopping;

    LoopReceiver(DatagramListener listener, DatagramHandler handler) {
        this.listener = listener;
        this.handler = handler;
    }

    void start(DatagramChannel channel) {
        receiving = true;
        loop.execute(() -> {
            try {
                key = loop.register(channel, SelectionKey.OP_READ, this);
            } catch (ClosedChannelException e) {
                receiving = false;
                answered.complete(null); // stopped before it began
            }
        });
    }

    /** Whether datagrams are taken; false once stopping. */
    boolean serving() {
        return receiving && !stopping;
    }

    @Override
    public void ready(SelectionKey ready, ByteBuffer unused) {
        var batch = new ArrayList<DatagramHandler.Datagram>();
        long taken = listener.takeWaiting(batch);
        if (taken < 0) {
            receiving = false;
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        CompletableFuture<List<byte[]>> replies;
        try {
            replies = handler.repliesLater(batch).toCompletableFuture();
        } catch (RuntimeException e) {
            listener.handlerFailed(batch, e);
            return;
        }
        inFlight++;
        if (inFlight == MAX_IN_FLIGHT) {
            key.interestOps(0);
        }
        replies.whenComplete((answers, error) -> onLoop(() -> {
            if (error != null) {
                listener.handlerFailed(batch, error);
            } else {
                listener.answer(batch, answers, taken);
            }
            inFlight--;
            resume();
        }));
    }

    /** Receives again below the bound; once stopping, says so when the last batch is answered. */
    private void resume() {
        if (stopping) {
            if (inFlight == 0) {
                answered.complete(null);
            }
        } else if (key.isValid() && key.interestOps() == 0) {
            key.interestOps(SelectionKey.OP_READ);
        }
    }

    /** Replies are sent from the loop: they share its buffer, and the loop owns the count in flight. */
    private void onLoop(Runnable work) {
        var current = LoopClient.current();
        if (current != null && current.index() == loop.index()) {
            work.run();
        } else {
            loop.execute(work);
        }
    }

    @Override
    public void failed(Throwable failure) {
        // A bug in a batch's handling: the batch is lost, the receive goes on.
        LOG.log(Level.WARNING, "serving a batch of datagrams failed", failure);
    }

    /** Takes no more datagrams; the batches in flight are still answered. */
    void stop() {
        stopping = true;
        loop.execute(() -> {
            if (key != null && key.isValid()) {
                key.interestOps(0);
            }
            resume();
        });
    }

    /** Waits up to {@code timeout} for the batches taken before the stop to be answered. */
    boolean awaitAnswered(Duration timeout) throws InterruptedException {
        try {
            answered.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }
}
