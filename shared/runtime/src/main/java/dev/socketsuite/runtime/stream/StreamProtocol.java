package dev.socketsuite.runtime.stream;

import java.io.IOException;

/**
 * What a stream service plugs into {@link StreamListener}: its protocol, nothing else. A
 * connection lives on the runtime's event loops; what the protocol implements says where
 * its code runs:
 *
 * <ul>
 *   <li>{@link LoopProtocol}: on the loop, answering each read at once without blocking
 *       (echo, HTTP keep-alive), a reply possibly later; from the first input it cannot
 *       answer whole, on a virtual thread of its own for good (a split HTTP request);</li>
 *   <li>{@link SessionProtocol}: the loop waits for input and a virtual thread handles each
 *       burst, so handling may block while a quiet peer holds no thread (chat);</li>
 *   <li>{@link BlockingProtocol}: a virtual thread serves the connection from start to end.</li>
 * </ul>
 *
 * The runtime opens, counts, limits, times out and closes connections around it, whichever
 * it is. The hooks here are the ones every kind shares.
 */
public sealed interface StreamProtocol permits BlockingProtocol, LoopProtocol, SessionProtocol {

    /**
     * Tells a peer the service is full, in the protocol's words, before the runtime
     * closes it. Runs on a virtual thread of its own. The default says nothing: a bare
     * close is all some protocols have.
     */
    default void rejectBusy(Connection connection) throws IOException {
    }

    /**
     * What to answer a peer that sent plain text to the TLS port, in the protocol's words,
     * before the runtime closes it; null (the default) closes without a word, as a protocol
     * with no way to say it must.
     */
    default byte[] plainTextOnTlsPort() {
        return null;
    }

    /**
     * The listener stopped accepting at shutdown: sessions that would stay open for good
     * (a chat) can say goodbye now and end within {@code shutdown.grace}. The default does
     * nothing: request-reply connections end by themselves.
     */
    default void onDrain() {
    }
}
