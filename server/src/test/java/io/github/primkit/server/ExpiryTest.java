package io.github.primkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpiryTest {
    private PrimkitServer server;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() {
        server = PrimkitServer.start();
        client = RedisClient.create(server.uri());
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterEach
    void stop() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        server.close();
    }

    private long infoField(String section, String field) {
        for (String line : redis.info(section).split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1));
            }
        }
        throw new AssertionError("no " + field + " in INFO " + section);
    }

    /** Waits, with a deadline, until the server reports a condition; the server announces nothing to wait on. */
    private void awaitExpiredKeys(long expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (infoField("stats", "expired_keys") < expected) {
            assertThat(System.nanoTime()).as("expired_keys reached %d in time", expected).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void expiredKeysAreRemovedInTheBackgroundWithoutBeingRead() throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            redis.set("short:" + i, "v", SetArgs.Builder.px(30));
        }
        redis.set("long", "v", SetArgs.Builder.ex(1000));
        redis.set("forever", "v");

        // No key is read: expired_keys can only reach 1,000 through the active expiry cycle.
        awaitExpiredKeys(1_000);

        // Only INFO and DBSIZE were sent: the active cycle removed them, and nothing else.
        assertThat(redis.dbsize()).isEqualTo(2);
        assertThat(redis.ttl("long")).isPositive();
        assertThat(redis.get("forever")).isEqualTo("v");
    }

    @Test
    void aWatchedKeyThatExpiresBreaksTheTransaction() throws InterruptedException {
        redis.set("w", "1", SetArgs.Builder.px(30));
        redis.watch("w");
        awaitExpiredKeys(1);
        redis.multi();
        redis.set("w", "2");
        TransactionResult result = redis.exec();
        assertThat(result.wasDiscarded()).isTrue();
        assertThat(redis.get("w")).isNull();
    }

    @Test
    void aKeyPastItsTimeIsGoneForReadersEvenBeforeTheCycleRuns() {
        redis.set("k", "v", SetArgs.Builder.pxAt(System.currentTimeMillis() - 1));
        assertThat(redis.get("k")).isNull();
        assertThat(redis.exists("k")).isZero();
    }
}
