package io.github.primkit.ratelimit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.api.StatefulConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Accuracy under concurrency: many threads, each on its own connection, hammer one key for several windows; every
 * decision's server time is recorded, and the admitted ones are checked against what the algorithm promises over
 * every window (not just the aligned ones). The counts are printed.
 */
@RedisBackends(requires = {RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS})
class ConcurrencyTest {
    private static final int THREADS = 16;
    private static final Duration RUN = Duration.ofMillis(1500);

    private final RedisBackend backend;

    ConcurrencyTest(RedisBackend backend) {
        this.backend = backend;
    }

    @Test
    void slidingLogNeverAdmitsMoreThanTheLimitInAnyWindow() throws Exception {
        Limit limit = Limit.slidingLog(40, Duration.ofMillis(250));
        List<Verdict> admitted = hammer(limit);
        long window = 250_000;
        int max = maxInAnyWindow(admitted, window);
        int over = overAdmissions(admitted, window, 40);
        report(limit, admitted, "max admitted in any 250 ms window " + max + " (limit 40), over-admissions " + over);
        assertThat(over).isZero();
        assertThat(max).isEqualTo(40);
    }

    @Test
    void slidingWindowCounterStaysWithinItsDocumentedBound() throws Exception {
        Limit limit = Limit.slidingWindowCounter(40, Duration.ofMillis(250));
        List<Verdict> admitted = hammer(limit);
        long window = 250_000;
        int maxSliding = maxInAnyWindow(admitted, window);
        int maxAligned = 0;
        for (int i = 0, j = 0; i < admitted.size(); i = j) {
            long index = admitted.get(i).nowMicros() / window;
            while (j < admitted.size() && admitted.get(j).nowMicros() / window == index) {
                j++;
            }
            maxAligned = Math.max(maxAligned, j - i);
        }
        report(limit, admitted, "max in any aligned window " + maxAligned + " (bound 40), in any sliding window "
                + maxSliding + " (bound 80)");
        assertThat(maxAligned).isLessThanOrEqualTo(40);
        assertThat(maxSliding).isLessThanOrEqualTo(80);
    }

    @Test
    void tokenBucketNeverAdmitsMoreThanCapacityPlusRateTimesElapsed() throws Exception {
        Limit limit = Limit.tokenBucket(30, 1, Duration.ofMillis(10));
        List<Verdict> admitted = hammer(limit);
        double worst = worstBucketExcess(admitted, 30, 1.0 / 10_000);
        report(limit, admitted, String.format("largest (admitted - capacity - rate x elapsed) over any interval "
                + "%.3f (must be <= 0)", worst));
        assertThat(worst).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void gcraNeverAdmitsMoreThanBurstPlusRateTimesElapsed() throws Exception {
        Limit limit = Limit.gcra(1, Duration.ofMillis(10), 30);
        List<Verdict> admitted = hammer(limit);
        double worst = worstBucketExcess(admitted, 30, 1.0 / 10_000);
        report(limit, admitted, String.format("largest (admitted - burst - rate x elapsed) over any interval "
                + "%.3f (must be <= 0; GCRA keeps time at 0.25 us resolution)", worst));
        assertThat(worst).isLessThanOrEqualTo(0.001);
    }

    private int denied;
    private int total;

    /** Runs THREADS threads on their own connections against one key; returns the admitted verdicts by time. */
    private List<Verdict> hammer(Limit limit) throws Exception {
        LimitScript script = new LimitScript(KeyNamespace.of("hammer"), List.of(limit));
        List<StatefulConnection<String, String>> connections = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            connections.add(backend.connect());
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Verdict>>> results = new ArrayList<>();
        try {
            for (StatefulConnection<String, String> connection : connections) {
                PrimkitConnection<String, String> redis = PrimkitConnection.of(connection);
                results.add(pool.submit(() -> {
                    List<Verdict> verdicts = new ArrayList<>();
                    start.await();
                    long end = System.nanoTime() + RUN.toNanos();
                    while (System.nanoTime() - end < 0) {
                        verdicts.add(LimitScript.parse(RedisFutures.await(script.run(redis.async(), "hot", 1),
                                Duration.ofSeconds(10))));
                    }
                    return verdicts;
                }));
            }
            start.countDown();
            List<Verdict> all = new ArrayList<>();
            for (Future<List<Verdict>> result : results) {
                all.addAll(result.get(RUN.toSeconds() + 60, TimeUnit.SECONDS));
            }
            total = all.size();
            List<Verdict> admitted = new ArrayList<>(all.stream().filter(Verdict::allowed).toList());
            denied = total - admitted.size();
            admitted.sort(Comparator.comparingLong(Verdict::nowMicros));
            return Collections.unmodifiableList(admitted);
        } finally {
            pool.shutdownNow();
            for (StatefulConnection<String, String> connection : connections) {
                connection.close();
            }
        }
    }

    private void report(Limit limit, List<Verdict> admitted, String detail) {
        System.out.printf("%s on %s, %d threads on their own connections for %d ms: %d decisions, %d admitted, "
                + "%d denied; %s%n", limit, backend.name(), THREADS, RUN.toMillis(), total, admitted.size(), denied,
                detail);
        assertThat(admitted.size()).as("admitted").isPositive();
        assertThat(denied).as("denied").isPositive();
    }

    /** The most admitted permits in any window (t - window, t]. */
    private static int maxInAnyWindow(List<Verdict> admitted, long window) {
        int max = 0;
        for (int first = 0, last = 0; last < admitted.size(); last++) {
            while (admitted.get(first).nowMicros() <= admitted.get(last).nowMicros() - window) {
                first++;
            }
            max = Math.max(max, last - first + 1);
        }
        return max;
    }

    /** Admissions that made some window (t - window, t] hold more than the limit. */
    private static int overAdmissions(List<Verdict> admitted, long window, int limit) {
        int over = 0;
        for (int first = 0, last = 0; last < admitted.size(); last++) {
            while (admitted.get(first).nowMicros() <= admitted.get(last).nowMicros() - window) {
                first++;
            }
            if (last - first + 1 > limit) {
                over++;
            }
        }
        return over;
    }

    /** Max over all intervals [t_i, t_j] of admitted - capacity - rate x (t_j - t_i). */
    private static double worstBucketExcess(List<Verdict> admitted, long capacity, double perMicro) {
        double worst = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < admitted.size(); i++) {
            for (int j = i; j < admitted.size(); j++) {
                double excess = (j - i + 1) - capacity
                        - perMicro * (admitted.get(j).nowMicros() - admitted.get(i).nowMicros());
                worst = Math.max(worst, excess);
            }
        }
        return worst;
    }
}
