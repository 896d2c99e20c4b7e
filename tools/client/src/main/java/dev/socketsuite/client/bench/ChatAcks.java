package dev.socketsuite.client.bench;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A chat member's acknowledgements as its reader sees them, and whether the server has cut it
 * off: what an exchange waits for, over TCP ({@link ChatWorker}) or WebSocket ({@link WebSocketChatWorker}).
 */
final class ChatAcks {

    private final Semaphore acks = new Semaphore(0);
    private volatile boolean gone;

    void acknowledged() {
        acks.release();
    }

    /** The connection ended: an exchange waiting now stops waiting, and fails. */
    void gone() {
        gone = true;
        acks.release();
    }

    boolean isGone() {
        return gone;
    }

    /** Waits for the next acknowledgement, {@link LoadWorker#REPLY_TIMEOUT} at most. */
    void await() throws IOException {
        try {
            if (!acks.tryAcquire(LoadWorker.REPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LoadWorker.LostReply();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (gone) {
            throw new IOException("disconnected by the server");
        }
    }
}
