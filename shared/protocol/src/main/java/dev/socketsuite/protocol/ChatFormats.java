package dev.socketsuite.protocol;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The lines of the chat protocol. Every line the server sends ends in LF; the welcome
 * and the acknowledgement carry the origin document's exact words.
 */
public final class ChatFormats {

    /** Sent once on connect. */
    public static final String WELCOME = "Hello from the socket server!";
    /** Sent to the author of each message. */
    public static final String ACK = "Received your message!";
    /** Sent to a peer refused because the room is full, before the close. */
    public static final String SERVER_FULL = "server full";
    /** What a nickname may be: 1-32 letters, digits, {@code _} or {@code -}. */
    public static final Pattern NICK = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private static final Pattern RELAY = Pattern.compile("\\[([A-Za-z0-9_-]{1,32})] (.*)", Pattern.DOTALL);

    private ChatFormats() {
    }

    /** A message as the other clients see it: {@code [nick] text}. */
    public static String relay(String nick, String text) {
        return "[" + nick + "] " + text;
    }

    /** The two parts of a relayed line: who wrote it, and what. */
    public record Relayed(String nick, String text) {
    }

    /** The parts of a relayed line, or null when the line is not a relay. */
    public static Relayed relayed(String line) {
        var matcher = RELAY.matcher(line);
        return matcher.matches() ? new Relayed(matcher.group(1), matcher.group(2)) : null;
    }

    /** The nick of a relayed line, or null when the line is not a relay. */
    public static String relayNick(String line) {
        var relayed = relayed(line);
        return relayed == null ? null : relayed.nick();
    }

    /** The text of a relayed line, or null when the line is not a relay. */
    public static String relayText(String line) {
        var relayed = relayed(line);
        return relayed == null ? null : relayed.text();
    }

    /** Sent to every member before a replica closes for shutdown. */
    public static final String RESTARTING = notice("server restarting, please reconnect");
    /** Sent instead of the ACK to a member over its message rate. */
    public static final String SLOW_DOWN = error("slow down");

    /**
     * A message from before the newcomer joined, replayed after the welcome: a notice, so
     * no client mistakes it for a live {@code [nick] text} line.
     */
    public static String history(String relayed) {
        return notice("history: " + relayed);
    }

    /** {@code * nick joined}, to everyone but the newcomer. */
    public static String joined(String nick) {
        return notice(nick + " joined");
    }

    /** {@code * nick left}, with {@code (reason)} when the server ended it; reason null or empty otherwise. */
    public static String left(String nick, String reason) {
        return notice(nick + " left" + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"));
    }

    /** {@code * old is now new}. */
    public static String renamed(String oldNick, String newNick) {
        return notice(oldNick + " is now " + newNick);
    }

    /** A line with its room offset in front, for a member that asked for offsets: {@code #N line}. */
    public static String numbered(long offset, String line) {
        return "#" + offset + " " + line;
    }

    /** Told before a replay when the room no longer keeps {@code count} of the lines asked for. */
    public static String missed(long count, String why) {
        return notice("missed " + count + " message" + (count == 1 ? "" : "s") + " (" + why + ")");
    }

    /** The answer to {@code /offset}. */
    public static String offset(long offset) {
        return notice("offset " + offset);
    }

    /** A server notice: {@code * text}. */
    public static String notice(String text) {
        return "* " + text;
    }

    /** An error for the client that caused it: {@code error: text}. */
    public static String error(String text) {
        return "error: " + text;
    }

    /** The answer to {@code /who}. */
    public static String who(Collection<String> nicks) {
        return notice("online (" + nicks.size() + "): " + String.join(", ", nicks));
    }

    /** A protocol line as bytes, with its LF. */
    public static byte[] line(String text) {
        return (text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
