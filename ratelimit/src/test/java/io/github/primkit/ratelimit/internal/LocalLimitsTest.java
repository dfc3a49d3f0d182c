package io.github.primkit.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.ratelimit.Limit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The reference model's arithmetic, on a clock the test moves: exact figures worked out by hand for each algorithm.
 * (The scripts are checked against this model on every backend by {@link ScriptMatchesModelTest}.)
 */
class LocalLimitsTest {
    /** A time on a whole second, so fixed windows of 1 s start here. */
    private static final long T0 = 1_700_000_000_000_000L;
    private static final long SECOND = 1_000_000;

    private long now = T0;

    private LocalLimits model(Limit... limits) {
        return new LocalLimits(List.of(limits), 1000, () -> now);
    }

    private static Verdict allowed(int binding, long remaining, long reset, long at) {
        return new Verdict(true, binding, remaining, 0, reset, at);
    }

    private static Verdict denied(int binding, long remaining, long retry, long reset, long at) {
        return new Verdict(false, binding, remaining, retry, reset, at);
    }

    @Test
    void slidingLogAdmitsExactlyTheLimitPerWindowAndSaysWhenTheOldestEntryLeaves() {
        LocalLimits log = model(Limit.slidingLog(3, Duration.ofSeconds(1)));
        assertThat(log.decide("k", 1)).isEqualTo(allowed(0, 2, SECOND, now));
        now += 100_000;
        assertThat(log.decide("k", 1)).isEqualTo(allowed(0, 1, SECOND, now));
        now += 100_000;
        assertThat(log.decide("k", 1)).isEqualTo(allowed(0, 0, SECOND, now));
        // Full: the first entry (at T0) leaves the window at T0 + 1 s; the newest (T0 + 0.2 s) at T0 + 1.2 s.
        now = T0 + 500_000;
        assertThat(log.decide("k", 1)).isEqualTo(denied(0, 0, 500_000, 700_000, now));
        // Two permits need the two oldest entries gone: the second leaves at T0 + 1.1 s.
        assertThat(log.decide("k", 2)).isEqualTo(denied(0, 0, 600_000, 700_000, now));
        // At T0 + 1 s the entry of T0 is out (a permit counts while it is younger than the window).
        now = T0 + SECOND;
        assertThat(log.decide("k", 1)).isEqualTo(allowed(0, 0, SECOND, now));
        assertThat(log.decide("other", 3)).isEqualTo(allowed(0, 0, SECOND, now));
    }

    @Test
    void slidingWindowCounterWeighsThePreviousWindowByTheShareStillCovered() {
        LocalLimits counter = model(Limit.slidingWindowCounter(10, Duration.ofSeconds(1)));
        now = T0 + 900_000;
        for (int i = 9; i >= 0; i--) {
            assertThat(counter.decide("k", 1)).isEqualTo(allowed(0, i, 2 * SECOND - 900_000, now));
        }
        assertThat(counter.decide("k", 1).allowed()).isFalse();
        // 10% into the next window the previous one weighs 90%: estimate 9, so exactly one more fits.
        now = T0 + 1_100_000;
        assertThat(counter.decide("k", 1)).isEqualTo(allowed(0, 0, 2 * SECOND - 100_000, now));
        // Now estimate 10: a permit fits when 10 * (1 - e) + 1 <= 10, at e = 0.2 s, 0.1 s from now.
        assertThat(counter.decide("k", 1)).isEqualTo(denied(0, 0, 100_000, 2 * SECOND - 100_000, now));
        // A request of 10 fits only in the next window once this one's single permit weighs <= 0: at its end.
        assertThat(counter.decide("k", 10)).isEqualTo(denied(0, 0, 2 * SECOND - 100_000, 2 * SECOND - 100_000,
                now));
        now = T0 + 1_200_000;
        assertThat(counter.decide("k", 1)).isEqualTo(allowed(0, 0, 2 * SECOND - 200_000, now));
        // Two windows later nothing weighs any more.
        now = T0 + 3 * SECOND;
        assertThat(counter.decide("k", 10)).isEqualTo(allowed(0, 0, 2 * SECOND, now));
    }

    @Test
    void tokenBucketRefillsFractionallyAndStartsFull() {
        LocalLimits bucket = model(Limit.tokenBucket(10, 1, Duration.ofSeconds(2)));
        assertThat(bucket.decide("k", 10)).isEqualTo(allowed(0, 0, 20 * SECOND, now));
        assertThat(bucket.decide("k", 1)).isEqualTo(denied(0, 0, 2 * SECOND, 20 * SECOND, now));
        // Half a second refills a quarter of a token.
        now += 500_000;
        assertThat(bucket.decide("k", 1)).isEqualTo(denied(0, 0, 1_500_000, 19_500_000, now));
        now += 1_500_000;
        assertThat(bucket.decide("k", 1)).isEqualTo(allowed(0, 0, 20 * SECOND, now));
        // Three seconds later: 1.5 tokens; 2 permits need 0.5 more, one second.
        now += 3 * SECOND;
        assertThat(bucket.decide("k", 2)).isEqualTo(denied(0, 1, SECOND, 17 * SECOND, now));
        assertThat(bucket.decide("k", 1)).isEqualTo(allowed(0, 0, 19 * SECOND, now));
        // Never more than the capacity, however long the bucket idles.
        now += 3600 * SECOND;
        assertThat(bucket.decide("k", 1)).isEqualTo(allowed(0, 9, 2 * SECOND, now));
    }

    @Test
    void gcraAdmitsTheBurstThenOnePermitPerInterval() {
        LocalLimits gcra = model(Limit.gcra(10, Duration.ofSeconds(1), 5));
        for (int i = 4; i >= 0; i--) {
            assertThat(gcra.decide("k", 1)).isEqualTo(allowed(0, i, (5 - i) * 100_000L, now));
        }
        assertThat(gcra.decide("k", 1)).isEqualTo(denied(0, 0, 100_000, 500_000, now));
        assertThat(gcra.decide("k", 3)).isEqualTo(denied(0, 0, 300_000, 500_000, now));
        now += 250_000;
        assertThat(gcra.decide("k", 2)).isEqualTo(allowed(0, 0, 450_000, now));
        assertThat(gcra.decide("k", 1)).isEqualTo(denied(0, 0, 50_000, 450_000, now));
    }

    @Test
    void gcraAndTheTokenBucketAdmitTheSameRequests() {
        LocalLimits gcra = model(Limit.gcra(7, Duration.ofSeconds(3), 4));
        LocalLimits bucket = model(Limit.tokenBucket(4, 7, Duration.ofSeconds(3)));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            now += random.nextInt(400_000);
            long permits = 1 + random.nextInt(4);
            Verdict g = gcra.decide("k", permits);
            Verdict b = bucket.decide("k", permits);
            assertThat(g.allowed()).as("request %d at +%d us for %d", i, now - T0, permits).isEqualTo(b.allowed());
            // The same quantities computed two ways in floating point: GCRA keeps an absolute time (a double of
            // epoch microseconds, resolution 0.25 us), the bucket a small token count, so they differ by rounding.
            assertThat(Math.abs(g.remaining() - b.remaining())).isLessThanOrEqualTo(1);
            assertThat(Math.abs(g.retryMicros() - b.retryMicros())).isLessThanOrEqualTo(10);
        }
    }

    @Test
    void severalLimitsConsumeOnAllOrOnNone() {
        LocalLimits both = model(Limit.slidingLog(2, Duration.ofSeconds(1)), Limit.tokenBucket(5, 1,
                Duration.ofSeconds(1)));
        // Allowed: the binding limit is the one with fewer permits left (log: 1 left, bucket: 4).
        assertThat(both.decide("k", 1)).isEqualTo(allowed(0, 1, SECOND, now));
        assertThat(both.decide("k", 1)).isEqualTo(allowed(0, 0, SECOND, now));
        // The log denies; the bucket, which would admit, must not be consumed.
        assertThat(both.decide("k", 1)).isEqualTo(denied(0, 0, SECOND, SECOND, now));
        assertThat(both.decide("k", 1)).isEqualTo(denied(0, 0, SECOND, SECOND, now));
        now += SECOND;
        // Bucket: 3 + 1 refilled = 4 tokens; log empty again. Two permits: log 0 left, bucket 2.
        assertThat(both.decide("k", 2)).isEqualTo(allowed(0, 0, SECOND, now));
        now += SECOND;
        // Bucket: 2 + 1 = 3; a request of 2 passes both: log 0 left, bucket 1 left; then the bucket binds a denial
        // of 2 (needs 1 more token, 1 s) while the log (full) frees up at the same time: the bucket's retry is
        // later by nothing, the first denying limit with the largest retry wins.
        assertThat(both.decide("k", 2)).isEqualTo(allowed(0, 0, SECOND, now));
        Verdict denied = both.decide("k", 2);
        assertThat(denied.allowed()).isFalse();
        assertThat(denied.retryMicros()).isEqualTo(SECOND);
    }

    @Test
    void aClockThatGoesBackNeitherRefillsNorBreaks() {
        LocalLimits bucket = model(Limit.tokenBucket(2, 1, Duration.ofSeconds(1)));
        LocalLimits log = model(Limit.slidingLog(2, Duration.ofSeconds(1)));
        assertThat(bucket.decide("k", 2).allowed()).isTrue();
        assertThat(log.decide("k", 2).allowed()).isTrue();
        now -= 5 * SECOND;
        assertThat(bucket.decide("k", 1).allowed()).isFalse();
        assertThat(log.decide("k", 1).allowed()).isFalse();
        now += 5 * SECOND + SECOND;
        assertThat(bucket.decide("k", 1).allowed()).isTrue();
        assertThat(log.decide("k", 1).allowed()).isTrue();
    }

    @Test
    void stateThatNoLongerMattersIsDroppedOnTheModelsClock() {
        LocalLimits log = model(Limit.slidingLog(1, Duration.ofSeconds(1)));
        assertThat(log.decide("k", 1).allowed()).isTrue();
        now += 10 * SECOND;
        assertThat(log.decide("k", 1)).isEqualTo(allowed(0, 0, SECOND, now));
    }
}
