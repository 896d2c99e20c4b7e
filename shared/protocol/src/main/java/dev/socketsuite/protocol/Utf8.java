package dev.socketsuite.protocol;

/** UTF-8 facts about text without encoding it. */
public final class Utf8 {

    private Utf8() {
    }

    /**
     * How many bytes {@code text} takes in UTF-8, as {@code getBytes(UTF_8).length} says, without
     * making those bytes: a byte count for a metric should not cost a second encoding of a
     * message the transport encodes anyway. A lone surrogate counts 1, as the encoder's '?'.
     */
    public static int length(CharSequence text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
