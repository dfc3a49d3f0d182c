package io.github.primkit.server.internal.data;

/** A hash value: field to value. */
public final class RedisHash {
    public final ByteKeyMap<byte[]> fields = new ByteKeyMap<>(4);
}
