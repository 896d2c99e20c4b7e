package dev.socketsuite.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services sharing one class path (the image) each read the application.yaml of their own jar. */
class ServiceConfigTest {

    /** Stands for a service's Main: loaded from a jar or directory of the test's making. */
    static final class Marker {
    }

    private static final String MARKER = Marker.class.getName().replace('.', '/') + ".class";

    @TempDir
    Path dir;

    @Test
    void readsTheYamlOfTheMainClassJarNotTheFirstOnTheClassPath() throws Exception {
        var other = jar("other.jar", "probe: other service\n", false);
        var own = jar("own.jar", "probe: own service\n", true);
        try (var loader = new URLClassLoader(new URL[] {other.toUri().toURL(), own.toUri().toURL()}, null)) {
            var main = loader.loadClass(Marker.class.getName());
            assertEquals("probe: other service\n", read(loader.getResource("application.yaml")),
                    "the class path's first application.yaml is the other service's");
            assertEquals("own service", ServiceConfig.of(main).get("probe").asString().get());
        }
    }

    @Test
    void readsTheYamlOfAClassesDirectory() throws Exception {
        var classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("application.yaml"), "probe: from classes\n");
        var markerFile = classes.resolve(MARKER);
        Files.createDirectories(markerFile.getParent());
        Files.write(markerFile, markerBytes());
        try (var loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
            assertEquals("from classes", ServiceConfig.of(loader.loadClass(Marker.class.getName()))
                    .get("probe").asString().get());
        }
    }

    @Test
    void aJarWithoutYamlGivesOnlyPropertiesAndEnvironment() throws Exception {
        var bare = jar("bare.jar", null, true);
        try (var loader = new URLClassLoader(new URL[] {bare.toUri().toURL()}, null)) {
            assertFalse(ServiceConfig.of(loader.loadClass(Marker.class.getName())).get("probe").exists());
        }
    }

    @Test
    void systemPropertiesOverrideTheYaml() throws Exception {
        var own = jar("own.jar", "service-config-test-probe: from yaml\n", true);
        System.setProperty("service-config-test-probe", "from property");
        try (var loader = new URLClassLoader(new URL[] {own.toUri().toURL()}, null)) {
            assertEquals("from property", ServiceConfig.of(loader.loadClass(Marker.class.getName()))
                    .get("service-config-test-probe").asString().get());
        } finally {
            System.clearProperty("service-config-test-probe");
        }
    }

    private Path jar(String name, String yaml, boolean withMarker) throws IOException {
        var file = dir.resolve(name);
        try (var out = new JarOutputStream(Files.newOutputStream(file))) {
            if (yaml != null) {
                out.putNextEntry(new JarEntry("application.yaml"));
                out.write(yaml.getBytes(StandardCharsets.UTF_8));
            }
            if (withMarker) {
                out.putNextEntry(new JarEntry(MARKER));
                out.write(markerBytes());
            }
        }
        return file;
    }

    private static byte[] markerBytes() throws IOException {
        try (InputStream in = Marker.class.getResourceAsStream("/" + MARKER)) {
            return in.readAllBytes();
        }
    }

    private static String read(URL url) throws IOException {
        try (var in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
