package dev.socketsuite.chat;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.protocol.LineDecoder;
import dev.socketsuite.protocol.TerminalText;
import dev.socketsuite.runtime.metrics.ServiceMetrics;
import dev.socketsuite.runtime.stream.Connection;
import dev.socketsuite.runtime.stream.Session;
import dev.socketsuite.runtime.stream.SessionProtocol;

/**
 * Turns one client's lines into room events. A message ends at LF, or at a pause of
 * {@code quietPeriod} after unterminated bytes, so a client that writes one bare message
 * per send (as the origin document's client does) gets one ACK per message. A member that
 * says nothing holds no thread: the runtime waits for its input.
 */
final class ChatProtocol implements SessionProtocol {

    private static final System.Logger LOG = System.getLogger(ChatProtocol.class.getName());
    private static final String COMMANDS = "commands: /nick NAME, /who, /offsets on|off, /offset, /resume N, /quit";

    private final Room room;
    private final int maxLine;
    private final Duration quietPeriod;
    private final ChatRate rate;
    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;

    ChatProtocol(Room room, int maxLine, Duration quietPeriod, ChatRate rate, ServiceMetrics metrics) {
        this.room = room;
        this.maxLine = maxLine;
        this.quietPeriod = quietPeriod;
        this.rate = rate;
        this.metrics = metrics;
        this.latency = metrics.latency("chat_relay");
    }

    @Override
    public Session open(Connection connection) {
        var member = room.join(connection);
        return member == null ? null : new MemberInput(member);
    }

    @Override
    public void rejectBusy(Connection connection) throws IOException {
        connection.output().write(ChatFormats.line(ChatFormats.SERVER_FULL));
    }

    /** An over-long line: the author is told, the line is dropped, the connection stays. */
    private void refuseLine(ChatMember member, int limit) {
        LOG.log(Level.WARNING, "{0} ({1}) sent a line over {2} bytes; dropped", member.nick(),
                member.connection().peer(), String.valueOf(limit));
        metrics.error("line_too_long");
        room.tell(member, ChatFormats.error("line longer than " + limit + " bytes, dropped"));
    }

    @Override
    public void onDrain() {
        room.closeForRestart();
    }

    private void onLine(ChatMember member, ChatRate.Guard flood, String raw) {
        if (raw == null) {
            return;
        }
        var text = TerminalText.sanitize(raw).strip();
        if (text.isEmpty()) {
            return;
        }
        if (!text.equals("/quit") && !flood.allows()) { // leaving is never refused
            if (flood.firstRefusal()) {
                LOG.log(Level.WARNING, "{0} ({1}) is over chat.rate; refusing its lines until it slows down",
                        member.nick(), member.connection().peer());
            }
            metrics.error("rate_limited");
            room.tell(member, ChatFormats.SLOW_DOWN);
            return;
        }
        if (!text.startsWith("/")) {
            long started = System.nanoTime();
            room.say(member, text);
            latency.since(started);
            return;
        }
        var parts = text.split("\\s+", 2);
        switch (parts[0]) {
            case "/nick" -> room.rename(member, parts.length > 1 ? parts[1].strip() : "");
            case "/who" -> room.who(member);
            case "/quit" -> {
                room.tell(member, ChatFormats.notice("bye"));
                room.leave(member, null);
            }
            case "/offsets" -> offsets(member, parts.length > 1 ? parts[1].strip() : "");
            case "/offset" -> room.offset(member);
            case "/resume" -> resume(member, parts.length > 1 ? parts[1].strip() : "");
            default -> room.tell(member, ChatFormats.error("unknown command " + parts[0] + " (" + COMMANDS + ")"));
        }
    }

    /** {@code /offsets on|off}: each relayed line with its room offset in front, or not. */
    private void offsets(ChatMember member, String argument) {
        switch (argument.toLowerCase(java.util.Locale.ROOT)) {
            case "on", "off" -> {
                member.showOffsets(argument.equalsIgnoreCase("on"));
                room.tell(member, ChatFormats.notice("offsets " + argument.toLowerCase(java.util.Locale.ROOT)));
            }
            default -> room.tell(member, ChatFormats.error("usage: /offsets on|off"));
        }
    }

    /** {@code /resume N}: what came after offset N, as a member that reconnects asks for it. */
    private void resume(ChatMember member, String argument) {
        long after;
        try {
            after = Long.parseLong(argument);
        } catch (NumberFormatException e) {
            after = -1;
        }
        if (after < 0) {
            metrics.error("bad_command");
            room.tell(member, ChatFormats.error("usage: /resume N, where N is the offset of the last line you saw"));
            return;
        }
        room.resume(member, after);
    }

    /** One member's input: its partial line and its flood guard. */
    private final class MemberInput implements Session {

        private final ChatMember member;
        private final ChatRate.Guard flood = rate.newGuard();
        private final LineDecoder decoder = new LineDecoder(maxLine);

        MemberInput(ChatMember member) {
            this.member = member;
        }

        @Override
        public void received(byte[] bytes) {
            for (var line : decoder.feed(bytes, 0, bytes.length)) {
                switch (line) {
                    case LineDecoder.Line.Text text -> onLine(member, flood, text.text());
                    case LineDecoder.Line.TooLong tooLong -> refuseLine(member, tooLong.limit());
                }
            }
        }

        @Override
        public Duration quietPeriod() {
            return decoder.hasPartial() ? ChatProtocol.this.quietPeriod : Duration.ZERO;
        }

        @Override
        public void quiet() {
            onLine(member, flood, decoder.flushPartial());
        }

        @Override
        public void ended(boolean endOfStream) {
            try {
                if (endOfStream) {
                    onLine(member, flood, decoder.flushPartial());
                }
            } finally {
                room.leave(member, null);
            }
        }
    }
}
