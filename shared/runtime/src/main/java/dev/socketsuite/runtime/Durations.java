package dev.socketsuite.runtime;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** Reads durations from config: {@code 250ms}, {@code 10s}, {@code 2m}, or ISO-8601 ({@code PT10S}). */
final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

    private Durations() {
    }

    /** The short form for logs: {@code 250ms}, {@code 10s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    static Duration parse(String key, String text) {
        var trimmed = text.trim();
        var matcher = SHORT_FORM.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            var duration = Duration.parse(trimmed);
            if (!duration.isNegative()) {
                return duration;
            }
        } catch (DateTimeParseException ignored) {
            // fall through to the message below
        }
        throw new StartupException(key + " must be a duration such as 500ms, 10s, 2m or PT10S, not '" + text + "'");
    }
}
