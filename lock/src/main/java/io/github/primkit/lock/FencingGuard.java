package io.github.primkit.lock;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.internal.RedisFencingGuard;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The resource side of fencing, for data kept in Redis: a write is applied only when its token is at least the
 * highest token that key has accepted; check and write are one Lua script, so they are atomic. A holder that stalled
 * past its lease and wakes up after a newer holder wrote is refused, which is what makes a lock with fencing tokens
 * safe where a lock alone is not.
 *
 * <p>"At least", not "greater than": one lease may write several times with its token. Each protected key has a fence
 * key beside it, in the same Cluster slot, holding the highest accepted token ({@link #fenceKeyOf}); it has no TTL.
 *
 * <p><b>The same check in SQL.</b> Keep the highest accepted token in a column of the protected row and make the
 * check part of the write, so the database applies both atomically:
 * <pre>{@code
 * UPDATE holds SET holder = ?, fence = ?            -- ?1 new value, ?2 the lease's token
 *  WHERE sku = ? AND fence <= ?                     -- ?3 the row, ?4 the lease's token again
 * -- 1 row updated: accepted. 0 rows: a newer token already wrote, this holder's lease is stale.
 * }</pre>
 * (Use {@code fence < ?} to allow one write per token.) A check in application code followed by a separate write is
 * not fencing: a stale holder can pass the check and write after the newer one.
 *
 * <p>Thread-safe. Errors as everywhere in Primkit: {@link io.github.primkit.core.RedisUnavailableException},
 * {@link io.github.primkit.core.RedisReplyException} (e.g. the key holds another type).
 */
public interface FencingGuard {
    /** A guard working through {@code redis}. */
    static FencingGuard create(PrimkitConnection<String, String> redis) {
        Arguments.requireNonNull("redis", redis);
        return new RedisFencingGuard(redis);
    }

    /**
     * The key that holds {@code key}'s highest accepted token: {@code key:primkit-fence} when {@code key} has a hash
     * tag, else {@code {key}:primkit-fence}; either way in {@code key}'s Cluster slot.
     *
     * @throws IllegalArgumentException if {@code key} is empty, or has a '}' but no hash tag, so that no fence key can
     *                                  share its slot
     */
    static String fenceKeyOf(String key) {
        return RedisFencingGuard.fenceKeyOf(key);
    }

    /**
     * {@code SET key value} if {@code token} is at least the highest token {@code key} accepted.
     *
     * @throws IllegalArgumentException if the token is not positive
     */
    FencedWrite set(String key, String value, long token);

    /** {@code HSET key field value ...} if {@code token} is at least the highest token {@code key} accepted. */
    FencedWrite hset(String key, Map<String, String> fields, long token);

    /** {@code RPUSH key element} if {@code token} is at least the highest token {@code key} accepted. */
    FencedWrite append(String key, String element, long token);

    /** {@link #set} without blocking. */
    CompletionStage<FencedWrite> setAsync(String key, String value, long token);

    /** {@link #hset} without blocking. */
    CompletionStage<FencedWrite> hsetAsync(String key, Map<String, String> fields, long token);

    /** {@link #append} without blocking. */
    CompletionStage<FencedWrite> appendAsync(String key, String element, long token);

    /** The highest token {@code key} has accepted, 0 if none. */
    long highestToken(String key);
}
