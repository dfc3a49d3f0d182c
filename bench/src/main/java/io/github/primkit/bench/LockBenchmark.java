package io.github.primkit.bench;

import io.github.primkit.core.PrimkitClientResources;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.FencedLock;
import io.github.primkit.lock.FencedLockOptions;
import io.github.primkit.lock.FencedLocks;
import io.github.primkit.lock.LockLease;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Primkit's fenced lock against Redisson's RLock and RFencedLock on one redis-server, in one JVM: acquire+release per
 * second and latency percentiles at several thread counts, on random keys and on one hot key, alternating the
 * competitors round by round; then server commands per acquire and per release from INFO commandstats.
 *
 * <p>Every lock is taken with a 30 s lease and no watchdog on both sides (Redisson: {@code lock(30, SECONDS)}), and
 * released by the thread that took it. Primkit runs on one multiplexed Lettuce connection plus one pub/sub
 * connection, of a client on {@link PrimkitClientResources} (flush consolidation), and again ("primkit-plain") of a
 * plain {@code RedisClient.create(uri)}; Redisson on its default pool (64 connections).
 *
 * <p>Usage: {@code LockBenchmark redis://127.0.0.1:PORT [rounds] [seconds per cell] [threads, e.g. 1,8,32]}. Prints
 * one CSV line per cell (prefixed {@code CELL}) and per command count (prefixed {@code COMMANDS}).
 */
public final class LockBenchmark {
    private static final long LEASE_SECONDS = 30;
    private static final int RANDOM_KEYS = 1_000_000;

    private LockBenchmark() {
    }

    /** One competitor: acquire+release on a key, timing the acquire separately. */
    private interface Contender extends AutoCloseable {
        String name();

        /** Acquires {@code key}, then releases it; returns the nanoseconds the acquire took. */
        long acquireAndRelease(String key) throws Exception;

        void acquireOnly(String key) throws Exception;

        void releaseAll() throws Exception;

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: LockBenchmark redis://host:port [rounds] [seconds] [threads] [contenders: "
                    + "primkit,redisson-rlock,redisson-fenced,primkit-plain; opt-in: primkit-2c, primkit-nt, "
                    + "primkit-nohq, lettuce-2ping, lettuce-scripts, lettuce-bytes, lettuce-2return, lettuce-2return-noargs] "
                    + "[keys: random,hot]");
            System.exit(2);
        }
        RedisURI uri = RedisURI.create(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        int[] threadCounts = Arrays.stream((args.length > 3 ? args[3] : "1,8,32").split(","))
                .mapToInt(Integer::parseInt).toArray();

        RedisClient client = RedisClient.create(uri);
        StatefulRedisConnection<String, String> admin = client.connect();
        System.out.println("# server: " + line(admin.sync().info("server"), "redis_version") + ", java "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cores");

        ClientResources tuned = PrimkitClientResources.create();
        RedisClient tunedClient = RedisClient.create(tuned, uri);
        List<String> only = args.length > 4 ? List.of(args[4].split(",")) : null;
        List<String> kinds = List.of((args.length > 5 ? args[5] : "random,hot").split(","));
        if (kinds.isEmpty() || !List.of("random", "hot").containsAll(kinds)) {
            throw new IllegalArgumentException("keys: random, hot or random,hot, not " + args[5]);
        }
        boolean[] keyKinds = new boolean[kinds.size()];
        for (int i = 0; i < keyKinds.length; i++) {
            keyKinds[i] = kinds.get(i).equals("hot");
        }
        List<Contender> contenders = new ArrayList<>();
        if (only == null || only.contains("primkit")) {
            contenders.add(new PrimkitContender(tunedClient, "primkit"));
        }
        if (only == null || only.contains("redisson-rlock")) {
            contenders.add(new RedissonContender(uri, false));
        }
        if (only == null || only.contains("redisson-fenced")) {
            contenders.add(new RedissonContender(uri, true));
        }
        if (only != null && only.contains("primkit-2c")) {
            contenders.add(new SplitContender("primkit-2c", new PrimkitContender(tunedClient, "primkit-2c"),
                    new PrimkitContender(tunedClient, "primkit-2c")));
        }
        RedisClient untimed = null;
        if (only != null && only.contains("primkit-nt")) {
            // Lettuce 6.5+ times out every command with a timer entry (scheduled, then cancelled): measured separately.
            untimed = RedisClient.create(tuned, uri);
            untimed.setOptions(io.lettuce.core.ClientOptions.builder()
                    .timeoutOptions(io.lettuce.core.TimeoutOptions.create()).build());
            contenders.add(new PrimkitContender(untimed, "primkit-nt"));
        }
        RedisClient plainQueue = null;
        if (only != null && only.contains("primkit-nohq")) {
            // Lettuce's command stack indexed by a hash map (default) or a plain deque: measured separately.
            plainQueue = RedisClient.create(tuned, uri);
            plainQueue.setOptions(ClientOptions.builder().useHashIndexQueue(false).build());
            contenders.add(new PrimkitContender(plainQueue, "primkit-nohq"));
        }
        for (String bare : List.of("lettuce-scripts", "lettuce-2return", "lettuce-2return-noargs", "lettuce-bytes")) {
            if (only != null && only.contains(bare)) {
                contenders.add(new BareScriptsContender(tunedClient, bare));
            }
        }
        if (only != null && only.contains("lettuce-2ping")) {
            contenders.add(new PingFloorContender(tunedClient));
        }
        if (only == null || only.contains("primkit-plain")) {
            contenders.add(new PrimkitContender(client, "primkit-plain"));
        }
        try {
            countCommands(admin.sync(), contenders);
            for (Contender contender : contenders) { // JIT and connection-pool warm-up, not recorded
                runCell(contender, 8, false, 3.0);
                runCell(contender, 8, true, 1.0);
            }
            for (int round = 1; round <= rounds; round++) {
                List<Contender> order = new ArrayList<>(contenders);
                if (round % 2 == 0) {
                    java.util.Collections.reverse(order);
                }
                for (boolean hot : keyKinds) {
                    for (int threads : threadCounts) {
                        for (Contender contender : order) {
                            admin.sync().flushall();
                            Cell cell = runCell(contender, threads, hot, seconds);
                            System.out.printf(Locale.ROOT, "CELL,%d,%s,%s,%d,%.0f,%.3f,%.3f,%.3f%n", round,
                                    contender.name(), hot ? "hot" : "random", threads, cell.perSecond,
                                    cell.p50Micros / 1000.0, cell.p99Micros / 1000.0, cell.maxWaitMicros / 1000.0);
                        }
                    }
                }
            }
        } finally {
            for (Contender contender : contenders) {
                contender.close();
            }
            admin.close();
            client.shutdown();
            tunedClient.shutdown();
            if (untimed != null) {
                untimed.shutdown();
            }
            if (plainQueue != null) {
                plainQueue.shutdown();
            }
            tuned.shutdown();
        }
    }

    /** Server commands per acquire and per release, by command name, over 2,000 uncontended locks. */
    private static void countCommands(RedisCommands<String, String> admin, List<Contender> contenders)
            throws Exception {
        int n = 2000;
        for (Contender contender : contenders) {
            contender.acquireAndRelease("warm-up-" + contender.name()); // loads scripts
            admin.configResetstat();
            for (int i = 0; i < n; i++) {
                contender.acquireOnly("count:" + contender.name() + ":" + i);
            }
            Map<String, Long> acquire = commandCalls(admin);
            admin.configResetstat();
            contender.releaseAll();
            Map<String, Long> release = commandCalls(admin);
            System.out.printf(Locale.ROOT, "COMMANDS,%s,acquire,%.2f,%s%n", contender.name(),
                    total(acquire) / (double) n, perOp(acquire, n));
            System.out.printf(Locale.ROOT, "COMMANDS,%s,release,%.2f,%s%n", contender.name(),
                    total(release) / (double) n, perOp(release, n));
        }
    }

    private record Cell(double perSecond, double p50Micros, double p99Micros, double maxWaitMicros) {
    }

    private static Cell runCell(Contender contender, int threads, boolean hot, double seconds) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        long[] maxWait = new long[threads];
        Throwable[] failures = new Throwable[threads];
        Thread[] workers = new Thread[threads];
        long durationNanos = (long) (seconds * 1e9);
        long[] stopAt = new long[1];
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers[t] = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(id * 7919L + 17);
                long[] own = new long[1 << 16];
                int count = 0;
                long longestWait = 0;
                try {
                    start.await();
                    while (System.nanoTime() - stopAt[0] < 0) {
                        String key = hot ? "bench:hot" : "bench:" + random.nextInt(RANDOM_KEYS);
                        long begin = System.nanoTime();
                        long waited = contender.acquireAndRelease(key);
                        long took = System.nanoTime() - begin;
                        if (count == own.length) {
                            own = Arrays.copyOf(own, own.length * 2);
                        }
                        own[count++] = took;
                        longestWait = Math.max(longestWait, waited);
                    }
                } catch (Throwable e) {
                    failures[id] = e;
                }
                samples[id] = own;
                counts[id] = count;
                maxWait[id] = longestWait;
            });
            workers[t].start();
        }
        stopAt[0] = System.nanoTime() + durationNanos;
        long begun = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - begun;
        for (Throwable failure : failures) {
            if (failure != null) {
                throw new IllegalStateException(contender.name() + " failed", failure);
            }
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Cell(total / (elapsed / 1e9), percentile(all, 0.50) / 1e3, percentile(all, 0.99) / 1e3,
                Arrays.stream(maxWait).max().orElse(0) / 1e3);
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static Map<String, Long> commandCalls(RedisCommands<String, String> node) {
        Map<String, Long> calls = new LinkedHashMap<>();
        for (String line : node.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            if (name.equals("info") || name.startsWith("config")) {
                continue;
            }
            int from = line.indexOf("calls=") + "calls=".length();
            calls.put(name, Long.parseLong(line.substring(from, line.indexOf(',', from))));
        }
        return calls;
    }

    private static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String perOp(Map<String, Long> calls, int n) {
        StringBuilder out = new StringBuilder();
        calls.forEach((name, count) -> out.append(out.length() == 0 ? "" : " ")
                .append(String.format(Locale.ROOT, "%s=%.2f", name, count / (double) n)));
        return out.toString();
    }

    private static String line(String info, String field) {
        for (String l : info.split("\r?\n")) {
            if (l.startsWith(field + ":")) {
                return l.substring(field.length() + 1).trim();
            }
        }
        return "?";
    }

    /** Primkit: FencedLocks on one shared connection, woken by release notifications. */
    /** Threads split over two contenders by thread id (two connections, two event loops). */
    private record SplitContender(String name, Contender even, Contender odd) implements Contender {
        private Contender mine() {
            return (Thread.currentThread().getId() & 1) == 0 ? even : odd;
        }

        @Override
        public long acquireAndRelease(String key) throws Exception {
            return mine().acquireAndRelease(key);
        }

        @Override
        public void acquireOnly(String key) throws Exception {
            mine().acquireOnly(key);
        }

        @Override
        public void releaseAll() throws Exception {
            even.releaseAll();
            odd.releaseAll();
        }

        @Override
        public void close() {
            even.close();
            odd.close();
        }
    }

    private static final class PrimkitContender implements Contender {
        private final StatefulRedisConnection<String, String> connection;
        private final StatefulRedisPubSubConnection<String, String> pubSub;
        private final FencedLocks locks;
        private final List<LockLease> held = new ArrayList<>();

        private final String name;

        PrimkitContender(RedisClient client, String name) {
            this.name = name;
            this.connection = client.connect();
            this.pubSub = client.connectPubSub();
            this.locks = FencedLocks.create(PrimkitConnection.of(connection), pubSub, FencedLockOptions.builder()
                    .namespace("bench-" + name).leaseTime(Duration.ofSeconds(LEASE_SECONDS))
                    .acquireTimeout(Duration.ofSeconds(60)).build());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long acquireAndRelease(String key) throws Exception {
            FencedLock lock = locks.lock(key);
            long begin = System.nanoTime();
            LockLease lease = lock.acquire();
            long waited = System.nanoTime() - begin;
            lease.release();
            return waited;
        }

        @Override
        public void acquireOnly(String key) throws Exception {
            held.add(locks.lock(key).acquire());
        }

        @Override
        public void releaseAll() {
            held.forEach(LockLease::release);
            held.clear();
        }

        @Override
        public void close() {
            locks.close();
            pubSub.close();
            connection.close();
        }
    }

    /**
     * Not a lock: two synchronous PINGs per "acquire + release" on the same shared Lettuce connection as "primkit". The
     * floor of any lock that takes one round trip to acquire and one to release through Lettuce's synchronous path:
     * no such lock can be faster on the same machine, whatever its scripts do.
     */
    private static final class PingFloorContender implements Contender {
        private final StatefulRedisConnection<String, String> connection;

        PingFloorContender(RedisClient client) {
            this.connection = client.connect();
        }

        @Override
        public String name() {
            return "lettuce-2ping";
        }

        @Override
        public long acquireAndRelease(String key) {
            long begin = System.nanoTime();
            connection.sync().ping();
            long waited = System.nanoTime() - begin;
            connection.sync().ping();
            return waited;
        }

        @Override
        public void acquireOnly(String key) {
            connection.sync().ping();
        }

        @Override
        public void releaseAll() {
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /**
     * Not Primkit: its two scripts sent straight through Lettuce's sync API with the same keys and arguments
     * ("lettuce-scripts"); or two scripts that only {@code return 1} with those keys and arguments
     * ("lettuce-2return"), or with none ("lettuce-2return-noargs"). Between "lettuce-2ping" and Primkit, they split
     * the cost of a round trip into EVALSHA itself, its keys and arguments, and the scripts' bodies. "lettuce-bytes"
     * sends the real scripts with every argument encoded to bytes by the calling thread ({@code dispatch}), so that the
     * event loop only copies them.
     */
    private static final class BareScriptsContender implements Contender {
        private final StatefulRedisConnection<String, String> connection;
        private final String name;
        private final String acquireSha;
        private final String releaseSha;
        private final byte[] acquireShaBytes;
        private final byte[] releaseShaBytes;
        private static final byte[] LEASE_BYTES = ascii("30000");
        private static final byte[] HANDOFF_BYTES = ascii("1000");
        private final java.util.concurrent.atomic.AtomicLong owners = new java.util.concurrent.atomic.AtomicLong();

        BareScriptsContender(RedisClient client, String name) {
            this.connection = client.connect();
            this.name = name;
            boolean real = name.equals("lettuce-scripts") || name.equals("lettuce-bytes");
            this.acquireSha = connection.sync().scriptLoad(real ? resource("acquire.lua") : "return 1");
            this.releaseSha = connection.sync().scriptLoad(real ? resource("release.lua") : "return 1");
            this.acquireShaBytes = ascii(acquireSha);
            this.releaseShaBytes = ascii(releaseSha);
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }

        /** EVALSHA's arguments, every one already bytes: the event loop copies them instead of encoding. */
        private static CommandArgs<String, String> bytes(byte[] sha, int keys, byte[]... keysAndArgs) {
            CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(sha).add(keys);
            for (byte[] arg : keysAndArgs) {
                args.add(arg);
            }
            return args;
        }

        private static String resource(String script) {
            return io.github.primkit.core.LuaScript.fromResource(FencedLocks.class, "internal/" + script).body();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long acquireAndRelease(String key) {
            io.lettuce.core.api.sync.RedisCommands<String, String> redis = connection.sync();
            io.lettuce.core.ScriptOutputType type = io.lettuce.core.ScriptOutputType.INTEGER;
            long begin = System.nanoTime();
            if (name.equals("lettuce-2return-noargs")) {
                redis.evalsha(acquireSha, type);
                long waited = System.nanoTime() - begin;
                redis.evalsha(releaseSha, type);
                return waited;
            }
            String owner = "bench-owner-0123456789abcdef0123456789:" + owners.incrementAndGet();
            String[] keys = {"{bare:" + key + "}:lock", "{bare:" + key + "}:fence"};
            if (name.equals("lettuce-bytes")) { // every argument encoded on this thread, none on the event loop
                byte[] ownerBytes = ascii(owner);
                byte[] lockKey = ascii(keys[0]);
                byte[] fenceKey = ascii(keys[1]);
                while (redis.dispatch(CommandType.EVALSHA, new IntegerOutput<>(StringCodec.UTF8),
                        bytes(acquireShaBytes, 2, lockKey, fenceKey, ownerBytes, LEASE_BYTES)) <= 0) {
                    // another thread holds this random key: rare, retried at once
                }
                long waitedBytes = System.nanoTime() - begin;
                redis.dispatch(CommandType.EVALSHA, new IntegerOutput<>(StringCodec.UTF8),
                        bytes(releaseShaBytes, 1, lockKey, ownerBytes, HANDOFF_BYTES));
                return waitedBytes;
            }
            long token;
            do { // another thread holds this random key: rare, retried at once
                token = redis.<Long>evalsha(acquireSha, type, keys, owner, "30000");
            } while (token <= 0);
            long waited = System.nanoTime() - begin;
            redis.evalsha(releaseSha, type, new String[] {keys[0]}, owner, "1000");
            return waited;
        }

        @Override
        public void acquireOnly(String key) {
            acquireAndRelease(key);
        }

        @Override
        public void releaseAll() {
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** Redisson: RLock (or RFencedLock) with a lease, locked and unlocked by the same thread. */
    private static final class RedissonContender implements Contender {
        private final RedissonClient redisson;
        private final boolean fenced;
        private final List<RLock> held = new ArrayList<>();

        RedissonContender(RedisURI uri, boolean fenced) {
            Config config = new Config();
            config.useSingleServer().setAddress("redis://" + uri.getHost() + ":" + uri.getPort());
            this.redisson = Redisson.create(config);
            this.fenced = fenced;
        }

        @Override
        public String name() {
            return fenced ? "redisson-fenced" : "redisson-rlock";
        }

        private RLock lock(String key) {
            return fenced ? redisson.getFencedLock("bench-redisson:" + key) : redisson.getLock("bench-redisson:" + key);
        }

        @Override
        public long acquireAndRelease(String key) {
            RLock lock = lock(key);
            long begin = System.nanoTime();
            if (fenced) {
                ((RFencedLock) lock).lockAndGetToken(LEASE_SECONDS, TimeUnit.SECONDS);
            } else {
                lock.lock(LEASE_SECONDS, TimeUnit.SECONDS);
            }
            long waited = System.nanoTime() - begin;
            lock.unlock();
            return waited;
        }

        @Override
        public void acquireOnly(String key) {
            RLock lock = lock(key);
            if (fenced) {
                ((RFencedLock) lock).lockAndGetToken(LEASE_SECONDS, TimeUnit.SECONDS);
            } else {
                lock.lock(LEASE_SECONDS, TimeUnit.SECONDS);
            }
            held.add(lock);
        }

        @Override
        public void releaseAll() {
            held.forEach(RLock::unlock);
            held.clear();
        }

        @Override
        public void close() {
            redisson.shutdown();
        }
    }
}
