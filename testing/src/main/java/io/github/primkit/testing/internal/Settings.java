package io.github.primkit.testing.internal;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which backends run, and which must: {@code primkit.backends} / {@code PRIMKIT_BACKENDS} and
 * {@code primkit.backends.required} / {@code PRIMKIT_BACKENDS_REQUIRED}, comma separated. A required backend is
 * always selected. An empty selection means every registered backend.
 */
public record Settings(Set<String> selected, Set<String> required) {
    static final String SELECTED_PROPERTY = "primkit.backends";
    static final String REQUIRED_PROPERTY = "primkit.backends.required";

    public static Settings fromEnvironment() {
        return new Settings(read(SELECTED_PROPERTY, "PRIMKIT_BACKENDS"),
                read(REQUIRED_PROPERTY, "PRIMKIT_BACKENDS_REQUIRED"));
    }

    static Set<String> parse(String value) {
        if (value == null || value.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> read(String property, String environmentVariable) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentVariable);
        }
        return parse(value);
    }

    void validate(Set<String> known) {
        for (String name : selected) {
            if (!known.contains(name)) {
                throw new IllegalStateException(SELECTED_PROPERTY + " names unknown backend \"" + name + "\"; known: "
                        + known);
            }
        }
        for (String name : required) {
            if (!known.contains(name)) {
                throw new IllegalStateException(REQUIRED_PROPERTY + " names unknown backend \"" + name
                        + "\"; known: " + known);
            }
        }
    }

    boolean isSelected(String name) {
        return selected.isEmpty() || selected.contains(name) || required.contains(name);
    }

    public boolean isRequired(String name) {
        return required.contains(name);
    }
}
