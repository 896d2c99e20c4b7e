package dev.socketsuite.client;

import java.time.Duration;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** {@code 250ms}, {@code 5s}, {@code 2m}, or ISO-8601 ({@code PT5S}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m)");

    @Override
    public Duration convert(String text) {
        var matcher = SHORT.matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMinutes(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("expected a duration such as 500ms, 5s or 2m, not '" + text + "'");
        }
    }
}
