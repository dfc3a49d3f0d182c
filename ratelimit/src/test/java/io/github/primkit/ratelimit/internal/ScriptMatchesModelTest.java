package io.github.primkit.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The Lua scripts against the Java reference model: the server's clock cannot be driven, so the script decides on
 * real (short) time and returns the server time it decided at; the model is then asked the same question at that
 * time, and must give exactly the same verdict: allowed, binding limit, remaining, retry-after and reset-after to the
 * microsecond.
 */
@RedisBackends(requires = {RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS})
class ScriptMatchesModelTest {
    private static final int REQUESTS = 400;

    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;

    ScriptMatchesModelTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = PrimkitConnection.of(backend.connection());
    }

    @Test
    void slidingLog() {
        compare(Limit.slidingLog(5, Duration.ofMillis(40)));
    }

    @Test
    void slidingWindowCounter() {
        compare(Limit.slidingWindowCounter(7, Duration.ofMillis(30)));
    }

    @Test
    void tokenBucket() {
        compare(Limit.tokenBucket(6, 1, Duration.ofMillis(7)));
    }

    @Test
    void gcra() {
        compare(Limit.gcra(3, Duration.ofMillis(20), 4));
    }

    @Test
    void allFourTogether() {
        compare(Limit.slidingLog(6, Duration.ofMillis(25)), Limit.slidingWindowCounter(9, Duration.ofMillis(40)),
                Limit.tokenBucket(5, 2, Duration.ofMillis(9)), Limit.gcra(1, Duration.ofMillis(4), 4));
    }

    private void compare(Limit... limits) {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        LimitScript script = new LimitScript(KeyNamespace.of("model"), List.of(limits));
        long maxPermits = List.of(limits).stream().mapToLong(Limit::capacity).min().orElseThrow();
        // The model's clock is unused: every decision is made at the time the server reports.
        LocalLimits model = new LocalLimits(List.of(limits), 100, () -> 0);
        List<String> trace = new ArrayList<>();
        int allowed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String key = "user-" + random.nextInt(3);
            long permits = random.nextInt(4) == 0 ? 1 + random.nextInt((int) maxPermits) : 1;
            Verdict fromScript = LimitScript.parse(RedisFutures.await(script.run(redis.async(), key, permits),
                    Duration.ofSeconds(10)));
            Verdict fromModel = model.decide(key, permits, fromScript.nowMicros());
            trace.add(key + " x" + permits + " -> " + fromScript);
            assertThat(fromScript)
                    .as("request %d on %s (seed %d, limits %s); last requests:%n%s", i, backend.name(), seed,
                            List.of(limits), String.join("\n", trace.subList(Math.max(0, trace.size() - 8),
                                    trace.size())))
                    .isEqualTo(fromModel);
            allowed += fromScript.allowed() ? 1 : 0;
            if (random.nextInt(3) == 0) {
                // Let server time pass, a few milliseconds at most: the windows above are tens of milliseconds.
                LockSupport.parkNanos(random.nextInt(3_000_000));
            }
        }
        System.out.printf("%s on %s: %d requests, %d allowed, %d denied, script = model on each (seed %d)%n",
                List.of(limits), backend.name(), REQUESTS, allowed, REQUESTS - allowed, seed);
        assertThat(allowed).as("both outcomes exercised").isBetween(1, REQUESTS - 1);
    }
}
