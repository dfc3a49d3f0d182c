package io.github.primkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisUnavailableException;
import io.github.primkit.server.PrimkitServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** A server that goes away: every operation fails with the typed exception, never a silent "acquired". */
class UnreachableRedisTest {
    @Test
    void everyOperationReportsRedisUnavailable() throws Exception {
        PrimkitServer server = PrimkitServer.start();
        RedisURI uri = RedisURI.create(server.uri());
        uri.setTimeout(Duration.ofMillis(300));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            PrimkitConnection<String, String> redis = PrimkitConnection.of(connection);
            assertThat(redis.sync().ping()).isEqualTo("PONG");
            server.close(); // Redis is gone; the client keeps trying to reconnect
            try (FencedLocks locks = FencedLocks.create(redis, FencedLockOptions.defaults())) {
                FencedLock lock = locks.lock("gone");
                assertThatThrownBy(lock::tryAcquire).isInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> lock.tryAcquire(Duration.ofSeconds(1)))
                        .isInstanceOf(RedisUnavailableException.class);
                CompletableFuture<LockLease> async = lock.acquireAsync().toCompletableFuture();
                assertThatThrownBy(async::join).hasCauseInstanceOf(RedisUnavailableException.class);
                assertThatThrownBy(() -> FencingGuard.create(redis).set("k", "v", 1))
                        .isInstanceOf(RedisUnavailableException.class);
            }
        } finally {
            client.shutdown();
        }
    }
}
