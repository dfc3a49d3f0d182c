package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.data.RedisHash;
import io.github.primkit.server.internal.data.RedisList;
import io.github.primkit.server.internal.data.RedisSet;
import io.github.primkit.server.internal.data.RedisZSet;

/** Type names and deep copies of stored values. */
final class Values {
    private Values() {
    }

    /** The type name TYPE reports and SCAN TYPE filters by. */
    static String typeName(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof byte[]) {
            return "string";
        }
        if (value instanceof RedisHash) {
            return "hash";
        }
        if (value instanceof RedisList) {
            return "list";
        }
        if (value instanceof RedisSet) {
            return "set";
        }
        if (value instanceof RedisZSet) {
            return "zset";
        }
        return value.getClass().getSimpleName().replace("Redis", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** An independent copy (COPY must not share mutable values between keys). */
    static Object copy(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes; // strings are never modified in place
        }
        if (value instanceof RedisHash hash) {
            return hash.copy();
        }
        if (value instanceof RedisSet set) {
            return set.copy();
        }
        if (value instanceof RedisList list) {
            return list.copy();
        }
        if (value instanceof RedisZSet zset) {
            return zset.copy();
        }
        throw new IllegalStateException("cannot copy " + value.getClass());
    }
}
