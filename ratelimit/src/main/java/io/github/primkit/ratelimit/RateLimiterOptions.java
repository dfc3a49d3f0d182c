package io.github.primkit.ratelimit;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.KeyNamespace;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link RateLimiter} limits: its key namespace, one or more {@link Limit}s applied together, and what it does
 * when Redis is unreachable. Immutable; each setting is checked when set, and {@link Builder#build()} checks the
 * whole.
 *
 * <pre>{@code
 * RateLimiterOptions options = RateLimiterOptions.builder()
 *         .namespace("api")
 *         .limit(Limit.slidingLog(10, Duration.ofSeconds(1)))
 *         .limit(Limit.slidingWindowCounter(1000, Duration.ofHours(1)))
 *         .failurePolicy(FailurePolicy.LOCAL_FALLBACK)
 *         .build();
 * }</pre>
 */
public final class RateLimiterOptions {
    /** At most this many limits per limiter (each costs a key and work in every decision). */
    public static final int MAX_LIMITS = 8;
    /** The most requests for one key decided in one call when {@link Builder#batching(boolean) batching}. */
    public static final int MAX_BATCH = 64;
    /** Default {@link Builder#timeout(Duration)}. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    /** Default {@link Builder#localDenialCacheSize(long)}. */
    public static final long DEFAULT_LOCAL_DENIAL_CACHE_SIZE = 10_000;

    private final KeyNamespace namespace;
    private final List<Limit> limits;
    private final FailurePolicy failurePolicy;
    private final Duration timeout;
    private final long localDenialCacheSize;
    private final CircuitBreaker circuitBreaker;
    private final boolean batching;

    private RateLimiterOptions(Builder builder) {
        this.namespace = builder.namespace;
        this.limits = List.copyOf(builder.limits);
        this.failurePolicy = builder.failurePolicy == null ? FailurePolicy.THROW : builder.failurePolicy;
        this.timeout = builder.timeout == null ? DEFAULT_TIMEOUT : builder.timeout;
        this.localDenialCacheSize = builder.localDenialCacheSize == null ? DEFAULT_LOCAL_DENIAL_CACHE_SIZE
                : builder.localDenialCacheSize;
        this.circuitBreaker = builder.circuitBreaker;
        this.batching = builder.batching == null || builder.batching;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The key prefix: a key {@code k} is stored under {@code {<namespace>:k}:...}. */
    public KeyNamespace namespace() {
        return namespace;
    }

    /** The limits, in the order they were added; a request must pass all of them. */
    public List<Limit> limits() {
        return limits;
    }

    /** What happens when Redis is unreachable. */
    public FailurePolicy failurePolicy() {
        return failurePolicy;
    }

    /** How long a decision waits for Redis before Redis counts as unreachable. */
    public Duration timeout() {
        return timeout;
    }

    /** The most keys the local denial cache holds; 0 when it is off. */
    public long localDenialCacheSize() {
        return localDenialCacheSize;
    }

    /** The circuit breaker given with {@link Builder#circuitBreaker}, if any (else the limiter makes its own). */
    public Optional<CircuitBreaker> circuitBreaker() {
        return Optional.ofNullable(circuitBreaker);
    }

    /** Whether requests for a key that arrive while a call for it is in flight are decided together in one call. */
    public boolean batching() {
        return batching;
    }

    /** The smallest capacity of the limits: the most permits one request may ask for. */
    public long maxPermits() {
        long max = Long.MAX_VALUE;
        for (Limit limit : limits) {
            max = Math.min(max, limit.capacity());
        }
        return max;
    }

    @Override
    public String toString() {
        return "RateLimiterOptions[namespace=" + namespace.name() + ", limits=" + limits + ", failurePolicy="
                + failurePolicy + ", timeout=" + timeout + ", localDenialCacheSize=" + localDenialCacheSize + ", batching=" + batching + "]";
    }

    /** Builds {@link RateLimiterOptions}. Each setting may be given once; limits are added one by one. */
    public static final class Builder {
        private KeyNamespace namespace;
        private final List<Limit> limits = new ArrayList<>();
        private FailurePolicy failurePolicy;
        private Duration timeout;
        private Long localDenialCacheSize;
        private CircuitBreaker circuitBreaker;
        private Boolean batching;

        private Builder() {
        }

        /**
         * The key prefix (required), e.g. {@code api} or {@code billing:quota}.
         *
         * @throws IllegalArgumentException if blank or holding white space, control characters or braces
         * @throws IllegalStateException    if already set
         */
        public Builder namespace(String namespace) {
            requireUnset("namespace", this.namespace);
            this.namespace = KeyNamespace.of(namespace);
            return this;
        }

        /**
         * Adds a limit (at least one is required). All limits of a limiter are decided together, in one round trip:
         * a request consumes on every limit or on none.
         *
         * @throws IllegalArgumentException if the same limit was already added, or {@value #MAX_LIMITS} were
         */
        public Builder limit(Limit limit) {
            Arguments.requireNonNull("limit", limit);
            if (limits.contains(limit)) {
                throw new IllegalArgumentException("limit " + limit + " was already added");
            }
            if (limits.size() == MAX_LIMITS) {
                throw new IllegalArgumentException("at most " + MAX_LIMITS + " limits per limiter, was given "
                        + (MAX_LIMITS + 1));
            }
            limits.add(limit);
            return this;
        }

        /**
         * What to do when Redis is unreachable; default {@link FailurePolicy#THROW}.
         *
         * @throws IllegalStateException if already set
         */
        public Builder failurePolicy(FailurePolicy policy) {
            Arguments.requireNonNull("failurePolicy", policy);
            requireUnset("failurePolicy", failurePolicy);
            this.failurePolicy = policy;
            return this;
        }

        /**
         * How long a decision waits for Redis; past it, Redis counts as unreachable. Default
         * {@link #DEFAULT_TIMEOUT}.
         *
         * @throws IllegalArgumentException if not positive
         * @throws IllegalStateException    if already set
         */
        public Builder timeout(Duration timeout) {
            Arguments.requirePositive("timeout", timeout);
            requireUnset("timeout", this.timeout);
            this.timeout = timeout;
            return this;
        }

        /**
         * The local "denied until" cache: once Redis denies a key until time T, further requests for that key (for as
         * many permits or more) are denied in this JVM until T without a round trip, so that an abusive caller does
         * not turn into a Redis hot key. It never denies what Redis would allow: nothing but the passing of time frees
         * capacity. {@code size} bounds the keys remembered (the most recently denied are kept); 0 turns the cache
         * off. Default {@link #DEFAULT_LOCAL_DENIAL_CACHE_SIZE}.
         *
         * @throws IllegalArgumentException if negative
         * @throws IllegalStateException    if already set
         */
        public Builder localDenialCacheSize(long size) {
            Arguments.requireNonNegative("localDenialCacheSize", size);
            requireUnset("localDenialCacheSize", localDenialCacheSize);
            this.localDenialCacheSize = size;
            return this;
        }

        /**
         * The circuit breaker around the Redis call, e.g. one from your registry so that its state shows in your
         * metrics. It should record {@link io.github.primkit.core.RedisUnavailableException} only. By default the
         * limiter makes one: opens when half of the last 20 calls (at least 5) failed, stays open 1 s, then lets 3
         * trial calls through.
         *
         * @throws IllegalStateException if already set
         */
        public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
            Arguments.requireNonNull("circuitBreaker", circuitBreaker);
            requireUnset("circuitBreaker", this.circuitBreaker);
            this.circuitBreaker = circuitBreaker;
            return this;
        }

        /**
         * Whether to batch the requests for one key (default on). A request never waits for a batch to fill: while no
         * call for its key is in flight it is sent at once; the requests for that key that arrive while a call is in
         * flight are queued and sent together, in arrival order, as soon as it returns (at most
         * {@value #MAX_BATCH} per call). Redis decides them one after the other inside one script run, exactly as if
         * they had come one by one at that instant, so batching changes no decision; it turns N round trips and
         * script runs for a hot key into one. A queued request may wait for the call in flight and then for its own,
         * up to twice {@link #timeout(Duration)}. Off: every request is its own call.
         *
         * @throws IllegalStateException if already set
         */
        public Builder batching(boolean on) {
            requireUnset("batching", batching);
            this.batching = on;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalStateException if no namespace or no limit was given
         */
        public RateLimiterOptions build() {
            if (namespace == null) {
                throw new IllegalStateException("namespace is required");
            }
            if (limits.isEmpty()) {
                throw new IllegalStateException("at least one limit is required");
            }
            return new RateLimiterOptions(this);
        }

        private static void requireUnset(String name, Object current) {
            if (current != null) {
                throw new IllegalStateException(name + " was already set to " + current);
            }
        }
    }
}
