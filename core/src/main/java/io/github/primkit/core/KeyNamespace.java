package io.github.primkit.core;

/**
 * The key prefix of one pattern instance, e.g. {@code orders}, and the factory of its keys.
 *
 * <p>Keys that one script touches together come from one {@link KeyGroup}: {@code namespace.group("42")} yields
 * {@code {orders:42}:lock}, {@code {orders:42}:fence}, ... whose hash tag {@code {orders:42}} puts them all in one Redis
 * Cluster slot, so multi-key scripts run on Cluster as on a single server. Keys used alone come from {@link #key}.
 *
 * <p>A namespace is a non-blank string without white space, control characters or braces (a brace would change which
 * part of a key Redis Cluster hashes). Instances are immutable and thread-safe.
 */
public final class KeyNamespace {
    private final String name;

    private KeyNamespace(String name) {
        this.name = name;
    }

    /**
     * @param name the prefix, e.g. {@code orders} or {@code billing:locks}
     * @throws IllegalArgumentException if the name is blank or holds white space, control characters, '{' or '}'
     */
    public static KeyNamespace of(String name) {
        Arguments.requireNonBlank("namespace", name);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException("namespace must not contain white space, control characters, "
                        + "'{' or '}', was \"" + name + "\"");
            }
        }
        return new KeyNamespace(name);
    }

    /** The prefix itself. */
    public String name() {
        return name;
    }

    /**
     * A key of its own, not hash-tagged: {@code <namespace>:<id>}. Use it for keys that no script combines with others.
     *
     * @throws IllegalArgumentException if {@code id} is empty
     */
    public String key(String id) {
        Arguments.requireNonNull("id", id);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        return name + ':' + id;
    }

    /**
     * The keys of one entity (a lock name, a rate-limit subject, a queue) that scripts touch together; they share
     * the hash tag {@code {<namespace>:<id>}} and so one Cluster slot. Any id is accepted: braces and '%' in it are
     * percent-encoded so that distinct ids always give distinct keys and the tag always ends where it should.
     *
     * @throws IllegalArgumentException if {@code id} is empty
     */
    public KeyGroup group(String id) {
        Arguments.requireNonNull("id", id);
        if (id.isEmpty()) {
            throw new IllegalArgumentException("id must not be empty");
        }
        return new KeyGroup('{' + name + ':' + escapeTagContent(id) + '}');
    }

    private static String escapeTagContent(String id) {
        if (id.indexOf('{') < 0 && id.indexOf('}') < 0 && id.indexOf('%') < 0) {
            return id;
        }
        StringBuilder out = new StringBuilder(id.length() + 8);
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            switch (c) {
                case '%' -> out.append("%25");
                case '{' -> out.append("%7B");
                case '}' -> out.append("%7D");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyNamespace that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "KeyNamespace[" + name + "]";
    }
}
