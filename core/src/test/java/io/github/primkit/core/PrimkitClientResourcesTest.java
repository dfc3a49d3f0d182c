package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.resource.ClientResources;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client on {@link PrimkitClientResources} answers every command, in order, from many threads at once and from
 * pipelined async calls: flush consolidation changes when bytes are sent, never what arrives.
 */
@RedisBackends
class PrimkitClientResourcesTest {
    private final RedisBackend backend;

    PrimkitClientResourcesTest(RedisBackend backend) {
        this.backend = backend;
    }

    @Test
    void manyThreadsOnOneConnectionGetEveryReply() throws Exception {
        ClientResources resources = PrimkitClientResources.create();
        AbstractRedisClient client = backend.isCluster() ? RedisClusterClient.create(resources, backend.nodeUris())
                : RedisClient.create(resources, backend.nodeUris().get(0));
        try (StatefulConnection<String, String> connection = client instanceof RedisClusterClient cluster
                ? cluster.connect() : ((RedisClient) client).connect()) {
            PrimkitConnection<String, String> redis = PrimkitConnection.of(connection);
            int threads = 16;
            int each = 500;
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<List<Long>>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String key = "{counters}:" + t;
                workers.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    RedisClusterCommands<String, String> sync = redis.sync();
                    List<Long> replies = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        replies.add(sync.incr(key));
                        sync.incr("{counters}:shared");
                    }
                    return replies;
                }, runnable -> new Thread(runnable).start()));
            }
            start.countDown();
            for (CompletableFuture<List<Long>> worker : workers) {
                List<Long> replies = worker.get(60, TimeUnit.SECONDS);
                // Each thread's own counter answered 1, 2, ..., each: no reply lost, duplicated or reordered.
                for (int i = 0; i < each; i++) {
                    assertThat(replies.get(i)).isEqualTo(i + 1L);
                }
            }
            assertThat(redis.sync().get("{counters}:shared")).isEqualTo(Long.toString((long) threads * each));

            // Pipelined async calls without waiting: every future completes with its own reply.
            RedisClusterAsyncCommands<String, String> async = redis.async();
            List<CompletableFuture<Long>> pipelined = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                pipelined.add(async.rpush("{counters}:list", Integer.toString(i)).toCompletableFuture());
            }
            for (int i = 0; i < 1000; i++) {
                assertThat(pipelined.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(i + 1L);
            }
            assertThat(redis.sync().lrange("{counters}:list", 0, -1)).hasSize(1000).startsWith("0", "1", "2")
                    .endsWith("999");
        } finally {
            client.shutdown();
            resources.shutdown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
