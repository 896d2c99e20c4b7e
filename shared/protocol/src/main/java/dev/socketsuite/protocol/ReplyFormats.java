package dev.socketsuite.protocol;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The one-line replies the services send, kept in one place so the services and the
 * client agree on every byte. The texts come from the origin documents, so clients
 * written against those keep working.
 */
public final class ReplyFormats {

    /** Timestamp layout of the echo-tcp timestamp mode. */
    public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private static final String CONNECTION_PREFIX = "Hello! You are connection #";
    private static final String DATAGRAM_PREFIX = "Received! Message #";
    private static final String TIMESTAMP_PREFIX = "Server received at ";
    private static final Pattern TIMESTAMPED = Pattern.compile(
            "Server received at (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}): (.*)", Pattern.DOTALL);

    private ReplyFormats() {
    }

    /** echo-tcp counter mode: {@code Hello! You are connection #N}. */
    public static String connectionGreeting(long connectionNumber) {
        return CONNECTION_PREFIX + connectionNumber;
    }

    /** counter-udp: {@code Received! Message #N}. */
    public static String datagramAck(long messageNumber) {
        return DATAGRAM_PREFIX + messageNumber;
    }

    /** echo-tcp timestamp mode: {@code Server received at yyyy-MM-dd HH:mm:ss: <message>}. */
    public static String timestamped(LocalDateTime receivedAt, String message) {
        return TIMESTAMP_PREFIX + TIMESTAMP.format(receivedAt) + ": " + message;
    }

    /** The N of a connection greeting, or empty when the text is not one. */
    public static OptionalLong parseConnectionGreeting(String reply) {
        return numberAfter(CONNECTION_PREFIX, reply);
    }

    /** The N of a datagram acknowledgement, or empty when the text is not one. */
    public static OptionalLong parseDatagramAck(String reply) {
        return numberAfter(DATAGRAM_PREFIX, reply);
    }

    /** The message part of a timestamped reply, or {@code null} when the text is not one. */
    public static String parseTimestampedMessage(String reply) {
        var matcher = TIMESTAMPED.matcher(reply);
        return matcher.matches() ? matcher.group(2) : null;
    }

    private static OptionalLong numberAfter(String prefix, String reply) {
        if (reply == null || !reply.startsWith(prefix) || reply.length() == prefix.length()) {
            return OptionalLong.empty();
        }
        var digits = reply.substring(prefix.length());
        if (digits.length() > 18 || !digits.chars().allMatch(Character::isDigit)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(digits));
    }
}
