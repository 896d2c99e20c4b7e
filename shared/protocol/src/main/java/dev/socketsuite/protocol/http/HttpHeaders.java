package dev.socketsuite.protocol.http;

import java.util.ArrayList;
import java.util.List;
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

    /** The fields themselves, for the writer in this package: read-only, and no copy per message. */
    List<Field> view() {
        return fields;
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (var field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                return Optional.of(field.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        List<String> values = List.of(); // most lookups find nothing: allocate only for a match
        for (var field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                if (values.isEmpty()) {
                    values = new ArrayList<>(2);
                }
                values.add(field.value());
            }
        }
        return values;
    }

    /** True when {@code name} is present at all. */
    public boolean contains(String name) {
        return first(name).isPresent();
    }

    /** True when a comma-separated list header holds {@code token} (e.g. {@code Connection: close}). */
    public boolean hasToken(String name, String token) {
        for (var field : fields) {
            if (field.name().equalsIgnoreCase(name)) {
                for (var part : field.value().split(",")) {
                    if (part.trim().equalsIgnoreCase(token)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Number of fields. */
    public int size() {
        return fields.size();
    }
}
