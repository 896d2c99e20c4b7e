package dev.socketsuite.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One {@link LoopProtocol} connection on an {@link EventLoop}: read, answer, write. When
 * the peer shuts its output, we shut ours: the protocol answers only what it reads, so
 * nothing more can come.
 */
final class AnsweringSession extends ReplyingSession {

    private final LoopProtocol protocol;

    AnsweringSession(Connection connection, LoopProtocol protocol) {
        super(connection);
        this.protocol = protocol;
    }

    @Override
    void answer(ByteBuffer received, long readNanos) throws IOException {
        send(protocol.received(received), readNanos);
    }

    @Override
    void replied(long readNanos) {
        protocol.replied(readNanos);
    }

    @Override
    void inputEnded() throws IOException {
        key.cancel();
        connection.shutdownOutput();
        done.complete(null);
    }
}
