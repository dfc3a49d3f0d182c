package io.github.primkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisReplyException;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The public API on every backend: decisions, headers, several limits, expiry, the denial cache, errors. */
@RedisBackends(requires = {RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS})
class RateLimiterTest {
    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;

    RateLimiterTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = PrimkitConnection.of(backend.connection());
    }

    private RateLimiter limiter(Limit... limits) {
        return limiter(RateLimiterOptions.DEFAULT_LOCAL_DENIAL_CACHE_SIZE, limits);
    }

    private RateLimiter limiter(long denialCacheSize, Limit... limits) {
        // A generous timeout: the machine running the tests may be busy; timeouts are FailurePolicyTest's subject.
        RateLimiterOptions.Builder options = RateLimiterOptions.builder().namespace("api")
                .localDenialCacheSize(denialCacheSize).timeout(Duration.ofSeconds(10));
        for (Limit limit : limits) {
            options.limit(limit);
        }
        return RateLimiter.create(redis, options.build());
    }

    @Test
    void eachAlgorithmAdmitsItsCapacityThenDeniesWithARetryAfter() {
        List<Limit> limits = List.of(Limit.slidingLog(3, Duration.ofMinutes(1)),
                Limit.slidingWindowCounter(3, Duration.ofMinutes(1)),
                Limit.tokenBucket(3, 1, Duration.ofMinutes(1)),
                Limit.gcra(1, Duration.ofMinutes(1), 3));
        for (Limit limit : limits) {
            RateLimiter limiter = limiter(0, limit);
            for (int i = 2; i >= 0; i--) {
                Decision decision = limiter.tryAcquire("alice");
                assertThat(decision.allowed()).as("%s, remaining %d", limit, i).isTrue();
                assertThat(decision.remaining()).as("%s", limit).isEqualTo(i);
                assertThat(decision.limit()).isEqualTo(3);
                assertThat(decision.retryAfter()).isZero();
                assertThat(decision.source()).isEqualTo(Decision.Source.REDIS);
            }
            Decision denied = limiter.tryAcquire("alice");
            assertThat(denied.allowed()).as("%s", limit).isFalse();
            assertThat(denied.remaining()).isZero();
            // A minute-long window or a token per minute: the retry is most of a minute, never more than two.
            assertThat(denied.retryAfter()).as("%s", limit).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(2));
            assertThat(denied.resetAfter()).isGreaterThanOrEqualTo(denied.retryAfter());
            assertThat(denied.headers()).containsEntry("RateLimit-Limit", "3")
                    .containsEntry("RateLimit-Remaining", "0").containsKeys("RateLimit-Reset", "Retry-After");
            // Another key is independent.
            assertThat(limiter.tryAcquire("bob").allowed()).isTrue();
        }
    }

    @Test
    void permitsAreTakenTogetherAndAsyncGivesTheSameAnswers() {
        RateLimiter limiter = limiter(0, Limit.tokenBucket(10, 1, Duration.ofHours(1)));
        assertThat(limiter.tryAcquire("k", 7).remaining()).isEqualTo(3);
        assertThat(join(limiter.tryAcquireAsync("k", 4)).allowed()).isFalse();
        Decision three = join(limiter.tryAcquireAsync("k", 3));
        assertThat(three.allowed()).isTrue();
        assertThat(three.remaining()).isZero();
        assertThat(join(limiter.tryAcquireAsync("k")).allowed()).isFalse();
        assertThat(three.headers()).containsExactly(java.util.Map.entry("RateLimit-Limit", "10"),
                java.util.Map.entry("RateLimit-Remaining", "0"), java.util.Map.entry("RateLimit-Reset", "36000"));
    }

    @Test
    void severalLimitsConsumeOnAllOrNoneInOneRoundTrip() {
        RateLimiter limiter = limiter(0, Limit.slidingLog(2, Duration.ofMinutes(1)),
                Limit.tokenBucket(5, 1, Duration.ofHours(1)));
        // Loads this set of limits' script on k's node (a first call answered NOSCRIPT is sent again as EVAL).
        limiter.tryAcquire(keyInTheSameSlotAs("k"));
        long before = scriptCalls();
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        Decision denied = limiter.tryAcquire("k");
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.limit()).as("the sliding log binds").isEqualTo(2);
        assertThat(scriptCalls() - before).as("one script call per decision").isEqualTo(3);

        assertThat(stateKeys("k")).hasSize(2);
        assertThat(redis.sync().zcard(stateKey("k", "log"))).as("log entries").isEqualTo(2);
        // The bucket admitted the third request but must not have been charged for it: 5 - 2 tokens (plus what an
        // hour-long refill adds in the few milliseconds between the calls).
        assertThat(Double.parseDouble(redis.sync().hget(stateKey("k", "bucket"), "t")))
                .isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void everyKeyOfASubjectSharesOneSlotAndExpiresWhenIdle() {
        RateLimiter limiter = limiter(0, Limit.slidingLog(5, Duration.ofSeconds(1)),
                Limit.slidingWindowCounter(5, Duration.ofMillis(500)), Limit.tokenBucket(5, 1, Duration.ofMillis(400)),
                Limit.gcra(1, Duration.ofMillis(400), 5));
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("user:{42}").allowed()).isTrue();
        }
        String[] keys = stateKeys("user:{42}");
        assertThat(keys).hasSize(4);
        RedisCommands<String, String> node = backend.nodeFor(keys[0]);
        for (String key : keys) {
            assertThat(backend.nodeFor(key)).isSameAs(node);
            assertThat(node.pttl(key)).as("TTL of %s", key).isBetween(1L, 1200L);
        }
        // Idle keys disappear by themselves (the longest here matters for 1.2 s).
        waitUntil(Duration.ofSeconds(10), () -> node.exists(keys) == 0);
        assertThat(limiter.tryAcquire("user:{42}").remaining()).isEqualTo(4);
    }

    @Test
    void theLocalDenialCacheAnswersWithoutARoundTripUntilTheRetryAfter() {
        RateLimiter limiter = limiter(Limit.slidingLog(2, Duration.ofMillis(500)));
        limiter.tryAcquire("hot", 2);
        Decision denied = limiter.tryAcquire("hot");
        assertThat(denied.source()).isEqualTo(Decision.Source.REDIS);
        long before = scriptCalls();
        for (int i = 0; i < 100; i++) {
            Decision local = limiter.tryAcquire("hot");
            assertThat(local.allowed()).isFalse();
            assertThat(local.source()).isEqualTo(Decision.Source.LOCAL_DENIAL_CACHE);
            assertThat(local.retryAfter()).isPositive().isLessThanOrEqualTo(denied.retryAfter());
        }
        assertThat(scriptCalls()).as("no script call while denied locally").isEqualTo(before);
        // Other keys still go to Redis.
        assertThat(limiter.tryAcquire("cold").source()).isEqualTo(Decision.Source.REDIS);
        // Once the retry-after has passed, Redis is asked again and admits.
        waitUntil(Duration.ofSeconds(10), () -> limiter.tryAcquire("hot").source() == Decision.Source.REDIS);
        assertThat(limiter.tryAcquire("hot").allowed()).isTrue();
    }

    @Test
    void aSmallerRequestThanTheDeniedOneStillAsksRedis() {
        RateLimiter limiter = limiter(Limit.tokenBucket(5, 1, Duration.ofHours(1)));
        limiter.tryAcquire("k", 3);
        assertThat(limiter.tryAcquire("k", 3).allowed()).isFalse();
        assertThat(limiter.tryAcquire("k", 4).source()).isEqualTo(Decision.Source.LOCAL_DENIAL_CACHE);
        Decision two = limiter.tryAcquire("k", 2);
        assertThat(two.source()).isEqualTo(Decision.Source.REDIS);
        assertThat(two.allowed()).isTrue();
    }

    @Test
    void withTheDenialCacheOffEveryDecisionAsksRedis() {
        RateLimiter limiter = limiter(0, Limit.slidingLog(1, Duration.ofMinutes(1)));
        limiter.tryAcquire("k");
        long before = scriptCalls();
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("k").source()).isEqualTo(Decision.Source.REDIS);
        }
        assertThat(scriptCalls() - before).isEqualTo(5);
    }

    @Test
    void recoversFromAnEmptyScriptCache() {
        RateLimiter limiter = limiter(Limit.gcra(10, Duration.ofHours(1), 10));
        assertThat(limiter.tryAcquire("k").allowed()).isTrue();
        for (RedisCommands<String, String> node : backend.nodes()) {
            node.scriptFlush();
        }
        assertThat(limiter.tryAcquire("k").remaining()).isEqualTo(8);
        assertThat(join(limiter.tryAcquireAsync("k")).remaining()).isEqualTo(7);
    }

    @Test
    void aKeyOfTheWrongTypeIsAReplyErrorNotADecision() {
        RateLimiter limiter = limiter(Limit.tokenBucket(5, 1, Duration.ofSeconds(1)));
        redis.sync().set(KeyNamespace.of("api").group("k").key("bucket:5:1:1000000"), "not a hash");
        assertThatThrownBy(() -> limiter.tryAcquire("k")).isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("WRONGTYPE");
        assertThatThrownBy(() -> join(limiter.tryAcquireAsync("k"))).isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RedisReplyException.class);
    }

    @Test
    void badArgumentsAreRefusedBeforeAnythingIsSent() {
        RateLimiter limiter = limiter(Limit.slidingLog(10, Duration.ofSeconds(1)),
                Limit.tokenBucket(4, 1, Duration.ofSeconds(1)));
        long before = scriptCalls();
        assertThatThrownBy(() -> limiter.tryAcquire(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("key must not be null");
        assertThatThrownBy(() -> limiter.tryAcquire(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must not be blank, was \" \"");
        assertThatThrownBy(() -> limiter.tryAcquire("k", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("permits must be in [1, 4]").hasMessageEndingWith("was 0");
        assertThatThrownBy(() -> limiter.tryAcquireAsync("k", 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 is the smallest capacity").hasMessageEndingWith("was 5");
        assertThat(scriptCalls()).isEqualTo(before);
    }

    /** Every key the limiter's script made for this subject, found by their shared hash tag. */
    /** Another key of namespace "api" whose state lives in {@code key}'s Cluster slot. */
    private static String keyInTheSameSlotAs(String key) {
        int slot = io.lettuce.core.cluster.SlotHash.getSlot(KeyNamespace.of("api").group(key).hashTag());
        for (int i = 0; ; i++) {
            if (io.lettuce.core.cluster.SlotHash.getSlot(KeyNamespace.of("api").group("other-" + i).hashTag()) == slot) {
                return "other-" + i;
            }
        }
    }

    private String[] stateKeys(String key) {
        String tag = KeyNamespace.of("api").group(key).hashTag();
        List<String> keys = new ArrayList<>();
        for (RedisCommands<String, String> node : backend.nodes()) {
            for (String found : node.keys("*")) {
                if (found.startsWith(tag + ":")) {
                    keys.add(found);
                }
            }
        }
        return keys.toArray(String[]::new);
    }

    /** The key of the subject's limit of that algorithm ("log", "counter", "bucket", "gcra"). */
    private String stateKey(String key, String algorithm) {
        String prefix = KeyNamespace.of("api").group(key).hashTag() + ":" + algorithm + ":";
        for (String found : stateKeys(key)) {
            if (found.startsWith(prefix)) {
                return found;
            }
        }
        throw new AssertionError("no key " + prefix + "*");
    }

    private long scriptCalls() {
        long calls = 0;
        for (RedisCommands<String, String> node : backend.nodes()) {
            for (String line : node.info("commandstats").split("\r?\n")) {
                if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_eval:")) {
                    String field = line.substring(line.indexOf("calls=") + 6);
                    calls += Long.parseLong(field.substring(0, field.indexOf(',')));
                }
            }
        }
        return calls;
    }

    private static Decision join(CompletionStage<Decision> stage) {
        return stage.toCompletableFuture().join();
    }

    static void waitUntil(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within " + timeout);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }
}
