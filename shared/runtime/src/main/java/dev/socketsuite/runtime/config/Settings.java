package dev.socketsuite.runtime.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.socketsuite.protocol.DurationText;
import dev.socketsuite.runtime.StartupException;
import io.helidon.config.Config;

/**
 * Typed reads of config values that fail with a message naming the key and its
 * environment variable, so a typo never becomes a stack trace.
 */
public final class Settings {

    private final Config root;

    public Settings(Config root) {
        this.root = root;
    }

    /** The raw Helidon config, for sections a service reads itself. */
    public Config config() {
        return root;
    }

    /** A string value, or the fallback when the key is absent. */
    public String string(String key, String fallback) {
        return root.get(key).asString().orElse(fallback);
    }

    /** A comma list ({@code a, b,c}): its entries stripped, blank ones dropped; empty when absent. */
    public List<String> list(String key) {
        return Arrays.stream(string(key, "").split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    /** An integer within [min, max], or the fallback when absent. */
    public int integer(String key, int fallback, int min, int max) {
        var text = root.get(key).asString().orElse(null);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StartupException(describe(key) + " must be a whole number from " + min + " to " + max
                + ", not '" + text + "'");
    }

    /** {@code true} or {@code false}, or the fallback when absent. */
    public boolean flag(String key, boolean fallback) {
        var text = root.get(key).asString().orElse(null);
        if (text == null) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new StartupException(describe(key) + " must be true or false, not '" + text + "'");
        };
    }

    /** A duration ({@code 500ms}, {@code 10s}, {@code PT10S}), or the fallback when absent. */
    public Duration duration(String key, Duration fallback) {
        var text = root.get(key).asString().orElse(null);
        if (text == null) {
            return fallback;
        }
        return DurationText.parse(text).orElseThrow(() -> new StartupException(describe(key)
                + " must be a duration such as 500ms, 10s, 2m or PT10S, at most 3650 days, not '" + text + "'"));
    }

    /** {@code listener.max-connections (env LISTENER_MAX_CONNECTIONS)}: how to name a key in a message. */
    public static String describe(String key) {
        return key + " (env " + key.toUpperCase().replace('.', '_').replace('-', '_') + ")";
    }
}
