package dev.socketsuite.runtime.config;

import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Optional;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * A service's config: the {@code application.yaml} of the jar (or classes directory) that
 * holds its {@code Main}, overridden by system properties and then environment variables.
 * <p>
 * Helidon's default takes the first {@code application.yaml} on the class path. The image
 * runs every service from one class path, so that they share one class-data archive; there
 * the first one would be another service's, so each service names its own.
 */
public final class ServiceConfig {

    private static final String FILE = "application.yaml";

    private ServiceConfig() {
    }

    /** The config of the service whose {@code Main} is {@code mainClass}. */
    public static Config of(Class<?> mainClass) {
        var builder = Config.builder();
        defaults(mainClass).ifPresent(url -> builder.addSource(ConfigSources.url(url)));
        return builder.build();
    }

    /** The {@code application.yaml} beside {@code mainClass} in its jar or directory, if it has one. */
    static Optional<URL> defaults(Class<?> mainClass) {
        var codeSource = mainClass.getProtectionDomain().getCodeSource();
        if (codeSource == null || codeSource.getLocation() == null) {
            return Optional.empty();
        }
        try {
            var location = codeSource.getLocation().toURI();
            var file = location.getPath().endsWith("/")
                    ? location.resolve(FILE)
                    : URI.create("jar:" + location + "!/" + FILE);
            var url = file.toURL();
            try (var ignored = url.openStream()) {
                return Optional.of(url);
            }
        } catch (URISyntaxException | MalformedURLException e) {
            throw new IllegalStateException("cannot locate " + FILE + " of " + mainClass.getName(), e);
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
