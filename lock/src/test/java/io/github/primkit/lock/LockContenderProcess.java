package io.github.primkit.lock;

import io.github.primkit.core.PrimkitConnection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The second JVM of {@link FaultInjectionTest}: runs contenders on connections of its own and prints one line,
 * {@code RESULT acquisitions=... pauses=... accepted=... rejected=... lostReleases=...}.
 *
 * <p>Arguments: redis URI, "cluster" or "standalone", namespace, lock name, journal key, lease ms, pause
 * probability, pause ms, run ms, seed, threads.
 */
public final class LockContenderProcess {
    private LockContenderProcess() {
    }

    public static void main(String[] args) throws Exception {
        RedisURI uri = RedisURI.create(args[0]);
        boolean cluster = args[1].equals("cluster");
        String namespace = args[2];
        String lockName = args[3];
        String journal = args[4];
        Duration lease = Duration.ofMillis(Long.parseLong(args[5]));
        double pauseProbability = Double.parseDouble(args[6]);
        Duration pause = Duration.ofMillis(Long.parseLong(args[7]));
        Duration runFor = Duration.ofMillis(Long.parseLong(args[8]));
        long seed = Long.parseLong(args[9]);
        int threads = Integer.parseInt(args[10]);

        RedisClusterClient clusterClient = cluster ? RedisClusterClient.create(uri) : null;
        RedisClient client = cluster ? null : RedisClient.create(uri);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            List<Future<Contender.Counts>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                PrimkitConnection<String, String> redis = cluster ? PrimkitConnection.of(clusterClient.connect())
                        : PrimkitConnection.of(client.connect());
                resources.add(redis.stateful());
                var pubSub = cluster ? clusterClient.connectPubSub() : client.connectPubSub();
                resources.add(pubSub);
                FencedLocks locks = FencedLocks.create(redis, pubSub, FencedLockOptions.builder()
                        .namespace(namespace).leaseTime(lease).pollInterval(Duration.ofMillis(50)).build());
                resources.add(locks);
                results.add(pool.submit(new Contender(locks.lock(lockName), FencingGuard.create(redis), journal,
                        "process-" + ProcessHandle.current().pid() + "-" + t, seed + t, pauseProbability, pause,
                        runFor)));
            }
            Contender.Counts total = Contender.Counts.zero();
            for (Future<Contender.Counts> result : results) {
                total = total.plus(result.get());
            }
            System.out.println("RESULT " + total.line());
        } finally {
            pool.shutdownNow();
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
            if (cluster) {
                clusterClient.shutdown();
            } else {
                client.shutdown();
            }
        }
    }
}
