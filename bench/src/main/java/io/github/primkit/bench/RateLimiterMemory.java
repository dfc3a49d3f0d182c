package io.github.primkit.bench;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.ratelimit.RateLimiter;
import io.github.primkit.ratelimit.RateLimiterOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Memory per key of each rate limiter algorithm: 10,000 subjects decided once (and, for the sliding log, 100 times
 * each), then {@code used_memory} delta per subject and {@code MEMORY USAGE} of one subject's key.
 *
 * <pre>java -cp ... io.github.primkit.bench.RateLimiterMemory redis://127.0.0.1:6379</pre>
 */
public final class RateLimiterMemory {
    private static final int SUBJECTS = 10_000;

    private RateLimiterMemory() {
    }

    public static void main(String[] args) {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            System.out.println("| algorithm | permits used per subject | MEMORY USAGE of one key (bytes) "
                    + "| used_memory per subject (bytes) |");
            System.out.println("| --- | --- | --- | --- |");
            measure(redis, connection, Limit.slidingLog(1000, Duration.ofHours(1)), 1);
            measure(redis, connection, Limit.slidingLog(1000, Duration.ofHours(1)), 100);
            measure(redis, connection, Limit.slidingWindowCounter(1000, Duration.ofHours(1)), 1);
            measure(redis, connection, Limit.tokenBucket(1000, 1, Duration.ofHours(1)), 1);
            measure(redis, connection, Limit.gcra(1, Duration.ofHours(1), 1000), 1);
        } finally {
            client.shutdown();
        }
    }

    private static void measure(RedisCommands<String, String> redis, StatefulRedisConnection<String, String> connection,
            Limit limit, int permits) {
        redis.flushall();
        RateLimiter limiter = RateLimiter.create(PrimkitConnection.of(connection), RateLimiterOptions.builder()
                .namespace("m").limit(limit).localDenialCacheSize(0).build());
        limiter.tryAcquire("warm-up");
        redis.flushall();
        long before = usedMemory(redis);
        for (int i = 0; i < SUBJECTS; i++) {
            for (int p = 0; p < permits; p++) {
                limiter.tryAcquire("user-" + i);
            }
        }
        long after = usedMemory(redis);
        List<String> keys = redis.keys("{m:user-1}:*");
        long usage = redis.memoryUsage(keys.get(0));
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.0f |%n", limit, permits, usage,
                (double) (after - before) / SUBJECTS);
    }

    private static long usedMemory(RedisCommands<String, String> redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("no used_memory in INFO memory");
    }
}
