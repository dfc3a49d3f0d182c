package io.github.primkit.ratelimit;

/**
 * What a {@link RateLimiter} answers when Redis cannot be reached (connection refused or lost, no reply within the
 * limiter's timeout) or its circuit breaker is open after repeated such failures. Every decision says which rule made
 * it ({@link Decision#source()}). Error replies from Redis (a script refused, a key of the wrong type) are never
 * covered: they are thrown as {@link io.github.primkit.core.RedisReplyException}.
 */
public enum FailurePolicy {
    /**
     * Throw {@link io.github.primkit.core.RedisUnavailableException}, from the sync form or through the async
     * form's stage. The default: nothing is decided on the caller's behalf.
     */
    THROW,
    /** Allow every request while Redis is unreachable; nothing is counted. Availability before protection. */
    FAIL_OPEN,
    /** Deny every request while Redis is unreachable. Protection before availability. */
    FAIL_CLOSED,
    /**
     * Decide with an in-process limiter that applies the same limits to this JVM's requests only. With N instances
     * of the application, the fleet may admit up to N times the limits while Redis is away; the local counts are
     * dropped, not merged, when Redis returns.
     */
    LOCAL_FALLBACK
}
