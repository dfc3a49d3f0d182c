package io.github.primkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Batching: requests for one key that arrive while a call for it is in flight go together in the next call, and get
 * exactly the decisions they would have got one by one. To hold the first call in flight deterministically, the
 * limiter runs on a connection that does not flush by itself; the test flushes it until every decision is in.
 */
@RedisBackends(requires = {RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS})
class BatchingTest {
    private final RedisBackend backend;

    BatchingTest(RedisBackend backend) {
        this.backend = backend;
    }

    @Test
    void requestsQueuedBehindACallInFlightShareTheNextCall() {
        List<Decision> decisions = decide(true, Limit.tokenBucket(10, 1, Duration.ofHours(1)), permits(50, 1));
        for (int i = 0; i < 50; i++) {
            Decision decision = decisions.get(i);
            assertThat(decision.allowed()).as("request %d", i).isEqualTo(i < 10);
            assertThat(decision.remaining()).as("request %d", i).isEqualTo(i < 10 ? 9 - i : 0);
            assertThat(decision.source()).isEqualTo(Decision.Source.REDIS);
        }
        // The first request alone, then the 49 that queued behind it in one call.
        assertThat(scriptCalls).isEqualTo(2);
    }

    @Test
    void withoutBatchingEveryRequestIsItsOwnCall() {
        List<Decision> decisions = decide(false, Limit.tokenBucket(10, 1, Duration.ofHours(1)), permits(50, 1));
        assertThat(decisions).filteredOn(Decision::allowed).hasSize(10);
        assertThat(decisions.subList(0, 10)).allMatch(Decision::allowed);
        assertThat(scriptCalls).isEqualTo(50);
    }

    @Test
    void bigBatchesAreSplitAndEveryAlgorithmDecidesInArrivalOrder() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Limit> limits = List.of(Limit.slidingLog(100, Duration.ofHours(1)),
                Limit.slidingWindowCounter(100, Duration.ofHours(1)), Limit.tokenBucket(100, 1, Duration.ofHours(1)),
                Limit.gcra(1, Duration.ofHours(1), 100));
        for (Limit limit : limits) {
            backend.flushAll();
            long[] permits = new long[200];
            for (int i = 0; i < permits.length; i++) {
                permits[i] = 1 + random.nextInt(5);
            }
            List<Decision> decisions = decide(true, limit, permits);
            // One by one, each of these limits admits a request while what it has admitted plus the request fits in
            // 100 (nothing refills noticeably within an hour-long period during the test).
            long used = 0;
            for (int i = 0; i < permits.length; i++) {
                boolean fits = used + permits[i] <= 100;
                assertThat(decisions.get(i).allowed()).as("%s, request %d of %d permits, %d used (seed %d)", limit,
                        i, permits[i], used, seed).isEqualTo(fits);
                if (fits) {
                    used += permits[i];
                    assertThat(decisions.get(i).remaining()).as("%s (seed %d)", limit, seed)
                            .isBetween(100 - used - 1, 100 - used);
                }
            }
            // 1 alone, then 199 queued: at most 64 per call.
            assertThat(scriptCalls).as("%s", limit).isEqualTo(1 + 4);
            if (limit.algorithm() == Limit.Algorithm.SLIDING_LOG) {
                String key = backend.sync().keys("{batch:k}:*").get(0);
                assertThat(backend.sync().zcard(key)).as("one member per admitted permit (seed %d)", seed)
                        .isEqualTo(used);
            }
        }
    }

    @Test
    void severalLimitsInOneBatchDecideAsOneByOneAndReadEachKeyOncePerCall() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        List<Limit> limits = List.of(Limit.slidingLog(150, Duration.ofHours(1)),
                Limit.slidingWindowCounter(120, Duration.ofHours(1)), Limit.tokenBucket(100, 1, Duration.ofHours(1)),
                Limit.gcra(1, Duration.ofHours(1), 130));
        long[] permits = new long[120];
        for (int i = 0; i < permits.length; i++) {
            permits[i] = 1 + random.nextInt(4);
        }
        backend.flushAll();
        List<Decision> oneByOne = decide(false, limits, permits);
        backend.flushAll();
        List<Decision> batched = decide(true, limits, permits);
        for (int i = 0; i < permits.length; i++) {
            assertThat(batched.get(i).allowed()).as("request %d (seed %d)", i, seed)
                    .isEqualTo(oneByOne.get(i).allowed());
            assertThat(batched.get(i).remaining()).as("request %d (seed %d)", i, seed)
                    .isBetween(oneByOne.get(i).remaining() - 1, oneByOne.get(i).remaining() + 1);
        }
        assertThat(batched).filteredOn(Decision::allowed).isNotEmpty();
        assertThat(batched).filteredOn(decision -> !decision.allowed()).isNotEmpty();
        // 1 alone, then 119 queued: 64 + 55.
        assertThat(scriptCalls).isEqualTo(3);
        // Each call reads each limit's state once (the log: one trim and one count) and writes it at most once,
        // however many requests it decides; only the log adds its members one by one (ZADD per admitted permit).
        assertThat(commandCalls("hmget")).as("hmget: counter + bucket, once per call").isEqualTo(2 * scriptCalls);
        assertThat(commandCalls("get")).as("get: gcra, once per call").isEqualTo(scriptCalls);
        assertThat(commandCalls("zremrangebyscore")).isEqualTo(scriptCalls);
        assertThat(commandCalls("zcard")).isEqualTo(scriptCalls);
        assertThat(commandCalls("hset")).isLessThanOrEqualTo(2 * scriptCalls);
        assertThat(commandCalls("set")).isLessThanOrEqualTo(scriptCalls);
        assertThat(commandCalls("pexpire")).isLessThanOrEqualTo(3 * scriptCalls);
        String log = backend.sync().keys("{batch:k}:log:*").get(0);
        long admittedPermits = 0;
        for (int i = 0; i < permits.length; i++) {
            admittedPermits += batched.get(i).allowed() ? permits[i] : 0;
        }
        assertThat(backend.sync().zcard(log)).as("seed %d", seed).isEqualTo(admittedPermits);
        assertThat(backend.sync().pttl(log)).isPositive();
    }

    private long scriptCalls;
    private String commandstats;

    private long commandCalls(String command) {
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }

    private static long[] permits(int count, long each) {
        long[] permits = new long[count];
        java.util.Arrays.fill(permits, each);
        return permits;
    }

    /** Asks for {@code permits} on key "k", all at once, and returns the decisions in request order. */
    private List<Decision> decide(boolean batching, Limit limit, long[] permits) {
        return decide(batching, List.of(limit), permits);
    }

    private List<Decision> decide(boolean batching, List<Limit> limits, long[] permits) {
        StatefulConnection<String, String> connection = backend.connect();
        try {
            RateLimiterOptions.Builder options = RateLimiterOptions.builder().namespace("batch");
            limits.forEach(options::limit);
            RateLimiter limiter = RateLimiter.create(PrimkitConnection.of(connection), options
                    .localDenialCacheSize(0).batching(batching).timeout(Duration.ofSeconds(30)).build());
            // Loads the script, so that the calls counted below are the decisions' own.
            limiter.tryAcquire("warm-up");
            RedisCommands<String, String> node = backend.nodeFor("{batch:k}");
            node.configResetstat();
            connection.setAutoFlushCommands(false);
            List<CompletableFuture<Decision>> pending = new ArrayList<>();
            for (long p : permits) {
                pending.add(limiter.tryAcquireAsync("k", p).toCompletableFuture());
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(new CompletableFuture[0]));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!all.isDone()) {
                assertThat(System.nanoTime()).as("all decisions within 60 s").isLessThan(deadline);
                connection.flushCommands();
                Thread.onSpinWait();
            }
            connection.setAutoFlushCommands(true);
            commandstats = node.info("commandstats");
            scriptCalls = commandCalls("evalsha");
            return pending.stream().map(CompletableFuture::join).toList();
        } finally {
            connection.close();
        }
    }
}
