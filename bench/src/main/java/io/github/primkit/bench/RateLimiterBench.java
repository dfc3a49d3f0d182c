package io.github.primkit.bench;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.primkit.core.PrimkitClientResources;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.ratelimit.RateLimiter;
import io.github.primkit.ratelimit.RateLimiterOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.redisson.Redisson;
import org.redisson.api.RFuture;
import org.redisson.api.RRateLimiter;
import org.redisson.api.RateType;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Rate limiter decisions per second and latency (p50/p99), Primkit against Bucket4j's Lettuce backend and Redisson's
 * RRateLimiter, on one redis-server, in the same run: one hot key and 100,000 keys, at 1, 8 and 32 threads, rounds
 * alternating the order of the contenders. Every contender enforces the same limit, 1000 per second per key (a token
 * bucket of 1000 refilled at 1000/s for Primkit and Bucket4j, Redisson's OVERALL rate of 1000 per second). Server
 * commands per decision come from {@code INFO commandstats} (reset before each run), which counts the commands a
 * script runs as well as those clients send.
 *
 * <p>Contenders: {@code primkit} (denial cache off, batching on, client on {@code PrimkitClientResources}),
 * {@code primkit-cached} (the default configuration: denial cache on), {@code primkit-unbatched},
 * {@code primkit-plain} (a plain Lettuce client), {@code bucket4j}, {@code redisson}, and two baselines that are not
 * limiters: {@code raw-minimal} (a minimal token-bucket script by synchronous EVALSHA) and {@code raw-primkit-script}
 * (Primkit's script, the same way).
 *
 * <pre>java -cp ... io.github.primkit.bench.RateLimiterBench redis://127.0.0.1:6379 [seconds] [rounds] [threads]
 *     [scenarios: hot,many] [contenders: primkit,primkit-cached,bucket4j,redisson]</pre>
 */
public final class RateLimiterBench {
    private static final int KEYS = 100_000;
    private static final long RATE = 1000;

    private RateLimiterBench() {
    }

    /** One library's decision, behind a common face. */
    private interface Contender extends AutoCloseable {
        String name();

        boolean tryAcquire(String key);

        /** Per-key setup that is not a decision (Redisson stores each key's rate before its first use). */
        default void prepare(String[] keys) {
        }

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6379";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int[] threadCounts = args.length > 3 ? Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32};
        RedisClient admin = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> adminConnection = admin.connect()) {
            RedisCommands<String, String> redis = adminConnection.sync();
            redis.flushall();
            String version = field(redis.info("server"), "redis_version");
            System.out.printf("# redis-server %s at %s; %d s per run, %d rounds, threads %s, java %s, %d cores%n",
                    version, uri, seconds, rounds, Arrays.toString(threadCounts), System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            String[] hot = {"hot"};
            String[] many = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                many[i] = "user-" + i;
            }
            List<String> scenarios = List.of((args.length > 4 ? args[4] : "hot,many").split(","));
            List<String> names = List.of((args.length > 5 ? args[5] : "primkit,primkit-cached,bucket4j,redisson")
                    .split(","));
            Map<String, Supplier<Contender>> known = new LinkedHashMap<>();
            known.put("primkit", () -> primkit(uri, false, true, true));
            known.put("primkit-cached", () -> primkit(uri, true, true, true));
            known.put("primkit-unbatched", () -> primkit(uri, false, false, true));
            known.put("primkit-plain", () -> primkit(uri, false, true, false));
            known.put("bucket4j", () -> bucket4j(uri));
            known.put("redisson", () -> redisson(uri));
            known.put("raw-minimal", () -> rawScript(uri, "raw Lettuce, minimal bucket script", MINIMAL_BUCKET));
            known.put("raw-primkit-script", () -> rawScript(uri, "raw Lettuce, Primkit's script", primkitScript()));
            List<Supplier<Contender>> contenders = new ArrayList<>();
            for (String name : names) {
                if (!known.containsKey(name)) {
                    throw new IllegalArgumentException("unknown contender " + name + ", known: " + known.keySet());
                }
                contenders.add(known.get(name));
            }
            Map<String, List<Run>> results = new LinkedHashMap<>();
            List<String[]> keySets = new ArrayList<>();
            if (scenarios.contains("hot")) {
                keySets.add(hot);
            }
            if (scenarios.contains("many")) {
                keySets.add(many);
            }
            for (String[] keys : keySets) {
                String scenario = keys.length == 1 ? "1 hot key" : KEYS + " keys";
                List<Contender> open = new ArrayList<>();
                for (Supplier<Contender> contender : contenders) {
                    Contender c = contender.get();
                    c.prepare(keys);
                    open.add(c);
                }
                for (Contender c : open) {
                    run(c, keys, 8, 2, redis); // JIT and connection warm-up, not recorded
                }
                for (int threads : threadCounts) {
                    for (int round = 0; round < rounds; round++) {
                        for (int i = 0; i < open.size(); i++) {
                            Contender c = open.get((i + round) % open.size());
                            Run r = run(c, keys, threads, seconds, redis);
                            results.computeIfAbsent(scenario + "|" + threads + "|" + c.name(), k -> new ArrayList<>())
                                    .add(r);
                            System.out.printf(Locale.ROOT, "%s, %d threads, round %d, %s: %.0f decisions/s, p50 %.0f us,"
                                            + " p99 %.0f us, %.2f commands/decision (%s), %.1f%% allowed%n", scenario,
                                    threads, round + 1, c.name(), r.perSecond, r.p50Micros, r.p99Micros,
                                    r.commandsPerDecision, r.breakdown, 100.0 * r.allowedShare);
                        }
                    }
                }
                for (Contender c : open) {
                    c.close();
                }
            }
            printTable(results, threadCounts);
        } finally {
            admin.shutdown();
        }
    }

    private record Run(double perSecond, double p50Micros, double p99Micros, double commandsPerDecision,
            String breakdown, double allowedShare) {
    }

    private static Run run(Contender contender, String[] keys, int threads, int seconds, RedisCommands<String,
            String> redis) throws InterruptedException {
        redis.configResetstat();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        long[] allowed = new long[threads];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long durationNanos = Duration.ofSeconds(seconds).toNanos();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread worker = new Thread(() -> {
                long[] samples = new long[1 << 16];
                int n = 0;
                long granted = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = System.nanoTime() + durationNanos;
                long now;
                while ((now = System.nanoTime()) - end < 0) {
                    String key = keys.length == 1 ? keys[0] : keys[random.nextInt(keys.length)];
                    boolean ok = contender.tryAcquire(key);
                    long took = System.nanoTime() - now;
                    if (n == samples.length) {
                        samples = Arrays.copyOf(samples, n * 2);
                    }
                    samples[n++] = took;
                    granted += ok ? 1 : 0;
                }
                latencies[index] = samples;
                counts[index] = n;
                allowed[index] = granted;
            }, contender.name() + "-" + t);
            workers.add(worker);
            worker.start();
        }
        long began = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        Map<String, Long> commands = commandCounts(redis.info("commandstats"));
        commands.remove("config|resetstat");
        commands.remove("config");
        long commandTotal = commands.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder breakdown = new StringBuilder();
        commands.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .forEach(e -> breakdown.append(breakdown.length() == 0 ? "" : " ").append(e.getKey()).append(' ')
                        .append(String.format(Locale.ROOT, "%.2f", (double) e.getValue() / total)));
        return new Run(total / elapsed, all[total / 2] / 1000.0, all[(int) (total * 0.99)] / 1000.0,
                (double) commandTotal / total, breakdown.toString(),
                (double) Arrays.stream(allowed).sum() / total);
    }

    private static Map<String, Long> commandCounts(String commandstats) {
        Map<String, Long> counts = new TreeMap<>();
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String calls = line.substring(line.indexOf("calls=") + 6);
                counts.put(name, Long.parseLong(calls.substring(0, calls.indexOf(','))));
            }
        }
        return counts;
    }

    private static void printTable(Map<String, List<Run>> results, int[] threadCounts) {
        System.out.println();
        System.out.println("| keys | threads | limiter | decisions/s (median) | p50 us | p99 us | commands/decision |"
                + " Primkit / this |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Map.Entry<String, List<Run>> entry : results.entrySet()) {
            String[] parts = entry.getKey().split("\\|");
            List<Run> runs = entry.getValue();
            double perSecond = median(runs.stream().mapToDouble(Run::perSecond).toArray());
            List<Run> primkitRuns = results.getOrDefault(parts[0] + "|" + parts[1] + "|primkit", runs);
            double primkit = median(primkitRuns.stream().mapToDouble(Run::perSecond).toArray());
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.0f | %.2f | %s |%n", parts[0], parts[1],
                    parts[2], perSecond, median(runs.stream().mapToDouble(Run::p50Micros).toArray()),
                    median(runs.stream().mapToDouble(Run::p99Micros).toArray()),
                    median(runs.stream().mapToDouble(Run::commandsPerDecision).toArray()),
                    parts[2].equals("primkit") ? "" : String.format(Locale.ROOT, "%.1fx", primkit / perSecond));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return "?";
    }

    /**
     * Primkit: one shared Lettuce connection; the denial cache off (every decision asks Redis) or on; batching of the
     * requests for a key that queue behind a call in flight on (the default) or off; the client on
     * {@link PrimkitClientResources} (flush consolidation, as the README recommends) or a plain one.
     */
    private static Contender primkit(String uri, boolean denialCache, boolean batching, boolean tunedClient) {
        ClientResources resources = tunedClient ? PrimkitClientResources.create() : null;
        RedisClient client = resources != null ? RedisClient.create(resources, uri) : RedisClient.create(uri);
        StatefulRedisConnection<String, String> connection = client.connect();
        RateLimiter limiter = RateLimiter.create(PrimkitConnection.of(connection), RateLimiterOptions.builder()
                .namespace(denialCache ? "bench-cached" : !batching ? "bench-unbatched" : tunedClient ? "bench"
                        : "bench-plain")
                .batching(batching)
                .limit(Limit.tokenBucket(RATE, RATE, Duration.ofSeconds(1)))
                .localDenialCacheSize(denialCache ? RateLimiterOptions.DEFAULT_LOCAL_DENIAL_CACHE_SIZE : 0)
                .build());
        return new Contender() {
            @Override
            public String name() {
                return denialCache ? "primkit + denial cache" : !batching ? "primkit, batching off"
                        : tunedClient ? "primkit" : "primkit, plain Lettuce client";
            }

            @Override
            public boolean tryAcquire(String key) {
                return limiter.tryAcquire(key).allowed();
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
                if (resources != null) {
                    resources.shutdown();
                }
            }
        };
    }

    /**
     * A baseline, not a rate limiter library: a minimal token-bucket script (TIME, HMGET, arithmetic, HSET and PEXPIRE
     * only when admitting) sent with Lettuce's synchronous EVALSHA on one shared connection, no decision object, no
     * timeout or circuit breaker. The gap between it and "primkit" is what the limiter adds on the client and in its
     * more general script.
     */
    private static Contender rawScript(String uri, String name, String script) {
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        String sha = commands.scriptLoad(script);
        // The minimal script reads capacity, refill, period; Primkit's reads permits, then algorithm and those three.
        String[] args = script.equals(MINIMAL_BUCKET) ? new String[] {Long.toString(RATE), Long.toString(RATE),
            "1000000"} : new String[] {"1", "bucket", Long.toString(RATE), Long.toString(RATE), "1000000"};
        ScriptOutputType type = script.equals(MINIMAL_BUCKET) ? ScriptOutputType.INTEGER : ScriptOutputType.MULTI;
        String prefix = script.equals(MINIMAL_BUCKET) ? "{raw-minimal:" : "{raw-primkit:";
        return new Contender() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean tryAcquire(String key) {
                Object reply = commands.evalsha(sha, type, new String[] {prefix + key + "}"}, args);
                return (reply instanceof List<?> list ? list.get(0) : reply).equals(1L);
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }

    /** Primkit's decision script for a token bucket, assembled from its resources as the limiter assembles it. */
    private static String primkitScript() {
        StringBuilder script = new StringBuilder("local ALGORITHMS = {}\n");
        for (String file : List.of("token_bucket.lua", "decide.lua")) {
            try (var in = RateLimiter.class.getResourceAsStream("internal/" + file)) {
                script.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (java.io.IOException | NullPointerException e) {
                throw new IllegalStateException("cannot read the rate limiter's " + file, e);
            }
        }
        return script.toString();
    }

    private static final String MINIMAL_BUCKET = """
            local t = redis.call('TIME')
            local now = t[1] * 1000000 + t[2]
            local capacity, refill, period = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local s = redis.call('HMGET', KEYS[1], 't', 'ts')
            local tokens = capacity
            if s[1] then
              tokens = math.min(capacity, tonumber(s[1]) + math.max(0, now - tonumber(s[2])) * refill / period)
            end
            if tokens < 1 then
              return 0
            end
            redis.call('HSET', KEYS[1], 't', tokens - 1, 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens + 1) * period / refill / 1000))
            return 1
            """;

    /** Bucket4j's Lettuce backend (compare-and-swap), one shared connection, as its documentation shows. */
    private static Contender bucket4j(String uri) {
        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE);
        ProxyManager<byte[]> proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .build();
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(RATE).refillGreedy(RATE, Duration.ofSeconds(1)))
                .build();
        Supplier<BucketConfiguration> config = () -> configuration;
        return new Contender() {
            @Override
            public String name() {
                return "bucket4j";
            }

            @Override
            public boolean tryAcquire(String key) {
                return proxies.builder().build(("bucket4j:" + key).getBytes(StandardCharsets.UTF_8), config)
                        .tryConsume(1);
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown();
            }
        };
    }

    /** Redisson's RRateLimiter, its default connection pool. */
    private static Contender redisson(String uri) {
        Config config = new Config();
        config.useSingleServer().setAddress(uri);
        RedissonClient redisson = Redisson.create(config);
        return new Contender() {
            @Override
            public String name() {
                return "redisson";
            }

            @Override
            public void prepare(String[] keys) {
                List<RFuture<Boolean>> pending = new ArrayList<>();
                for (String key : keys) {
                    pending.add(redisson.getRateLimiter("redisson:" + key).trySetRateAsync(RateType.OVERALL, RATE,
                            Duration.ofSeconds(1), Duration.ofHours(1)));
                    if (pending.size() == 1000) {
                        pending.forEach(f -> f.toCompletableFuture().join());
                        pending.clear();
                    }
                }
                pending.forEach(f -> f.toCompletableFuture().join());
            }

            @Override
            public boolean tryAcquire(String key) {
                RRateLimiter limiter = redisson.getRateLimiter("redisson:" + key);
                return limiter.tryAcquire();
            }

            @Override
            public void close() {
                redisson.shutdown();
            }
        };
    }
}
