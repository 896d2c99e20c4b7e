package dev.socketsuite.protocol;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Durations as people write them in config and on command lines: {@code 250ms},
 * {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}). Never negative.
 */
public final class DurationText {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");
    private static final long MAX_AMOUNT = 999_999_999L;
    /**
     * The longest duration read: callers add durations to {@link System#nanoTime()}, and
     * 999999999h or an ISO form of centuries would overflow a long of nanoseconds.
     */
    public static final Duration MAX = Duration.ofDays(3650);

    private DurationText() {
    }

    /** The duration {@code text} names, or empty when it names none or more than {@link #MAX}. */
    public static Optional<Duration> parse(String text) {
        var trimmed = text.trim();
        var matcher = SHORT_FORM.matcher(trimmed);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return Optional.of(switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            }).filter(duration -> duration.compareTo(MAX) <= 0);
        }
        try {
            return Optional.of(Duration.parse(trimmed))
                    .filter(duration -> !duration.isNegative() && duration.compareTo(MAX) <= 0);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The short form for logs, {@code 250ms} or {@code 10s}, which {@link #parse} reads back.
     * A duration too long for nine digits of those takes minutes or hours when their count
     * fits ({@code 22042020m}), or else the ISO-8601 form.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 != 0 && millis <= MAX_AMOUNT) {
            return millis + "ms";
        }
        String[] units = {"s", "m", "h"};
        long[] sizes = {1000, 60_000, 3_600_000};
        for (int i = 0; i < units.length; i++) {
            if (millis % sizes[i] == 0 && millis / sizes[i] <= MAX_AMOUNT) {
                return millis / sizes[i] + units[i];
            }
        }
        return duration.toString();
    }
}
