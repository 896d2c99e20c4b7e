package dev.socketsuite.protocol;

/** Escapes text for HTML element content and quoted attribute values. */
public final class HtmlText {

    private HtmlText() {
    }

    /** {@code text} with {@code & < > " '} escaped, so a reflected value can never become markup. */
    public static String escape(String text) {
        var out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
