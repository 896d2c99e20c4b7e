package dev.socketsuite.client.bench;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/** One connection of a benchmark: does one request/reply exchange per call. */
interface LoadWorker extends Closeable {

    /** How long an exchange waits for its reply before its connection counts as broken. */
    Duration REPLY_TIMEOUT = Duration.ofSeconds(5);

    /** How long opening a connection may take. */
    Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * One exchange. Returns normally when the reply was right; throws {@link LostReply}
     * when none came in time, {@link WrongReply} when it came but was wrong, and
     * {@link IOException} when the connection broke.
     */
    void exchange() throws IOException;

    /** No reply within the wait (UDP). */
    final class LostReply extends IOException {
        LostReply() {
            super("no reply");
        }
    }

    /** A reply that does not match the request. */
    final class WrongReply extends IOException {
        WrongReply(String what) {
            super(what);
        }
    }
}
