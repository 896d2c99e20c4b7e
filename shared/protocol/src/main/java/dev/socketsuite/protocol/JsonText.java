package dev.socketsuite.protocol;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Just enough JSON writing for status and info documents, with correct string escaping. */
public final class JsonText {

    private JsonText() {
    }

    /** A JSON string literal for {@code text}, quotes included. */
    public static String quote(String text) {
        var out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Escaping < and > too keeps the document inert if something renders it as HTML.
                    if (c < 0x20 || c == '<' || c == '>' || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /**
     * A JSON object from an ordered map. Values that are {@link Number}, {@link Boolean} or
     * {@link RawJson} are written as they are, maps as nested objects, collections as arrays,
     * anything else as a string. A number that is not finite has no JSON form and is written as null.
     */
    public static String object(Map<String, ?> fields) {
        return fields.entrySet().stream()
                .map(entry -> quote(entry.getKey()) + ":" + value(entry.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** An ordered map for {@link #object}, from names and values in turn: {@code fields("a", 1, "b", 2)}. */
    public static Map<String, Object> fields(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        var fields = new LinkedHashMap<String, Object>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    /** Already-encoded JSON, inserted as is. */
    public record RawJson(String json) {
    }

    private static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Double number && !Double.isFinite(number)) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(JsonText::value).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof RawJson raw) {
            return raw.json();
        }
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            var nested = (Map<String, ?>) map;
            return object(nested);
        }
        return quote(value.toString());
    }
}
