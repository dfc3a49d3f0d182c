package io.github.primkit.ratelimit.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.primkit.core.Arguments;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.PrimkitException;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.core.RedisUnavailableException;
import io.github.primkit.ratelimit.Decision;
import io.github.primkit.ratelimit.FailurePolicy;
import io.github.primkit.ratelimit.RateLimiter;
import io.github.primkit.ratelimit.RateLimiterOptions;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link RateLimiter}: one script call per decision, behind a local denial cache and a circuit breaker.
 *
 * <p><b>Design.</b> Every decision is {@link LimitScript}, a single EVALSHA that reads the server's clock, checks
 * every limit and consumes on all or none, so concurrent callers on any number of connections and processes are
 * serialised by Redis itself: there is no client-side read-modify-write to race, and no retry loop (the
 * compare-and-set approach of Bucket4j costs several round trips under contention).
 *
 * <p><b>Batching.</b> While a call for a key is in flight, further requests for that key queue behind it and go
 * together in the next call, as soon as it returns: a hot key costs one round trip and one script run per batch
 * instead of per request, and nothing ever waits for a batch to fill. The script decides a batch's requests one after
 * the other, in arrival order, so every decision is the one Redis would have made for that request alone at that
 * instant.
 *
 * <p><b>Local denial cache.</b> A denied verdict carries the time after which the same request could fit. Nothing
 * but time frees capacity (no algorithm gives permits back), so until then Redis would deny the same or a larger
 * request again: it is denied here, without a round trip. The deadline is taken on this JVM's monotonic clock from
 * the moment the reply arrived, which is later than the server's decision, so the local denial ends after Redis's,
 * never before. Smaller requests than the denied one still go to Redis.
 *
 * <p><b>Failures.</b> The call is guarded by a resilience4j circuit breaker that records only
 * {@link RedisUnavailableException} (connection refused or lost, or no reply within the timeout); error replies are
 * the caller's problem and are thrown. When the call fails that way, or the breaker is open, the failure policy
 * decides; while open, Redis is not tried at all, so callers do not each wait out the timeout.
 */
public final class RedisRateLimiter implements RateLimiter {
    private static final Duration SYNC_GRACE = Duration.ofSeconds(5);

    private final PrimkitConnection<String, String> redis;
    private final RateLimiterOptions options;
    private final LimitScript script;
    private final long maxPermits;
    private final long smallestCapacity;
    private final long timeoutNanos;
    private final CircuitBreaker breaker;
    private final Cache<String, Denial> denials;
    private final LocalLimits fallback;
    private final Duration failClosedRetry;
    private final Timer timer;
    /**
     * The keys with a call in flight, each with the requests queued behind it (guarded by the map's per-key
     * atomicity); null when batching is off.
     */
    private final ConcurrentHashMap<String, List<Request>> inFlight;

    public RedisRateLimiter(PrimkitConnection<String, String> redis, RateLimiterOptions options) {
        this.redis = Arguments.requireNonNull("redis", redis);
        this.options = Arguments.requireNonNull("options", options);
        this.script = new LimitScript(options.namespace(), options.limits());
        this.maxPermits = options.maxPermits();
        this.smallestCapacity = maxPermits;
        this.timeoutNanos = options.timeout().toNanos();
        this.breaker = options.circuitBreaker().orElseGet(() -> defaultBreaker(options));
        this.denials = options.localDenialCacheSize() == 0 ? null : Caffeine.newBuilder()
                .maximumSize(options.localDenialCacheSize())
                .expireAfter(new DenialExpiry())
                .build();
        this.fallback = options.failurePolicy() == FailurePolicy.LOCAL_FALLBACK
                ? new LocalLimits(options.limits(), 100_000, RedisRateLimiter::epochMicros) : null;
        long openMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        this.failClosedRetry = Duration.ofMillis(Math.max(1, openMillis));
        this.timer = redis.stateful().getResources().timer();
        this.inFlight = options.batching() ? new ConcurrentHashMap<>() : null;
    }

    private static CircuitBreaker defaultBreaker(RateLimiterOptions options) {
        return CircuitBreaker.of("primkit-ratelimit:" + options.namespace().name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(20)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(3)
                .recordExceptions(RedisUnavailableException.class)
                .build());
    }

    private static long epochMicros() {
        Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    @Override
    public Decision tryAcquire(String key) {
        return tryAcquire(key, 1);
    }

    @Override
    public Decision tryAcquire(String key, long permits) {
        CompletionStage<Decision> decision = tryAcquireAsync(key, permits);
        try {
            return RedisFutures.await(decision, options.timeout().plus(SYNC_GRACE));
        } catch (PrimkitException e) {
            // Rethrown here, so that the stack trace shows the caller.
            throw copyWithCaller(e);
        }
    }

    @Override
    public CompletionStage<Decision> tryAcquireAsync(String key) {
        return tryAcquireAsync(key, 1);
    }

    @Override
    public CompletionStage<Decision> tryAcquireAsync(String key, long permits) {
        Arguments.requireNonBlank("key", key);
        if (permits < 1 || permits > maxPermits) {
            throw new IllegalArgumentException("permits must be in [1, " + maxPermits + "] (" + maxPermits
                    + " is the smallest capacity of the limits " + options.limits() + "), was " + permits);
        }
        Decision cached = locallyDenied(key, permits);
        if (cached != null) {
            return CompletableFuture.completedFuture(cached);
        }
        Request request = new Request(permits, new CompletableFuture<>());
        if (inFlight == null) {
            dispatch(key, new Request[] {request});
            return request.decision;
        }
        boolean[] first = {false};
        inFlight.compute(key, (k, queued) -> {
            if (queued == null) {
                first[0] = true;
                return new ArrayList<>(); // a call for the key is now in flight; later requests queue here
            }
            queued.add(request);
            return queued;
        });
        if (first[0]) {
            dispatch(key, new Request[] {request});
        }
        return request.decision;
    }

    /** The local denial cache's answer, or null when Redis must decide. */
    private Decision locallyDenied(String key, long permits) {
        if (denials == null) {
            return null;
        }
        Denial denial = denials.getIfPresent(key);
        if (denial == null || permits < denial.permits) {
            return null;
        }
        long left = denial.untilNanos - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        return new Decision(false, denial.limit, 0, Duration.ofNanos(left), Duration.ofNanos(Math.max(left,
                denial.resetUntilNanos - System.nanoTime())), Decision.Source.LOCAL_DENIAL_CACHE);
    }

    /**
     * Sends {@code batch}, then (when batching) whatever queued for the key meanwhile, until nothing is queued and the
     * key leaves {@link #inFlight}. A loop rather than recursion, so calls that fail at once (breaker open, connection
     * refused) do not deepen the stack.
     */
    private void dispatch(String key, Request[] batch) {
        while (batch != null) {
            try {
                batch = answerLocally(batch, key);
                if (batch.length > 0) {
                    CompletableFuture<List<Object>> reply = call(key, batch);
                    if (reply != null && !reply.isDone()) {
                        Request[] sent = batch;
                        reply.whenComplete((value, error) -> {
                            try {
                                complete(key, sent, value, error);
                            } finally {
                                dispatch(key, nextBatch(key));
                            }
                        });
                        return;
                    }
                    if (reply != null) {
                        Throwable failure = failureOf(reply);
                        complete(key, batch, failure == null ? reply.join() : null, failure);
                    }
                }
            } catch (RuntimeException e) {
                // Never leave the key marked in flight with nobody to send what queues behind it.
                for (Request request : batch) {
                    request.decision.completeExceptionally(e);
                }
            }
            batch = nextBatch(key);
        }
    }

    /** The requests of {@code batch} the denial cache cannot answer (the others are answered here). */
    private Request[] answerLocally(Request[] batch, String key) {
        if (denials == null || batch.length == 1 && batch[0].decision.isDone()) {
            return batch;
        }
        List<Request> rest = new ArrayList<>(batch.length);
        for (Request request : batch) {
            Decision cached = locallyDenied(key, request.permits);
            if (cached == null) {
                rest.add(request);
            } else {
                request.decision.complete(cached);
            }
        }
        return rest.size() == batch.length ? batch : rest.toArray(new Request[0]);
    }

    /** The requests queued for {@code key} (at most {@link RateLimiterOptions#MAX_BATCH}), or null when none are. */
    private Request[] nextBatch(String key) {
        if (inFlight == null) {
            return null;
        }
        Request[][] next = {null};
        inFlight.computeIfPresent(key, (k, queued) -> {
            if (queued.isEmpty()) {
                return null; // no call for the key in flight any more
            }
            List<Request> taken = queued.subList(0, Math.min(queued.size(), RateLimiterOptions.MAX_BATCH));
            next[0] = taken.toArray(new Request[0]);
            taken.clear();
            return queued;
        });
        return next[0];
    }

    /**
     * Starts the script call for {@code batch}, with its timeout; null when the circuit breaker refuses it, in which
     * case the batch was answered by the failure policy.
     */
    private CompletableFuture<List<Object>> call(String key, Request[] batch) {
        if (!breaker.tryAcquirePermission()) {
            RedisUnavailableException open = new RedisUnavailableException("Redis is considered unreachable: the "
                    + "circuit breaker " + breaker.getName() + " is " + breaker.getState(), null);
            for (Request request : batch) {
                settle(request, unavailable(key, request.permits, open));
            }
            return null;
        }
        long[] permits = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
            permits[i] = batch[i].permits;
        }
        long start = System.nanoTime();
        CompletableFuture<List<Object>> call;
        try {
            call = script.run(redis.async(), key, permits).toCompletableFuture();
        } catch (RuntimeException e) {
            call = CompletableFuture.failedFuture(e);
        }
        // The timeout runs on Lettuce's own hashed-wheel timer: O(1) to schedule and cancel, unlike orTimeout's
        // shared scheduled executor, which every call would contend on.
        CompletableFuture<List<Object>> reply = call;
        Timeout timeout = reply.isDone() ? null : timer.newTimeout(
                expired -> reply.completeExceptionally(new TimeoutException()), timeoutNanos, TimeUnit.NANOSECONDS);
        return reply.whenComplete((value, error) -> {
            if (timeout != null) {
                timeout.cancel();
            }
            long elapsed = System.nanoTime() - start;
            if (error == null) {
                breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
            } else {
                breaker.onError(elapsed, TimeUnit.NANOSECONDS, translate(error));
            }
        });
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.join();
            return null;
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
            return e;
        }
    }

    /** Completes each request of {@code batch} from the call's reply or failure. */
    private void complete(String key, Request[] batch, List<Object> value, Throwable error) {
        try {
            if (error == null) {
                Verdict[] verdicts = LimitScript.parse(value, batch.length);
                for (int i = 0; i < batch.length; i++) {
                    batch[i].decision.complete(decided(key, batch[i].permits, verdicts[i]));
                }
                return;
            }
            PrimkitException failure = translate(error);
            for (Request request : batch) {
                if (failure instanceof RedisUnavailableException unavailable) {
                    settle(request, unavailable(key, request.permits, unavailable));
                } else {
                    request.decision.completeExceptionally(failure);
                }
            }
        } catch (RuntimeException e) {
            for (Request request : batch) {
                request.decision.completeExceptionally(e);
            }
        }
    }

    private static void settle(Request request, CompletionStage<Decision> outcome) {
        outcome.whenComplete((decision, error) -> {
            if (error == null) {
                request.decision.complete(decision);
            } else {
                request.decision.completeExceptionally(error);
            }
        });
    }

    private Decision decided(String key, long permits, Verdict verdict) {
        long limit = options.limits().get(verdict.binding()).capacity();
        Duration retry = Duration.ofNanos(verdict.retryMicros() * 1000);
        Duration reset = Duration.ofNanos(verdict.resetMicros() * 1000);
        if (!verdict.allowed() && denials != null) {
            long now = System.nanoTime();
            Denial previous = denials.getIfPresent(key);
            // Within a batch, a smaller denied request must not replace a larger one's longer denial.
            if (previous == null || previous.untilNanos <= now || permits <= previous.permits) {
                denials.put(key, new Denial(now + retry.toNanos(), now + reset.toNanos(), permits, limit));
            }
        }
        return new Decision(verdict.allowed(), limit, verdict.remaining(), retry, reset, Decision.Source.REDIS);
    }

    private CompletionStage<Decision> unavailable(String key, long permits, RedisUnavailableException failure) {
        return switch (options.failurePolicy()) {
            case THROW -> CompletableFuture.failedFuture(failure);
            case FAIL_OPEN -> CompletableFuture.completedFuture(new Decision(true, smallestCapacity, 0,
                    Duration.ZERO, Duration.ZERO, Decision.Source.FAIL_OPEN));
            case FAIL_CLOSED -> CompletableFuture.completedFuture(new Decision(false, smallestCapacity, 0,
                    failClosedRetry, failClosedRetry, Decision.Source.FAIL_CLOSED));
            case LOCAL_FALLBACK -> {
                Verdict verdict = fallback.decide(key, permits);
                yield CompletableFuture.completedFuture(new Decision(verdict.allowed(),
                        options.limits().get(verdict.binding()).capacity(), verdict.remaining(),
                        Duration.ofNanos(verdict.retryMicros() * 1000), Duration.ofNanos(verdict.resetMicros() * 1000),
                        Decision.Source.LOCAL_FALLBACK));
            }
        };
    }

    private PrimkitException translate(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return new RedisUnavailableException("no reply from Redis within " + options.timeout(), cause);
        }
        // Lettuce's DisconnectedBehavior.REJECT_COMMANDS while it reconnects: a plain RedisException, which core
        // reports as a generic PrimkitException; for a limiter it means Redis is unreachable.
        Throwable lettuce = cause.getClass() == PrimkitException.class && cause.getCause() != null
                ? cause.getCause() : cause;
        if (lettuce instanceof io.lettuce.core.RedisException
                && String.valueOf(lettuce.getMessage()).startsWith("Currently not connected")) {
            return new RedisUnavailableException("cannot reach Redis: " + lettuce.getMessage(), lettuce);
        }
        return RedisFutures.translate(cause);
    }

    private static PrimkitException copyWithCaller(PrimkitException e) {
        if (e instanceof RedisUnavailableException) {
            return new RedisUnavailableException(e.getMessage(), e);
        }
        if (e instanceof io.github.primkit.core.RedisReplyException) {
            return new io.github.primkit.core.RedisReplyException(e.getMessage(), e);
        }
        return new PrimkitException(e.getMessage(), e);
    }

    @Override
    public RateLimiterOptions options() {
        return options;
    }

    /** The circuit breaker in use (the given one or the limiter's own). */
    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    /** One caller's request and the decision it waits for. */
    private record Request(long permits, CompletableFuture<Decision> decision) {
    }

    /** A key denied until {@code untilNanos} (System.nanoTime) for {@code permits} or more. */
    private record Denial(long untilNanos, long resetUntilNanos, long permits, long limit) {
    }

    /** An entry lives until its denial ends. */
    private static final class DenialExpiry implements Expiry<String, Denial> {
        @Override
        public long expireAfterCreate(String key, Denial denial, long currentTime) {
            return Math.max(0, denial.untilNanos - currentTime);
        }

        @Override
        public long expireAfterUpdate(String key, Denial denial, long currentTime, long currentDuration) {
            return Math.max(0, denial.untilNanos - currentTime);
        }

        @Override
        public long expireAfterRead(String key, Denial denial, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
