package dev.socketsuite.protocol;

/**
 * A chat line as a WebSocket member gets it: one JSON object per line, with the line's parts
 * named. Built from the line a TCP member would get, so both kinds of member always see the
 * same room.
 *
 * @param offset the line's room offset, or null for a line outside the room's order (a reply to one member)
 * @param kind   {@code message}, {@code notice}, {@code error}, {@code ack} or {@code history}
 * @param nick   who wrote a message or history line, else null
 * @param text   the message's text, or the notice or error without its marker
 */
public record ChatEvent(Long offset, String kind, String nick, String text) {

    private static final String HISTORY = ChatFormats.notice("history: ");
    private static final String NOTICE = ChatFormats.notice("");
    private static final String ERROR = ChatFormats.error("");

    /** The event a server line stands for; {@code #N } in front is its offset. */
    public static ChatEvent of(String line) {
        Long offset = null;
        var rest = line;
        int space = line.indexOf(' ');
        if (line.startsWith("#") && space > 1 && line.substring(1, space).chars().allMatch(Character::isDigit)) {
            offset = Long.parseLong(line.substring(1, space));
            rest = line.substring(space + 1);
        }
        if (rest.equals(ChatFormats.ACK)) {
            return new ChatEvent(offset, "ack", null, rest);
        }
        if (rest.startsWith(ERROR)) {
            return new ChatEvent(offset, "error", null, rest.substring(ERROR.length()));
        }
        if (rest.startsWith(HISTORY)) {
            var replayed = rest.substring(HISTORY.length());
            var relayed = ChatFormats.relayed(replayed);
            if (relayed != null) {
                return new ChatEvent(offset, "history", relayed.nick(), relayed.text());
            }
            // A replayed notice (a join, a leave) loses its marker as a live one does.
            return new ChatEvent(offset, "history", null,
                    replayed.startsWith(NOTICE) ? replayed.substring(NOTICE.length()) : replayed);
        }
        if (rest.startsWith(NOTICE)) {
            return new ChatEvent(offset, "notice", null, rest.substring(NOTICE.length()));
        }
        var relayed = ChatFormats.relayed(rest);
        if (relayed != null) {
            return new ChatEvent(offset, "message", relayed.nick(), relayed.text());
        }
        return new ChatEvent(offset, rest.equals(ChatFormats.SERVER_FULL) ? "error" : "notice", null, rest);
    }

    /** {@code {"offset":N,"kind":"...","nick":"...","text":"..."}}, absent parts as null. */
    public String json() {
        return JsonText.object(JsonText.fields("offset", offset, "kind", kind, "nick", nick, "text", text));
    }
}
