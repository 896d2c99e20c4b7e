package dev.socketsuite.chat;

import java.io.IOException;
import java.time.Duration;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.protocol.LineDecoder;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.stream.Session;
import dev.socketsuite.runtime.stream.SessionProtocol;

/**
 * A TCP member's bytes as lines for the room ({@link ChatCommands}). A message ends at LF, or at a pause of
 * {@code quietPeriod} after unterminated bytes, so a client that writes one bare message
 * per send (as the origin document's client does) gets one ACK per message. A member that
 * says nothing holds no thread: the runtime waits for its input.
 */
final class ChatProtocol implements SessionProtocol {

    private final ChatCommands commands;
    private final Room room;
    private final int maxLine;
    private final Duration quietPeriod;

    ChatProtocol(ChatCommands commands, int maxLine, Duration quietPeriod) {
        this.commands = commands;
        this.room = commands.room();
        this.maxLine = maxLine;
        this.quietPeriod = quietPeriod;
    }

    @Override
    public Session open(Connection connection) {
        var member = room.join(new TcpOutlet(connection), false, Room.NEWCOMER);
        return member == null ? null : new MemberInput(member);
    }

    @Override
    public void rejectBusy(Connection connection) throws IOException {
        connection.output().write(ChatFormats.line(ChatFormats.SERVER_FULL));
    }

    @Override
    public void onDrain() {
        room.closeForRestart();
    }

    /** One member's input: its partial line and its flood guard. */
    private final class MemberInput implements Session {

        private final ChatMember member;
        private final ChatRate.Guard flood = commands.newGuard();
        private final LineDecoder decoder = new LineDecoder(maxLine);

        MemberInput(ChatMember member) {
            this.member = member;
        }

        @Override
        public void received(byte[] bytes) {
            for (var line : decoder.feed(bytes, 0, bytes.length)) {
                switch (line) {
                    case LineDecoder.Line.Text text -> commands.onLine(member, flood, text.text());
                    case LineDecoder.Line.TooLong tooLong -> commands.refuseLine(member, tooLong.limit());
                }
            }
        }

        @Override
        public Duration quietPeriod() {
            return decoder.hasPartial() ? ChatProtocol.this.quietPeriod : Duration.ZERO;
        }

        @Override
        public void quiet() {
            commands.onLine(member, flood, decoder.flushPartial());
        }

        @Override
        public void ended(boolean endOfStream) {
            try {
                if (endOfStream) {
                    commands.onLine(member, flood, decoder.flushPartial());
                }
            } finally {
                room.leave(member, null);
            }
        }
    }
}
