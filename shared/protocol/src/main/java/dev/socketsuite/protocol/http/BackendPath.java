package dev.socketsuite.protocol.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import dev.socketsuite.protocol.DurationText;

/**
 * The values a test backend reads from its paths, as httpbin's users write them:
 * {@code /status/{code}}, {@code /delay/{duration}} and {@code /bytes/{n}}. Parsing and
 * bounds only; what is answered is the server's business. Anything malformed or out of
 * bounds is empty, never an exception.
 */
public final class BackendPath {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
    /** httpbin's form: seconds, possibly with a fraction ({@code 1.5}). */
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,9})?");

    private BackendPath() {
    }

    /** A status a response may carry, 200 to 599. */
    public static OptionalInt status(String text) {
        var code = number(text);
        return code.isPresent() && code.getAsInt() >= 200 && code.getAsInt() <= 599 ? code : OptionalInt.empty();
    }

    /** A delay of at most {@code max}: a bare number is seconds ({@code 1.5}), else a duration ({@code 500ms}, {@code 2s}). */
    public static Optional<Duration> delay(String text, Duration max) {
        var delay = SECONDS.matcher(text).matches()
                ? Optional.of(Duration.ofNanos(new BigDecimal(text).movePointRight(9).longValueExact()))
                : DurationText.parse(text);
        return delay.filter(duration -> duration.compareTo(max) <= 0);
    }

    /** A byte count from 0 to {@code max}. */
    public static OptionalInt size(String text, int max) {
        var count = number(text);
        return count.isPresent() && count.getAsInt() <= max ? count : OptionalInt.empty();
    }

    private static OptionalInt number(String text) {
        return DIGITS.matcher(text).matches() ? OptionalInt.of(Integer.parseInt(text)) : OptionalInt.empty();
    }
}
