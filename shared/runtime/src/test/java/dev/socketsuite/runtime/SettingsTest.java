package dev.socketsuite.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Settings settings(Map<String, String> values) {
        return new Settings(Config.just(ConfigSources.create(values)));
    }

    @Test
    void readsDurationsOrFallsBack() {
        var settings = settings(Map.of("shutdown.grace", "250ms"));
        assertEquals(Duration.ofMillis(250), settings.duration("shutdown.grace", Duration.ZERO));
        assertEquals(Duration.ofSeconds(3), settings.duration("shutdown.delay", Duration.ofSeconds(3)));
    }

    @Test
    void aBadDurationNamesTheKeyAndItsEnvironmentVariable() {
        var error = assertThrows(StartupException.class,
                () -> settings(Map.of("shutdown.grace", "soon")).duration("shutdown.grace", Duration.ZERO));
        assertTrue(error.getMessage().startsWith("shutdown.grace (env SHUTDOWN_GRACE) must be a duration"), error.getMessage());
        assertThrows(StartupException.class,
                () -> settings(Map.of("shutdown.grace", "-PT1S")).duration("shutdown.grace", Duration.ZERO));
    }
}
