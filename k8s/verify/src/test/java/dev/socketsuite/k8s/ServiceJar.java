package dev.socketsuite.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarFile;

import org.yaml.snakeyaml.Yaml;

/** A packaged service as the image holds it: its jar, and the config keys its application.yaml declares. */
record ServiceJar(String service, Path jar, Map<String, String> defaults) {

    /** Keys every service reads through the shared runtime, whether or not its yaml lists them. */
    private static final Set<String> RUNTIME_KEYS = Set.of("listener.host", "listener.port", "listener.path",
            "listener.max-connections", "listener.max-connections-per-address", "listener.idle-timeout", "listener.backlog",
            "listener.proxy-protocol", "server.host", "server.port",
            "shutdown.delay", "shutdown.grace", "state.backend", "state.redis.url", "state.redis.password",
            "state.redis.timeout", "state.redis.pool-size", "state.redis.key-prefix", "state.redis.sentinels",
            "state.redis.master-name", "state.redis.sentinel-password", "state.redis.min-replicas", "control.enabled");

    static ServiceJar of(String service) {
        var jar = Manifests.ROOT.resolve("services").resolve(service).resolve("target").resolve(service + ".jar");
        try (var file = new JarFile(jar.toFile())) {
            var entry = file.getJarEntry("application.yaml");
            Map<String, Object> yaml = new Yaml().load(file.getInputStream(entry));
            var flat = new TreeMap<String, String>();
            flatten("", yaml, flat);
            return new ServiceJar(service, jar, flat);
        } catch (IOException e) {
            throw new UncheckedIOException(jar + " is missing or unreadable: package the services first", e);
        }
    }

    /** True when {@code name} is the environment form of a key this service reads. */
    boolean knowsEnv(String name) {
        return RUNTIME_KEYS.stream().anyMatch(key -> envName(key).equals(name))
                || defaults.keySet().stream().anyMatch(key -> envName(key).equals(name));
    }

    /** The value the service runs with: the environment's, else its yaml default, else null. */
    String effective(Map<String, String> env, String key) {
        return env.getOrDefault(envName(key), defaults.get(key));
    }

    /** Helidon's mapping from a config key to its environment variable. */
    static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> node, Map<String, String> into) {
        for (var entry : node.entrySet()) {
            var key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            if (entry.getValue() instanceof Map<?, ?> child) {
                flatten(key, (Map<String, Object>) child, into);
            } else {
                into.put(key, String.valueOf(entry.getValue()));
            }
        }
    }
}
