package io.github.primkit.core;

import io.lettuce.core.cluster.SlotHash;

/**
 * Keys that share one hash tag, and so one Redis Cluster slot: every key a single script touches must come from one
 * group. Made by {@link KeyNamespace#group(String)}; immutable and thread-safe.
 */
public final class KeyGroup {
    private final String hashTag;

    KeyGroup(String hashTag) {
        this.hashTag = hashTag;
    }

    /** The shared hash tag including its braces, e.g. {@code {orders:42}}. */
    public String hashTag() {
        return hashTag;
    }

    /**
     * The key {@code <hashTag>:<part>}, e.g. {@code {orders:42}:lock}.
     *
     * @throws IllegalArgumentException if {@code part} is blank
     */
    public String key(String part) {
        Arguments.requireNonBlank("part", part);
        return hashTag + ':' + part;
    }

    /** The Cluster slot (0..16383) all keys of this group hash to. */
    public int slot() {
        return SlotHash.getSlot(hashTag);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyGroup that && hashTag.equals(that.hashTag);
    }

    @Override
    public int hashCode() {
        return hashTag.hashCode();
    }

    @Override
    public String toString() {
        return "KeyGroup" + hashTag;
    }
}
