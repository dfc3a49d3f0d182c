package io.github.primkit.examples;

import io.github.primkit.core.KeyGroup;
import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisReplyException;
import io.github.primkit.server.PrimkitServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The Primkit tour: every pattern shown working, one after the other.
 *
 * <pre>
 *   ./tour                          # on the bundled server, started in-process
 *   ./tour --redis redis://host:6379  # on a real Redis, Valkey or Redis Cluster (detected)
 * </pre>
 *
 * <p>Against a real server the tour writes only keys under the {@code primkit-tour} namespace and deletes them at the
 * end; it never flushes data or scripts.
 */
public final class Tour {
    private static final LuaScript TRANSFER = LuaScript.fromResource(Tour.class, "transfer.lua");
    private static final KeyNamespace NAMESPACE = KeyNamespace.of("primkit-tour:accounts");

    private final PrintStream out;

    Tour(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new Tour(System.out).run(args));
    }

    /** Runs the tour; returns the process exit code (0 ok, 1 failed, 2 bad usage). */
    int run(String... args) {
        String redis = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--redis" -> {
                    if (i + 1 >= args.length) {
                        return usage("--redis needs a URI, e.g. --redis redis://localhost:6379");
                    }
                    redis = args[++i];
                }
                case "-h", "--help" -> {
                    usage(null);
                    return 0;
                }
                default -> {
                    return usage("unknown argument \"" + args[i] + "\"");
                }
            }
        }
        out.println("Primkit tour");
        out.println("============");
        if (redis == null) {
            return onBundledServer();
        }
        RedisURI uri;
        try {
            uri = RedisURI.create(redis);
        } catch (IllegalArgumentException e) {
            return usage("--redis: not a Redis URI: \"" + redis + "\" (" + e.getMessage() + ")");
        }
        uri.setTimeout(Duration.ofSeconds(10));
        try {
            return onServer(uri);
        } catch (RedisConnectionException e) {
            out.println("Cannot reach Redis at " + uri + ": " + e.getMessage());
            return 1;
        }
    }

    /** The default: the bundled server, started in this JVM. */
    private int onBundledServer() {
        long start = System.nanoTime();
        try (PrimkitServer server = PrimkitServer.start()) {
            out.printf("Started the bundled server in-process at %s (%d ms)%n", server.uri(),
                    (System.nanoTime() - start) / 1_000_000);
            RedisClient client = RedisClient.create(server.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                transactionTour(connection.sync());
                coreTour(PrimkitConnection.of(connection));
                lockTourIfScripting(PrimkitConnection.of(connection));
                rateLimitTour(PrimkitConnection.of(connection));
            } finally {
                client.shutdown();
            }
            comingSoon();
            return 0;
        }
    }

    /** An atomic transfer with optimistic locking (WATCH/MULTI/EXEC), on hash-tagged keys. */
    private void transactionTour(RedisCommands<String, String> redis) {
        out.println();
        out.println("core + bundled server: hash-tagged keys and an atomic transfer with WATCH/MULTI/EXEC");
        KeyGroup alice = NAMESPACE.group("alice");
        String checking = alice.key("checking");
        String savings = alice.key("savings");
        out.println("  keys of one group share a slot: " + checking + ", " + savings + " -> slot " + alice.slot());
        redis.set(checking, "100");
        redis.watch(checking);
        long balance = Long.parseLong(redis.get(checking));
        redis.multi();
        redis.decrby(checking, 30);
        redis.incrby(savings, 30);
        TransactionResult result = redis.exec();
        out.println("  balance was " + balance + "; EXEC " + (result.wasDiscarded() ? "discarded (a WATCH broke)"
                : "applied: moved 30: checking=" + result.get(0) + ", savings=" + result.get(1)));
        redis.del(checking, savings);
    }

    private int onServer(RedisURI uri) {
        RedisClient probeClient = RedisClient.create(uri);
        boolean cluster;
        try (StatefulRedisConnection<String, String> probe = probeClient.connect()) {
            cluster = probe.sync().info("cluster").contains("cluster_enabled:1");
            out.println("Connected to " + uri + " (" + serverLine(probe.sync().info("server"))
                    + (cluster ? ", Redis Cluster" : "") + ")");
        } finally {
            probeClient.shutdown();
        }
        AbstractRedisClient client = cluster ? RedisClusterClient.create(uri) : RedisClient.create(uri);
        try {
            PrimkitConnection<String, String> connection = cluster
                    ? PrimkitConnection.of(((RedisClusterClient) client).connect())
                    : PrimkitConnection.of(((RedisClient) client).connect());
            coreTour(connection);
            lockTourIfScripting(connection);
            rateLimitTour(connection);
            comingSoon();
            return 0;
        } finally {
            client.shutdown();
        }
    }

    private void coreTour(PrimkitConnection<String, String> redis) {
        out.println();
        out.println("core: hash-tagged keys and Lua scripts with NOSCRIPT recovery");
        KeyGroup alice = NAMESPACE.group("alice");
        String checking = alice.key("checking");
        String savings = alice.key("savings");
        out.println("  keys of one group share a slot: " + checking + ", " + savings + " -> slot " + alice.slot());
        try {
            redis.sync().set(checking, "100");
            List<Long> balances = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI,
                    new String[] {checking, savings}, "30");
            out.println("  " + TRANSFER.name() + " (sha1 " + TRANSFER.sha1().substring(0, 12)
                    + "...) moved 30: checking=" + balances.get(0) + ", savings=" + balances.get(1)
                    + " (EVALSHA; EVAL once if the server lacked the script)");
            try {
                TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, new String[] {checking, savings}, "500");
            } catch (RedisReplyException refused) {
                out.println("  a refused transfer is a typed error: " + refused.getMessage());
            }
        } finally {
            redis.sync().del(checking);
            redis.sync().del(savings);
        }
    }

    /** primkit-lock: a checkout hold guarded by fencing tokens (needs Lua, which the bundled server gains with #5). */
    private void lockTourIfScripting(PrimkitConnection<String, String> redis) {
        out.println();
        out.println("lock: a checkout hold guarded by a fenced lock (FencedLocks, FencingGuard)");
        try {
            redis.sync().eval("return 1", ScriptOutputType.INTEGER);
        } catch (RedisException noScripting) {
            out.println("  skipped: the lock runs on Lua scripts, which this server does not run.");
            return;
        }
        try {
            new CheckoutHold(redis, out).run("primkit-tour:checkout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The rate limiter, where the server has Lua scripting and sorted sets; else what is coming. */
    private void rateLimitTour(PrimkitConnection<String, String> redis) {
        if (RateLimitTour.supported(redis)) {
            RateLimitTour.run(redis, out);
        } else {
            out.println();
            out.println("ratelimit: skipped: it needs Lua scripting and sorted sets, which this server does not have.");
        }
    }

    private void comingSoon() {
        out.println();
        out.println("Patterns, as they land:");
        out.println("  lock         fencing-token lock ................ ready (shown above)");
        out.println("  ratelimit    sliding window / token bucket ..... ready (shown above)");
        out.println("  leaderboard  top-N, rank, around-me ............ coming");
        out.println("  cache        cache-aside + singleflight ........ coming");
        out.println("  queue        Streams work queue ................ coming");
        out.println("  geo          nearby search ..................... coming");
    }

    private static String serverLine(String info) {
        String name = "redis";
        String version = "?";
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("server_name:")) {
                name = line.substring("server_name:".length()).trim();
            } else if (line.startsWith("redis_version:")) {
                version = line.substring("redis_version:".length()).trim();
            }
        }
        return name + " " + version;
    }

    private int usage(String problem) {
        if (problem != null) {
            out.println("tour: " + problem);
        }
        out.println("usage: ./tour [--redis redis://[user:password@]host:port]");
        return problem == null ? 0 : 2;
    }
}
