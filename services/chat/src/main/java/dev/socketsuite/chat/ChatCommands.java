package dev.socketsuite.chat;

import java.lang.System.Logger.Level;
import java.util.Locale;

import dev.socketsuite.protocol.ChatFormats;
import dev.socketsuite.protocol.TerminalText;
import dev.socketsuite.runtime.metrics.ServiceMetrics;

/**
 * What a member's line does in the room, however it came (a TCP line, a WebSocket message):
 * a message to relay, or a command. Lines over the member's rate are refused here.
 */
final class ChatCommands {

    private static final System.Logger LOG = System.getLogger(ChatCommands.class.getName());
    private static final String COMMANDS = "commands: /nick NAME, /who, /whois NICK, /offsets on|off, /offset, /resume N, /help, /quit";

    private final Room room;
    private final ChatRate rate;
    private final ServiceMetrics metrics;
    private final ServiceMetrics.Latency latency;

    ChatCommands(Room room, ChatRate rate, ServiceMetrics metrics) {
        this.room = room;
        this.rate = rate;
        this.metrics = metrics;
        this.latency = metrics.latency("chat_relay");
    }

    Room room() {
        return room;
    }

    /** A new member's flood guard. */
    ChatRate.Guard newGuard() {
        return rate.newGuard();
    }

    /** An over-long line: the author is told, the line is dropped, the connection stays. */
    void refuseLine(ChatMember member, int limit) {
        LOG.log(Level.WARNING, "{0} ({1}) sent a line over {2} bytes; dropped", member.nick(),
                member.outlet().peer(), String.valueOf(limit));
        metrics.error("line_too_long");
        room.tell(member, ChatFormats.error("line longer than " + limit + " bytes, dropped"));
    }

    /** One line from {@code member}, whose flood guard is {@code flood}; null (no line) does nothing. */
    void onLine(ChatMember member, ChatRate.Guard flood, String raw) {
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
                        member.nick(), member.outlet().peer());
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
        var argument = parts.length > 1 ? parts[1].strip() : "";
        switch (parts[0]) {
            case "/nick" -> room.rename(member, argument);
            case "/who" -> room.who(member);
            case "/whois" -> whois(member, argument);
            case "/help" -> room.tell(member, ChatFormats.notice(COMMANDS));
            case "/quit" -> {
                room.tell(member, ChatFormats.notice("bye"));
                room.leave(member, null);
            }
            case "/offsets" -> offsets(member, argument);
            case "/offset" -> room.offset(member);
            case "/resume" -> resume(member, argument);
            default -> room.tell(member, ChatFormats.error("unknown command " + parts[0] + " (" + COMMANDS + ")"));
        }
    }

    /**
     * {@code /whois NICK}: the SHA-256 of the certificate that member showed over TLS, as IRC
     * servers show a client's certificate fingerprint. Only members of this replica are known.
     */
    private void whois(ChatMember asker, String nick) {
        if (nick.isEmpty()) {
            room.tell(asker, ChatFormats.error("usage: /whois NICK"));
            return;
        }
        var member = room.here(nick);
        if (member == null) {
            room.tell(asker, ChatFormats.error("no member " + nick + " here"));
            return;
        }
        var sha256 = member.outlet().certificateSha256();
        room.tell(asker, ChatFormats.notice(member.nick() + (sha256 == null ? " has no client certificate"
                : " has client certificate sha256 " + sha256)));
    }

    /** {@code /offsets on|off}: each relayed line with its room offset in front, or not. */
    private void offsets(ChatMember member, String argument) {
        var choice = argument.toLowerCase(Locale.ROOT);
        switch (choice) {
            case "on", "off" -> {
                member.showOffsets(choice.equals("on"));
                room.tell(member, ChatFormats.notice("offsets " + choice));
            }
            default -> room.tell(member, ChatFormats.error("usage: /offsets on|off"));
        }
    }

    /** {@code /resume N}: what came after offset N, as a member that reconnects asks for it. */
    private void resume(ChatMember member, String argument) {
        long after = offset(argument);
        if (after < 0) {
            metrics.error("bad_command");
            room.tell(member, ChatFormats.error("usage: /resume N, where N is the offset of the last line you saw"));
            return;
        }
        room.resume(member, after);
    }

    /** An offset a client hands back ({@code /resume N}, {@code ?since=N}): 0 or more; -1 when the text is none. */
    static long offset(String text) {
        try {
            return Math.max(-1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
