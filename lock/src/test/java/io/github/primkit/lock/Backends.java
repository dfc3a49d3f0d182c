package io.github.primkit.lock;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.testing.RedisBackend;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Small helpers shared by the lock tests: pub/sub connections, waiting on conditions, command counts. */
final class Backends {
    private Backends() {
    }

    static PrimkitConnection<String, String> connection(RedisBackend backend) {
        return PrimkitConnection.of(backend.connection());
    }

    /** A pub/sub connection of the backend's client; the caller closes it. */
    static StatefulRedisPubSubConnection<String, String> pubSub(RedisBackend backend) {
        if (backend.client() instanceof RedisClusterClient cluster) {
            return cluster.connectPubSub();
        }
        return ((RedisClient) backend.client()).connectPubSub();
    }

    /** Polls {@code condition} until it holds; fails after {@code timeout} saying what was awaited. */
    static void awaitTrue(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            try {
                Thread.sleep(2); // a poll interval, not synchronisation: the condition decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    /** Command calls per command name from INFO commandstats, without the commands used to measure. */
    static Map<String, Long> commandCalls(RedisCommands<String, String> node) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : node.info("commandstats").split("\r?\n")) {
            if (!line.startsWith("cmdstat_")) {
                continue;
            }
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            if (name.equals("info") || name.startsWith("config") || name.startsWith("cluster")
                    || name.equals("ping") || name.startsWith("client") || name.equals("hello")
                    || name.equals("command")) {
                continue;
            }
            int start = line.indexOf("calls=") + "calls=".length();
            int end = line.indexOf(',', start);
            calls.put(name, Long.parseLong(line.substring(start, end)));
        }
        return calls;
    }

    static long total(Map<String, Long> calls) {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }
}
