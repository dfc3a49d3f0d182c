package io.github.primkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisReplyException;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@RedisBackends(requires = RedisFeature.SCRIPTING)
class FencingGuardTest {
    private final PrimkitConnection<String, String> redis;
    private final FencingGuard guard;

    FencingGuardTest(RedisBackend backend) {
        this.redis = Backends.connection(backend);
        this.guard = FencingGuard.create(redis);
    }

    @Test
    void aWriteWithAnOlderTokenThanTheNewestAcceptedIsRefused() {
        assertThat(guard.set("hold:sku-1", "cart-7", 7)).isEqualTo(new FencedWrite(true, 7));
        assertThat(guard.set("hold:sku-1", "cart-7 again", 7)).as("the same token may write again")
                .isEqualTo(new FencedWrite(true, 7));
        assertThat(guard.set("hold:sku-1", "cart-9", 9)).isEqualTo(new FencedWrite(true, 9));

        assertThat(guard.set("hold:sku-1", "cart-8 woke up late", 8)).isEqualTo(new FencedWrite(false, 9));
        assertThat(redis.sync().get("hold:sku-1")).isEqualTo("cart-9");
        assertThat(guard.highestToken("hold:sku-1")).isEqualTo(9);
        assertThat(guard.highestToken("hold:never-written")).isZero();
        assertThat(redis.sync().pttl(FencingGuard.fenceKeyOf("hold:sku-1"))).isEqualTo(-1);
    }

    @Test
    void hashAndListWritesAreFencedToo() throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("holder", "cart-3");
        fields.put("until", "12:00");
        assertThat(guard.hset("{shop}:hold:1", fields, 3).accepted()).isTrue();
        assertThat(guard.hsetAsync("{shop}:hold:1", Map.of("holder", "cart-2"), 2).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new FencedWrite(false, 3));
        assertThat(redis.sync().hgetall("{shop}:hold:1")).isEqualTo(fields);

        assertThat(guard.append("journal", "a", 1).accepted()).isTrue();
        assertThat(guard.appendAsync("journal", "b", 2).toCompletableFuture().get(10, TimeUnit.SECONDS).accepted())
                .isTrue();
        assertThat(guard.append("journal", "stale", 1).accepted()).isFalse();
        assertThat(guard.setAsync("other", "x", 1).toCompletableFuture().get(10, TimeUnit.SECONDS).accepted())
                .isTrue();
        assertThat(redis.sync().lrange("journal", 0, -1)).containsExactly("a", "b");
    }

    @Test
    void tokensAreComparedExactlyBeyondTheDoublePrecisionOfLua() {
        long big = 9_007_199_254_740_993L; // 2^53 + 1: equal to 2^53 as a double
        assertThat(guard.set("exact", "v1", big).accepted()).isTrue();
        assertThat(guard.set("exact", "v0", big - 1).accepted()).isFalse();
        assertThat(guard.set("exact", "v2", Long.MAX_VALUE).accepted()).isTrue();
        assertThat(guard.highestToken("exact")).isEqualTo(Long.MAX_VALUE);
        assertThat(guard.set("exact", "v3", 99).accepted()).as("shorter decimal, smaller number").isFalse();
    }

    @Test
    void aLeaseTokenFencesAStalledHolder() {
        FencedLocks locks = FencedLocks.create(redis, FencedLockOptions.builder().namespace("guard-test").build());
        try {
            FencedLock lock = locks.lock("sku-1", Duration.ofMillis(50));
            LockLease stalled = lock.tryAcquire().orElseThrow();
            Backends.awaitTrue(Duration.ofSeconds(10), "the first lease to expire", () -> !stalled.isValid()
                    && redis.sync().exists("{guard-test:sku-1}:lock") == 0);
            LockLease current = lock.tryAcquire().orElseThrow();
            assertThat(guard.set("hold:sku-1", "current", current.token()).accepted()).isTrue();
            assertThat(guard.set("hold:sku-1", "stalled", stalled.token()).accepted()).isFalse();
            assertThat(redis.sync().get("hold:sku-1")).isEqualTo("current");
        } finally {
            locks.close();
        }
    }

    @Test
    void aWriteToAKeyOfAnotherTypeIsARedisReplyException() {
        redis.sync().lpush("a-list", "x");
        assertThatThrownBy(() -> guard.hset("a-list", Map.of("f", "v"), 1)).isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void fenceKeysShareTheirKeysSlot() {
        for (String key : new String[] {"plain", "{tagged}:key", "a{b", "orders:42", "x{y}z{w}"}) {
            String fence = FencingGuard.fenceKeyOf(key);
            assertThat(SlotHash.getSlot(fence)).as(key + " -> " + fence).isEqualTo(SlotHash.getSlot(key));
            assertThat(fence).isNotEqualTo(key);
        }
        assertThat(FencingGuard.fenceKeyOf("plain")).isEqualTo("{plain}:primkit-fence");
        assertThat(FencingGuard.fenceKeyOf("{tagged}:key")).isEqualTo("{tagged}:key:primkit-fence");
    }

    @Test
    void badInputNamesTheArgument() {
        assertThatThrownBy(() -> guard.set("k", "v", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("token must be > 0, was 0");
        assertThatThrownBy(() -> guard.set("k", null, 1)).isInstanceOf(NullPointerException.class)
                .hasMessage("value must not be null");
        assertThatThrownBy(() -> guard.set("", "v", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must not be empty");
        assertThatThrownBy(() -> guard.hset("k", Map.of(), 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fields must not be empty");
        for (String untaggable : new String[] {"a}b", "{}x", "x{}y{z}"}) {
            assertThatThrownBy(() -> FencingGuard.fenceKeyOf(untaggable)).as(untaggable)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no hash tag");
        }
    }
}
