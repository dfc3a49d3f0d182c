package io.github.primkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Limits, options and decisions refuse bad values with messages naming the argument; no Redis needed. */
class OptionsTest {
    @Test
    void limitsRefuseNonPositiveCountsAndOutOfRangeDurations() {
        assertThatThrownBy(() -> Limit.slidingLog(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be in [1, 100000], was 0");
        assertThatThrownBy(() -> Limit.slidingLog(100_001, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 100001");
        assertThatThrownBy(() -> Limit.slidingWindowCounter(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be > 0, was PT0S");
        assertThatThrownBy(() -> Limit.slidingWindowCounter(5, Duration.ofMillis(-3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("window must be > 0, was PT-0.003S");
        assertThatThrownBy(() -> Limit.tokenBucket(5, 1, Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("refillPeriod must be in [PT0.001S, PT8784H], was PT0.000999999S");
        assertThatThrownBy(() -> Limit.tokenBucket(-1, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("capacity must be in [1, ");
        assertThatThrownBy(() -> Limit.tokenBucket(1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("refillTokens must be in [1, ");
        assertThatThrownBy(() -> Limit.gcra(10, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("burst must be in [1, ");
        assertThatThrownBy(() -> Limit.gcra(10, null, 1))
                .isInstanceOf(NullPointerException.class).hasMessage("period must not be null");
    }

    @Test
    void limitsReportTheirParametersAndCompareByValue() {
        Limit bucket = Limit.tokenBucket(20, 5, Duration.ofSeconds(1));
        assertThat(bucket.algorithm()).isEqualTo(Limit.Algorithm.TOKEN_BUCKET);
        assertThat(bucket.capacity()).isEqualTo(20);
        assertThat(bucket.refillTokens()).isEqualTo(5);
        assertThat(bucket.period()).isEqualTo(Duration.ofSeconds(1));
        assertThat(bucket).isEqualTo(Limit.tokenBucket(20, 5, Duration.ofMillis(1000)))
                .isNotEqualTo(Limit.gcra(5, Duration.ofSeconds(1), 20));
        assertThat(Limit.gcra(5, Duration.ofSeconds(1), 20).capacity()).isEqualTo(20);
        assertThat(Limit.slidingLog(3, Duration.ofMinutes(1))).hasToString("slidingLog(3 per PT1M)");
    }

    @Test
    void optionsNeedANamespaceAndALimitAndRefuseContradictions() {
        assertThatThrownBy(() -> RateLimiterOptions.builder().limit(Limit.slidingLog(1, Duration.ofSeconds(1)))
                .build()).isInstanceOf(IllegalStateException.class).hasMessage("namespace is required");
        assertThatThrownBy(() -> RateLimiterOptions.builder().namespace("api").build())
                .isInstanceOf(IllegalStateException.class).hasMessage("at least one limit is required");
        assertThatThrownBy(() -> RateLimiterOptions.builder().namespace("a b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace must not contain");
        assertThatThrownBy(() -> RateLimiterOptions.builder().namespace("api").namespace("web"))
                .isInstanceOf(IllegalStateException.class).hasMessage("namespace was already set to KeyNamespace[api]");
        Limit limit = Limit.slidingLog(1, Duration.ofSeconds(1));
        assertThatThrownBy(() -> RateLimiterOptions.builder().limit(limit).limit(limit))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit slidingLog(1 per PT1S) was already added");
        assertThatThrownBy(() -> RateLimiterOptions.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, was PT0S");
        assertThatThrownBy(() -> RateLimiterOptions.builder().localDenialCacheSize(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("localDenialCacheSize must be >= 0, was -1");
        assertThatThrownBy(() -> RateLimiterOptions.builder().failurePolicy(FailurePolicy.FAIL_OPEN)
                .failurePolicy(FailurePolicy.FAIL_CLOSED)).isInstanceOf(IllegalStateException.class)
                .hasMessage("failurePolicy was already set to FAIL_OPEN");
        RateLimiterOptions.Builder many = RateLimiterOptions.builder();
        for (int i = 1; i <= RateLimiterOptions.MAX_LIMITS; i++) {
            many.limit(Limit.slidingLog(i, Duration.ofSeconds(1)));
        }
        assertThatThrownBy(() -> many.limit(Limit.slidingLog(99, Duration.ofSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("at most 8 limits");
    }

    @Test
    void optionsDefaultsAndMaxPermits() {
        RateLimiterOptions options = RateLimiterOptions.builder().namespace("api")
                .limit(Limit.slidingLog(10, Duration.ofSeconds(1)))
                .limit(Limit.tokenBucket(4, 1, Duration.ofSeconds(1))).build();
        assertThat(options.failurePolicy()).isEqualTo(FailurePolicy.THROW);
        assertThat(options.timeout()).isEqualTo(RateLimiterOptions.DEFAULT_TIMEOUT);
        assertThat(options.localDenialCacheSize()).isEqualTo(RateLimiterOptions.DEFAULT_LOCAL_DENIAL_CACHE_SIZE);
        assertThat(options.circuitBreaker()).isEmpty();
        assertThat(options.maxPermits()).isEqualTo(4);
        assertThat(options.limits()).hasSize(2);
    }

    @Test
    void decisionsGiveTheHttpHeaders() {
        Decision allowed = new Decision(true, 100, 42, Duration.ZERO, Duration.ofMillis(2500), Decision.Source.REDIS);
        assertThat(allowed.headers()).containsExactly(Map.entry("RateLimit-Limit", "100"),
                Map.entry("RateLimit-Remaining", "42"), Map.entry("RateLimit-Reset", "3"));
        Decision denied = new Decision(false, 100, 0, Duration.ofMillis(10), Duration.ofSeconds(60),
                Decision.Source.LOCAL_DENIAL_CACHE);
        assertThat(denied.headers()).containsEntry("Retry-After", "1").containsEntry("RateLimit-Reset", "60");
        assertThatThrownBy(() -> new Decision(true, 1, 0, Duration.ofSeconds(1), Duration.ZERO,
                Decision.Source.REDIS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryAfter must be zero when allowed, was PT1S");
        assertThatThrownBy(() -> new Decision(true, 0, 0, Duration.ZERO, Duration.ZERO, Decision.Source.REDIS))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be > 0, was 0");
    }
}
