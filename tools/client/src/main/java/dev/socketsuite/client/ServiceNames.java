package dev.socketsuite.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedSet;

/**
 * Names of well-known TCP ports, read from the {@code services.txt} table in the jar (in the
 * spirit of nmap-services), in the order {@code --top-ports} tries them.
 */
final class ServiceNames {

    static final int MAX_PORT = 65_535;
    private static final Map<Integer, String> RANKED = load();

    private ServiceNames() {
    }

    /** The service usually on {@code port}, or {@code unknown}. */
    static String of(int port) {
        return RANKED.getOrDefault(port, "unknown");
    }

    /** The {@code count} ports most worth trying: the table's, then every other port in order. */
    static SequencedSet<Integer> top(int count) {
        var ports = new LinkedHashSet<Integer>();
        for (int port : RANKED.keySet()) {
            if (ports.size() == count) {
                return ports;
            }
            ports.add(port);
        }
        for (int port = 1; port <= MAX_PORT && ports.size() < count; port++) {
            ports.add(port);
        }
        return ports;
    }

    private static Map<Integer, String> load() {
        var table = new LinkedHashMap<Integer, String>();
        try (var in = ServiceNames.class.getResourceAsStream("services.txt")) {
            var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                var fields = line.replaceFirst("#.*", "").strip().split("\\s+");
                if (fields.length == 2 && fields[1].endsWith("/tcp")) {
                    table.putIfAbsent(Integer.parseInt(fields[1].substring(0, fields[1].length() - 4)), fields[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("services.txt is missing from the jar", e);
        }
        return Collections.unmodifiableMap(table);
    }
}
