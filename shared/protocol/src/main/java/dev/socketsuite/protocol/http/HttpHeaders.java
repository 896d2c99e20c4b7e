package dev.socketsuite.protocol.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Header fields in the order received; names compare case-insensitively. */
public final class HttpHeaders {

    /** One field as received. */
    public record Field(String name, String value) {
    }

    private final List<Field> fields = new ArrayList<>();

    /** Appends a field. */
    public HttpHeaders add(String name, String value) {
        fields.add(new Field(name, value));
        return this;
    }

    /** Every field, in order. */
    public List<Field> fields() {
        return List.copyOf(fields);
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** True when {@code name} is present at all. */
    public boolean contains(String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /** True when a comma-separated list header holds {@code token} (e.g. {@code Connection: close}). */
    public boolean hasToken(String name, String token) {
        var wanted = token.toLowerCase(Locale.ROOT);
        return all(name).stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .anyMatch(part -> part.trim().toLowerCase(Locale.ROOT).equals(wanted));
    }

    /** Number of fields. */
    public int size() {
        return fields.size();
    }
}
