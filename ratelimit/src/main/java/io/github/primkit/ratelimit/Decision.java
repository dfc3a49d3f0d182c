package io.github.primkit.ratelimit;

import io.github.primkit.core.Arguments;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to one {@link RateLimiter#tryAcquire(String, long) tryAcquire}: whether the permits were granted, and
 * what a client needs to pace itself (the {@code RateLimit-*} and {@code Retry-After} HTTP headers, see
 * {@link #headers()}).
 *
 * <p>With several limits on a key, the figures are those of the <em>binding</em> limit: when denied, the denying
 * limit that frees up last; when allowed, the limit with the fewest permits left.
 *
 * @param allowed    whether the permits were granted (and consumed, on every limit)
 * @param limit      the binding limit's capacity (its window's limit, its bucket's capacity, its burst)
 * @param remaining  permits the binding limit would still grant right now, after this decision; 0 when unknown
 * @param retryAfter when denied: how long until the same request can succeed (other callers permitting); zero when
 *                   allowed
 * @param resetAfter how long until the binding limit is back to its full capacity; zero when already full or unknown
 * @param source     who decided: Redis, or, when Redis was not asked, which local rule
 */
public record Decision(boolean allowed, long limit, long remaining, Duration retryAfter, Duration resetAfter,
        Source source) {

    /** Who made a decision. Everything but {@link #REDIS} is decided in this JVM alone. */
    public enum Source {
        /** The shared state in Redis, by the limiter's script. */
        REDIS,
        /** Denied in this JVM without asking Redis: Redis had denied the key until a time not yet reached. */
        LOCAL_DENIAL_CACHE,
        /** Redis was unreachable and the policy is {@link FailurePolicy#FAIL_OPEN}: allowed without counting. */
        FAIL_OPEN,
        /** Redis was unreachable and the policy is {@link FailurePolicy#FAIL_CLOSED}: denied. */
        FAIL_CLOSED,
        /**
         * Redis was unreachable and the policy is {@link FailurePolicy#LOCAL_FALLBACK}: decided by an in-process
         * limiter with the same limits, which counts only this JVM's requests.
         */
        LOCAL_FALLBACK
    }

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if limit is not positive, remaining is negative, a duration is negative, or
     *                                  an allowed decision has a retry-after
     */
    public Decision {
        Arguments.requirePositive("limit", limit);
        Arguments.requireNonNegative("remaining", remaining);
        Arguments.requireNonNegative("retryAfter", retryAfter);
        Arguments.requireNonNegative("resetAfter", resetAfter);
        Arguments.requireNonNull("source", source);
        if (allowed && !retryAfter.isZero()) {
            throw new IllegalArgumentException("retryAfter must be zero when allowed, was " + retryAfter);
        }
    }

    /**
     * The HTTP headers for this decision: {@code RateLimit-Limit}, {@code RateLimit-Remaining},
     * {@code RateLimit-Reset} (whole seconds, rounded up) and, when denied, {@code Retry-After} (whole seconds,
     * rounded up, at least 1). In that order; the map is unmodifiable.
     */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Long.toString(limit));
        headers.put("RateLimit-Remaining", Long.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(ceilSeconds(resetAfter)));
        if (!allowed) {
            headers.put("Retry-After", Long.toString(Math.max(1, ceilSeconds(retryAfter))));
        }
        return java.util.Collections.unmodifiableMap(headers);
    }

    private static long ceilSeconds(Duration duration) {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }
}
