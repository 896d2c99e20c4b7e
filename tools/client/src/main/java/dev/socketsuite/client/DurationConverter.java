package dev.socketsuite.client;

import java.time.Duration;

import dev.socketsuite.protocol.DurationText;
import picocli.CommandLine;

/** Lets picocli read durations the way the services' config does: {@code 500ms}, {@code 5s}, {@code PT5S}. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String text) {
        return DurationText.parse(text).orElseThrow(() -> new CommandLine.TypeConversionException(
                "expected a duration such as 500ms, 5s or 2m, not '" + text + "'"));
    }
}
