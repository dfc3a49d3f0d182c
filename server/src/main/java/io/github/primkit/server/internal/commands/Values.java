package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.data.RedisHash;
import io.github.primkit.server.internal.data.RedisList;
import io.github.primkit.server.internal.data.RedisSet;
import io.github.primkit.server.internal.data.RedisStream;
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
        if (value instanceof RedisStream) {
            return "stream";
        }
        if (value instanceof RedisZSet) {
            return "zset";
        }
        return value.getClass().getSimpleName().replace("Redis", "").toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The encoding Redis would give {@code value}, as OBJECT ENCODING names it. Strings: {@code int} for a 64-bit
     * integer in canonical form, {@code embstr} up to 44 bytes, {@code raw} beyond (Redis also makes a string raw
     * when APPEND or SETRANGE change it; that history is not kept). Lists: {@code listpack} while the elements fit
     * one 8 KB listpack, else {@code quicklist} (Redis converts back only below half that size; the hysteresis is
     * not kept). Hashes, sets and sorted sets track their encoding exactly; a stream is always {@code stream}.
     */
    static String encodingName(Object value) {
        if (value instanceof byte[] bytes) {
            if (bytes.length <= 20 && isCanonicalLong(bytes)) {
                return "int";
            }
            return bytes.length <= 44 ? "embstr" : "raw";
        }
        if (value instanceof RedisHash hash) {
            return hash.encodingName();
        }
        if (value instanceof RedisSet set) {
            return set.encodingName();
        }
        if (value instanceof RedisList list) {
            return list.listpackBytes() <= RedisList.LISTPACK_SIZE_LIMIT ? "listpack" : "quicklist";
        }
        if (value instanceof RedisZSet zset) {
            return zset.encodingName();
        }
        if (value instanceof RedisStream) {
            return "stream";
        }
        throw new IllegalStateException("no encoding for " + value.getClass().getName());
    }

    /** Whether Redis reads {@code s} as a 64-bit integer in canonical form (its string2ll, no leading zeros). */
    static boolean isCanonicalLong(byte[] s) {
        return RedisSet.isCanonicalInteger(s);
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
        if (value instanceof RedisStream stream) {
            return stream.copy();
        }
        if (value instanceof RedisZSet zset) {
            return zset.copy();
        }
        throw new IllegalStateException("cannot copy " + value.getClass());
    }
}
