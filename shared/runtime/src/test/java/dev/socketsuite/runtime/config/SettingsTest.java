package dev.socketsuite.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.socketsuite.runtime.StartupException;
import dev.socketsuite.runtime.http.AddressRanges;
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

    @Test
    void theListenQueueDefaultsToTheKernelsCapAndAtLeast4096() throws Exception {
        var somaxconn = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim());
        assertEquals(Math.max(4096, somaxconn), ListenerSettings.from(settings(Map.of())).backlog());
        assertEquals(64, ListenerSettings.from(settings(Map.of("listener.backlog", "64"))).backlog());
        assertThrows(StartupException.class, () -> ListenerSettings.from(settings(Map.of("listener.backlog", "0"))));
    }

    @Test
    void flagsAreTrueOrFalseAndNothingElse() {
        assertTrue(settings(Map.of("listener.proxy-protocol", "TRUE")).flag("listener.proxy-protocol", false));
        assertEquals(false, settings(Map.of()).flag("listener.proxy-protocol", false));
        var error = assertThrows(StartupException.class,
                () -> settings(Map.of("listener.proxy-protocol", "yes")).flag("listener.proxy-protocol", false));
        assertTrue(error.getMessage().startsWith("listener.proxy-protocol (env LISTENER_PROXY_PROTOCOL) must be true or false"),
                error.getMessage());
    }

    @Test
    void aListIsItsStrippedEntriesWithoutBlanks() {
        assertEquals(java.util.List.of("https://a.example", "https://b.example"),
                settings(Map.of("chat.web.allowed-origins", " https://a.example,, https://b.example ,")).list("chat.web.allowed-origins"));
        assertEquals(java.util.List.of(), settings(Map.of()).list("chat.web.allowed-origins"));
    }

    @Test
    void addressRangesMatchByPrefixInEitherFamily() throws Exception {
        var ranges = AddressRanges.from(settings(Map.of("http.trusted-proxies", "10.0.0.0/8, 192.168.1.7,fd00::/8,172.16.0.0/12")),
                "http.trusted-proxies");
        for (var inside : new String[] {"10.1.2.3", "192.168.1.7", "fd12::1", "172.31.255.255"}) {
            assertTrue(ranges.contains(InetAddress.getByName(inside)), inside);
        }
        for (var outside : new String[] {"11.0.0.1", "192.168.1.8", "fe80::1", "172.32.0.0", "::ffff:11.0.0.1"}) {
            assertEquals(false, ranges.contains(InetAddress.getByName(outside)), outside);
        }
        assertTrue(AddressRanges.from(settings(Map.of()), "http.trusted-proxies").isEmpty());
        for (var bad : new String[] {"10.0.0.0/33", "10.0.0.0/x", "proxy.example.com", "10.0.0/8", "::/129"}) {
            var error = assertThrows(StartupException.class,
                    () -> AddressRanges.from(settings(Map.of("http.trusted-proxies", bad)), "http.trusted-proxies"), bad);
            assertTrue(error.getMessage().startsWith("http.trusted-proxies (env HTTP_TRUSTED_PROXIES)"), error.getMessage());
        }
    }
}
