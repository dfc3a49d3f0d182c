package io.github.primkit.server.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A byte string usable as a hash-map key (content equality, cached hash). */
public final class Bytes implements Comparable<Bytes> {
    final byte[] value;
    private final int hash;

    public Bytes(byte[] value) {
        this.value = value;
        this.hash = Arrays.hashCode(value);
    }

    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && hash == that.hash && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Bytes other) {
        return Arrays.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return new String(value, StandardCharsets.UTF_8);
    }
}
