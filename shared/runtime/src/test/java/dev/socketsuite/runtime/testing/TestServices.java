package dev.socketsuite.runtime.testing;

import java.util.HashMap;
import java.util.Map;

import dev.socketsuite.runtime.ListenerFactory;
import dev.socketsuite.runtime.RunningService;
import dev.socketsuite.runtime.SocketService;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Starts a real service in the test JVM on free ports: the service's own
 * {@code application.yaml} with the given keys on top, and nothing from the environment.
 */
public final class TestServices {

    private TestServices() {
    }

    /**
     * Starts with {@code server.port}, and {@code listener.port} when the service's
     * application.yaml has one, set to 0 unless overridden.
     */
    public static RunningService start(String name, ListenerFactory factory, Map<String, String> overrides) {
        return SocketService.start(name, config(overrides), factory);
    }

    /** The config {@link #start} would use. */
    public static Config config(Map<String, String> overrides) {
        var values = new HashMap<String, String>();
        if (Config.just(ConfigSources.classpath("application.yaml").optional()).get("listener.port").exists()) {
            values.put("listener.port", "0");
        }
        values.put("server.port", "0");
        values.put("server.host", "127.0.0.1");
        values.putAll(overrides);
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values))
                .addSource(ConfigSources.classpath("application.yaml").optional())
                .build();
    }
}
