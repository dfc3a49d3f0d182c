package io.github.primkit.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The classic fixed-window double burst: a full burst just before the edge of an aligned window and another just
 * after it. A fixed-window counter admits both (twice the limit within a fraction of a window); each algorithm here
 * must admit only what it promises. Placement uses the server's clock (read with TIME); what is asserted holds
 * wherever the bursts actually landed, with the landing times taken from the script's replies.
 */
@RedisBackends(requires = {RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS})
class WindowBoundaryTest {
    private static final int LIMIT = 10;
    private static final long WINDOW = 1_000_000; // 1 s in microseconds

    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;

    WindowBoundaryTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = PrimkitConnection.of(backend.connection());
    }

    @Test
    void slidingLogAdmitsNothingOfTheSecondBurstWhileTheFirstIsInTheWindow() {
        Bursts bursts = doubleBurst(Limit.slidingLog(LIMIT, Duration.ofMillis(1000)));
        assertThat(bursts.firstAdmitted()).isEqualTo(LIMIT);
        if (bursts.secondLastMicros() - bursts.firstFirstMicros() < WINDOW) {
            assertThat(bursts.secondAdmitted()).isZero();
        }
        assertThat(bursts.maxInAnyWindow()).isLessThanOrEqualTo(LIMIT);
    }

    @Test
    void slidingWindowCounterAdmitsOnlyTheShareThePreviousWindowNoLongerCovers() {
        Bursts bursts = doubleBurst(Limit.slidingWindowCounter(LIMIT, Duration.ofMillis(1000)));
        assertThat(bursts.firstAdmitted()).isEqualTo(LIMIT);
        // In the new window the estimate is LIMIT x (1 - f) + admitted, f the elapsed share: at most LIMIT x f more.
        double f = (double) (bursts.secondLastMicros() % WINDOW) / WINDOW;
        if (bursts.secondLastMicros() / WINDOW == bursts.firstFirstMicros() / WINDOW + 1) {
            assertThat((double) bursts.secondAdmitted()).isLessThanOrEqualTo(LIMIT * f);
        }
        assertThat(bursts.maxInAnyWindow()).isLessThanOrEqualTo(2 * LIMIT);
    }

    @Test
    void tokenBucketAdmitsOnlyWhatRefilledBetweenTheBursts() {
        Bursts bursts = doubleBurst(Limit.tokenBucket(LIMIT, LIMIT, Duration.ofMillis(1000)));
        assertThat(bursts.firstAdmitted()).isEqualTo(LIMIT);
        double refilled = (double) LIMIT * (bursts.secondLastMicros() - bursts.firstFirstMicros()) / WINDOW;
        assertThat((double) bursts.secondAdmitted()).isLessThanOrEqualTo(refilled);
    }

    @Test
    void gcraAdmitsOnlyWhatTheRateAllowsBetweenTheBursts() {
        Bursts bursts = doubleBurst(Limit.gcra(LIMIT, Duration.ofMillis(1000), LIMIT));
        assertThat(bursts.firstAdmitted()).isEqualTo(LIMIT);
        double earned = (double) LIMIT * (bursts.secondLastMicros() - bursts.firstFirstMicros()) / WINDOW;
        assertThat((double) bursts.secondAdmitted()).isLessThanOrEqualTo(earned + 1e-3);
    }

    private record Bursts(List<Verdict> first, List<Verdict> second) {
        int firstAdmitted() {
            return (int) first.stream().filter(Verdict::allowed).count();
        }

        int secondAdmitted() {
            return (int) second.stream().filter(Verdict::allowed).count();
        }

        long firstFirstMicros() {
            return first.get(0).nowMicros();
        }

        long secondLastMicros() {
            return second.get(second.size() - 1).nowMicros();
        }

        int maxInAnyWindow() {
            List<Long> times = new ArrayList<>();
            for (Verdict verdict : first) {
                if (verdict.allowed()) {
                    times.add(verdict.nowMicros());
                }
            }
            for (Verdict verdict : second) {
                if (verdict.allowed()) {
                    times.add(verdict.nowMicros());
                }
            }
            int max = 0;
            for (int a = 0, b = 0; b < times.size(); b++) {
                while (times.get(a) <= times.get(b) - WINDOW) {
                    a++;
                }
                max = Math.max(max, b - a + 1);
            }
            return max;
        }
    }

    /** A full burst at 90% of an aligned window, and another at 5% of the next (server time). */
    private Bursts doubleBurst(Limit limit) {
        LimitScript script = new LimitScript(KeyNamespace.of("edge"), List.of(limit));
        String key = "burst";
        RedisCommands<String, String> node = backend.nodeFor(script.keys(key)[0]);
        long edge = (serverMicros(node) / WINDOW + 1) * WINDOW;
        waitForServerTime(node, edge - WINDOW / 10);
        List<Verdict> first = burst(script, key);
        waitForServerTime(node, edge + WINDOW / 20);
        List<Verdict> second = burst(script, key);
        Bursts bursts = new Bursts(first, second);
        System.out.printf("%s on %s: burst of %d at %+d ms from the window edge admitted %d, burst at %+d ms "
                        + "admitted %d (a fixed window would admit %d + %d)%n", limit, backend.name(), LIMIT,
                (bursts.firstFirstMicros() - edge) / 1000, bursts.firstAdmitted(),
                (second.get(0).nowMicros() - edge) / 1000, bursts.secondAdmitted(), LIMIT, LIMIT);
        return bursts;
    }

    private List<Verdict> burst(LimitScript script, String key) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            verdicts.add(LimitScript.parse(RedisFutures.await(script.run(redis.async(), key, 1),
                    Duration.ofSeconds(10))));
        }
        return verdicts;
    }

    private static long serverMicros(RedisCommands<String, String> node) {
        List<String> time = node.time();
        return Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
    }

    /** Polls the server's clock until it reads at least {@code micros} (at most 5 s). */
    private static void waitForServerTime(RedisCommands<String, String> node, long micros) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long now;
        while ((now = serverMicros(node)) < micros) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the server clock did not reach " + micros + " within 5 s");
            }
            LockSupport.parkNanos(Math.min(2_000_000, (micros - now) * 1000));
        }
    }
}
