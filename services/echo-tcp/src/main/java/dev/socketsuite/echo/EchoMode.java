package dev.socketsuite.echo;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.config.Settings;

/** What echo-tcp answers ({@code echo.mode}). */
enum EchoMode {
    /** RFC 862: every byte back, as it arrives. */
    ECHO,
    /** One message in, {@code Hello! You are connection #N} out, close. */
    COUNTER,
    /** One message in, {@code Server received at <time>: <message>} out, close. */
    TIMESTAMP,
    /** A line protocol that shows the connection back: PING, IS_TLS, TEST ({@link InfoExchange}). */
    INFO;

    static EchoMode parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            var known = Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(", "));
            throw new StartupException(Settings.describe("echo.mode") + " must be one of " + known
                    + ", not '" + text + "'");
        }
    }
}
