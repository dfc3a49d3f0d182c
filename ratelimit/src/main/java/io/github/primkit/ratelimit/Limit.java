package io.github.primkit.ratelimit;

import io.github.primkit.core.Arguments;
import java.time.Duration;
import java.util.Objects;

/**
 * One limit: an algorithm and its parameters, e.g. "100 requests per sliding minute" or "a bucket of 20 tokens that
 * refills 5 per second". A {@link RateLimiter} applies one or several limits to each key.
 *
 * <p>Which algorithm when:
 * <ul>
 *   <li>{@link #slidingLog sliding log}: exact (never more than {@code limit} permits in any window of the given
 *       length); memory grows with the limit (one sorted-set entry per admitted permit still in the window).</li>
 *   <li>{@link #slidingWindowCounter sliding-window counter}: constant memory (one small hash); approximate: it weighs
 *       the previous fixed window as if its requests had been spread evenly. Never more than {@code limit} in any
 *       fixed window aligned on multiples of the window length, and never more than {@code 2 x limit} in any sliding
 *       window of that length (the worst case needs the previous window's requests all at its very end); exact when
 *       traffic is even.</li>
 *   <li>{@link #tokenBucket token bucket}: bursts up to the capacity, then a steady rate; fractional refill (a bucket
 *       that refills 1 token per 3 seconds holds a third of a token after one second). Constant memory.</li>
 *   <li>{@link #gcra GCRA} (generic cell rate algorithm): the token bucket's behaviour kept in a single number (the
 *       theoretical arrival time), the smallest state of all.</li>
 * </ul>
 *
 * <p>Durations are kept with microsecond resolution and must lie between 1 ms and 366 days. Instances are immutable;
 * two limits are equal when algorithm and parameters are.
 */
public final class Limit {
    /** The algorithms a limit can use. */
    public enum Algorithm {
        /** Exact sliding window: a log of admitted permits. */
        SLIDING_LOG,
        /** Approximate sliding window: weighted previous and current fixed windows. */
        SLIDING_WINDOW_COUNTER,
        /** Token bucket with continuous, fractional refill. */
        TOKEN_BUCKET,
        /** Generic cell rate algorithm: token-bucket behaviour in one number. */
        GCRA
    }

    /** The sliding log keeps one entry per permit: beyond this, use the counter, the bucket or GCRA. */
    public static final long MAX_SLIDING_LOG_LIMIT = 100_000;
    private static final long MAX_COUNT = 1_000_000_000_000L;
    private static final Duration MIN_PERIOD = Duration.ofMillis(1);
    private static final Duration MAX_PERIOD = Duration.ofDays(366);

    private final Algorithm algorithm;
    private final long capacity;
    private final long periodMicros;
    private final long refillTokens;

    private Limit(Algorithm algorithm, long capacity, long periodMicros, long refillTokens) {
        this.algorithm = algorithm;
        this.capacity = capacity;
        this.periodMicros = periodMicros;
        this.refillTokens = refillTokens;
    }

    /**
     * At most {@code limit} permits in any window of length {@code window}, exactly.
     *
     * @throws IllegalArgumentException if limit is not in [1, {@value #MAX_SLIDING_LOG_LIMIT}] or the window is not
     *                                  in [1 ms, 366 days]
     */
    public static Limit slidingLog(long limit, Duration window) {
        Arguments.requireInRange("limit", limit, 1, MAX_SLIDING_LOG_LIMIT);
        return new Limit(Algorithm.SLIDING_LOG, limit, micros("window", window), 0);
    }

    /**
     * About {@code limit} permits per sliding window of length {@code window}, in constant memory; see the class
     * comment for the bound.
     *
     * @throws IllegalArgumentException if limit is not in [1, 10^12] or the window is not in [1 ms, 366 days]
     */
    public static Limit slidingWindowCounter(long limit, Duration window) {
        Arguments.requireInRange("limit", limit, 1, MAX_COUNT);
        return new Limit(Algorithm.SLIDING_WINDOW_COUNTER, limit, micros("window", window), 0);
    }

    /**
     * A bucket holding at most {@code capacity} tokens, refilled continuously at {@code refillTokens} per
     * {@code refillPeriod}; a new key starts full. Each permit takes one token.
     *
     * @throws IllegalArgumentException if capacity or refillTokens is not in [1, 10^12] or the period is not in
     *                                  [1 ms, 366 days]
     */
    public static Limit tokenBucket(long capacity, long refillTokens, Duration refillPeriod) {
        Arguments.requireInRange("capacity", capacity, 1, MAX_COUNT);
        Arguments.requireInRange("refillTokens", refillTokens, 1, MAX_COUNT);
        return new Limit(Algorithm.TOKEN_BUCKET, capacity, micros("refillPeriod", refillPeriod), refillTokens);
    }

    /**
     * GCRA: a sustained rate of {@code limit} permits per {@code period}, with bursts of up to {@code burst} permits
     * at once (admits what {@code tokenBucket(burst, limit, period)} admits).
     *
     * @throws IllegalArgumentException if limit or burst is not in [1, 10^12] or the period is not in
     *                                  [1 ms, 366 days]
     */
    public static Limit gcra(long limit, Duration period, long burst) {
        Arguments.requireInRange("limit", limit, 1, MAX_COUNT);
        Arguments.requireInRange("burst", burst, 1, MAX_COUNT);
        return new Limit(Algorithm.GCRA, burst, micros("period", period), limit);
    }

    private static long micros(String name, Duration value) {
        Arguments.requirePositive(name, value);
        if (value.compareTo(MIN_PERIOD) < 0 || value.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException(name + " must be in [" + MIN_PERIOD + ", " + MAX_PERIOD + "], was "
                    + value);
        }
        return value.toNanos() / 1000;
    }

    /** The algorithm. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /**
     * The most permits this limit admits at once: the limit of a window, the capacity of a bucket, the burst of
     * GCRA. It is what {@code RateLimit-Limit} reports, and no single request may ask for more.
     */
    public long capacity() {
        return capacity;
    }

    /** The window (sliding log and counter), the refill period (token bucket) or the period (GCRA). */
    public Duration period() {
        return Duration.ofNanos(periodMicros * 1000);
    }

    /** Tokens added per {@link #period()} (token bucket), permits per period (GCRA); 0 for the windows. */
    public long refillTokens() {
        return refillTokens;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Limit that && algorithm == that.algorithm && capacity == that.capacity
                && periodMicros == that.periodMicros && refillTokens == that.refillTokens;
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, capacity, periodMicros, refillTokens);
    }

    @Override
    public String toString() {
        return switch (algorithm) {
            case SLIDING_LOG -> "slidingLog(" + capacity + " per " + period() + ")";
            case SLIDING_WINDOW_COUNTER -> "slidingWindowCounter(" + capacity + " per " + period() + ")";
            case TOKEN_BUCKET -> "tokenBucket(capacity " + capacity + ", " + refillTokens + " per " + period() + ")";
            case GCRA -> "gcra(" + refillTokens + " per " + period() + ", burst " + capacity + ")";
        };
    }
}
