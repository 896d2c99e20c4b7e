package dev.socketsuite.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Every config key the services read is a row of docs/configuration.md, and every row is a
 * key something reads. The keys the code reads are the string literals it passes to
 * {@code Settings} (and to the helpers that take a key), and every key of each service's
 * application.yaml, which also holds the keys read under a prefix (chat.web.*).
 */
class ConfigKeysTest {

    private static final Path CONFIGURATION = Markdown.ROOT.resolve("docs/configuration.md");
    /** A key as the code writes it: a section, a dot, then lower-case words. */
    private static final Pattern KEY_LITERAL = Pattern.compile("\"([a-z]+(?:\\.[a-z][a-z0-9-]*)+)\"");
    /** The calls that read a key: Settings' getters and describe, and the helpers that take a key. */
    private static final Pattern KEY_READ = Pattern.compile(
            "(?:settings\\(\\)|settings|Settings)\\.(?:string|list|integer|flag|duration|describe)\\(\\s*\"([^\"]+)\""
                    + "|AddressRanges\\.from\\([^,]+,\\s*\"([^\"]+)\"");
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| `([a-z][a-z0-9.-]+)` \\| `([A-Z0-9_]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyKeyTheServicesReadIsDocumented() throws IOException {
        var documented = documented();
        var missing = new TreeSet<>(readByCode());
        missing.addAll(inApplicationYaml());
        missing.removeAll(documented);
        assertEquals(Set.of(), missing, "keys read but missing from docs/configuration.md");
    }

    @Test
    void everyDocumentedKeyIsRead() throws IOException {
        var read = new TreeSet<>(readByCode());
        read.addAll(inApplicationYaml());
        var stale = new TreeSet<>(documented());
        stale.removeAll(read);
        assertEquals(Set.of(), stale, "keys in docs/configuration.md that nothing reads");
    }

    /** Each row's variable is the one Helidon maps to its key: dots and dashes become underscores. */
    @Test
    void everyRowNamesTheEnvironmentVariableOfItsKey() throws IOException {
        var table = TABLE_ROW.matcher(Files.readString(CONFIGURATION));
        while (table.find()) {
            assertEquals(table.group(1).toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), table.group(2));
        }
    }

    /** The scan finds what it must, so an empty difference above means something. */
    @Test
    void theScanFindsKeysReadUnderEveryForm() throws IOException {
        var read = readByCode();
        for (var key : List.of("listener.port", "listener.socket-mode", "http.trusted-proxies", "state.redis.url", "echo.mode")) {
            assertTrue(read.contains(key), key + " not found in the code");
        }
        assertTrue(inApplicationYaml().contains("chat.web.allowed-origins"));
    }

    private static Set<String> documented() throws IOException {
        var keys = new TreeSet<String>();
        var table = TABLE_ROW.matcher(Files.readString(CONFIGURATION));
        while (table.find()) {
            keys.add(table.group(1));
        }
        assertTrue(keys.size() > 20, "docs/configuration.md has no key table");
        return keys;
    }

    private static Set<String> readByCode() throws IOException {
        var keys = new TreeSet<String>();
        for (var source : sources()) {
            var text = Files.readString(source);
            var read = KEY_READ.matcher(text);
            while (read.find()) {
                var key = read.group(1) != null ? read.group(1) : read.group(2);
                if (KEY_LITERAL.matcher('"' + key + '"').matches()) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Stream.of("shared", "services").map(Markdown.ROOT::resolve).flatMap(ConfigKeysTest::walk)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().contains("/src/main/java/"))
                    .toList();
        }
    }

    private static Set<String> inApplicationYaml() throws IOException {
        var keys = new TreeSet<String>();
        try (Stream<Path> files = walk(Markdown.ROOT.resolve("services"))) {
            for (var yaml : files.filter(path -> path.endsWith("src/main/resources/application.yaml")).toList()) {
                Map<String, Object> tree = new Yaml().load(Files.readString(yaml));
                flatten("", tree, keys);
            }
        }
        return keys;
    }

    private static void flatten(String prefix, Map<String, Object> tree, Set<String> keys) {
        tree.forEach((name, value) -> {
            if (value instanceof Map<?, ?> child) {
                @SuppressWarnings("unchecked")
                var map = (Map<String, Object>) child;
                flatten(prefix + name + ".", map, keys);
            } else {
                keys.add(prefix + name);
            }
        });
    }

    private static Stream<Path> walk(Path dir) {
        try {
            return Files.walk(dir).filter(path -> !path.toString().contains("/target/"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
