package io.github.primkit.ratelimit;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.ratelimit.internal.RedisRateLimiter;
import java.util.concurrent.CompletionStage;

/**
 * A rate limiter shared by every process that uses the same Redis and namespace: per-user or per-API-key quotas for a
 * fleet of servers.
 *
 * <p><b>Guarantees.</b> Each decision is one Lua script, one round trip: all the limits of the key are checked and,
 * only if every one of them admits the request, consumed, atomically (all or none). Time is the Redis server's own
 * ({@code TIME}), so clients with skewed clocks cannot widen a limit. Every key expires once it no longer matters
 * (an idle key costs no memory), and its expiry never changes a decision. All keys of one subject share a hash tag,
 * so the limiter runs on Redis Cluster as on one server. Denied requests consume nothing.
 *
 * <p><b>Not guaranteed.</b> A decision whose reply is lost (timeout, broken connection) may have consumed permits.
 * While Redis is unreachable the {@link FailurePolicy} decides, and those decisions are not shared with other
 * processes. The server's clock is trusted: if it jumps backwards, windows stretch, never shrink. Accuracy of each
 * algorithm: see {@link Limit}.
 *
 * <p>Instances are thread-safe; make one per set of limits and share it.
 */
public interface RateLimiter {

    /**
     * A limiter on {@code redis} (standalone, Sentinel or Cluster). The connection is shared, never closed by the
     * limiter.
     */
    static RateLimiter create(PrimkitConnection<String, String> redis, RateLimiterOptions options) {
        Arguments.requireNonNull("redis", redis);
        Arguments.requireNonNull("options", options);
        return new RedisRateLimiter(redis, options);
    }

    /** Asks for one permit for {@code key}; see {@link #tryAcquire(String, long)}. */
    Decision tryAcquire(String key);

    /**
     * Asks for {@code permits} permits for {@code key} (a user id, an API key, an IP address: any non-blank string),
     * waiting at most {@link RateLimiterOptions#timeout()} for Redis. Never blocks to wait for permits: a request
     * that does not fit is denied at once, with the time after which it would fit.
     *
     * @throws IllegalArgumentException if key is blank or permits is not in [1, {@link
     *                                  RateLimiterOptions#maxPermits()}]
     * @throws NullPointerException     if key is null
     * @throws io.github.primkit.core.RedisUnavailableException if Redis is unreachable and the policy is
     *                                  {@link FailurePolicy#THROW}
     * @throws io.github.primkit.core.RedisReplyException       if Redis refused the script (for example a key of the
     *                                  limiter's namespace holds another type)
     */
    Decision tryAcquire(String key, long permits);

    /** Asks for one permit without blocking; see {@link #tryAcquire(String, long)}. */
    CompletionStage<Decision> tryAcquireAsync(String key);

    /**
     * Asks for {@code permits} permits without blocking. Bad arguments are thrown at once; Redis failures arrive
     * through the stage, as in {@link #tryAcquire(String, long)}. Callbacks may run on a Lettuce I/O thread: do not
     * block in them.
     */
    CompletionStage<Decision> tryAcquireAsync(String key, long permits);

    /** The options the limiter was made with. */
    RateLimiterOptions options();
}
