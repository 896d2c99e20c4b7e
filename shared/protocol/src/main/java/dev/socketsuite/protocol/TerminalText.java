package dev.socketsuite.protocol;

/**
 * Makes text safe to print on someone else's terminal: removes ANSI escape sequences
 * (CSI such as colours and cursor moves, OSC such as window titles and hyperlinks, and
 * two-byte escapes) and every other control character, C0, DEL and C1. Tab is kept.
 */
public final class TerminalText {

    private static final char ESC = 0x1b;
    private static final char BEL = 0x07;

    private TerminalText() {
    }

    /** {@code text} without escape sequences or control characters. */
    public static String sanitize(String text) {
        var out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ESC || c == 0x9b || c == 0x9d) {
                i = skipEscape(text, i);
            } else {
                if (c == '\t' || !(Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    /** Index just past the escape sequence that starts at {@code start}. */
    private static int skipEscape(String text, int start) {
        char first = text.charAt(start);
        int i = start + 1;
        boolean csi = first == 0x9b;
        boolean osc = first == 0x9d;
        if (first == ESC) {
            if (i >= text.length()) {
                return i;
            }
            char kind = text.charAt(i++);
            csi = kind == '[';
            osc = kind == ']' || kind == 'P' || kind == '_' || kind == '^';
            if (!csi && !osc) {
                return i; // two-character escape, such as ESC c (reset)
            }
        }
        if (csi) {
            // parameters and intermediates, then one final byte in @..~
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c >= 0x40 && c <= 0x7e) {
                    break;
                }
            }
            return i;
        }
        // OSC/DCS/APC/PM: until BEL, ST (ESC \) or C1 ST; an unterminated one swallows the rest
        while (i < text.length()) {
            char c = text.charAt(i++);
            if (c == BEL || c == 0x9c) {
                break;
            }
            if (c == ESC && i < text.length() && text.charAt(i) == '\\') {
                i++;
                break;
            }
        }
        return i;
    }
}
