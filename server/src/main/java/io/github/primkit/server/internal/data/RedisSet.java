package io.github.primkit.server.internal.data;

/** A set value: members (the map's values are unused). */
public final class RedisSet {
    public final ByteKeyMap<Boolean> members = new ByteKeyMap<>(4);
}
