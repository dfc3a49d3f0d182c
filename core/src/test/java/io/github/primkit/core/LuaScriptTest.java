package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

@RedisBackends(requires = RedisFeature.SCRIPTING)
class LuaScriptTest {
    private static final LuaScript TRANSFER = LuaScript.fromResource(LuaScriptTest.class, "transfer.lua");

    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;
    private final KeyGroup account;

    LuaScriptTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = PrimkitConnection.of(backend.connection());
        this.account = KeyNamespace.of("bank").group("alice");
    }

    private String[] keys() {
        return new String[] {account.key("checking"), account.key("savings"), account.key("journal")};
    }

    @Test
    void loadsTheResourceAndComputesTheDigestRedisUses() {
        assertThat(TRANSFER.name()).isEqualTo("LuaScriptTest/transfer.lua");
        String serverDigest = backend.nodes().get(0).scriptLoad(TRANSFER.body());
        assertThat(TRANSFER.sha1()).isEqualTo(serverDigest);
    }

    @Test
    void firstCallOnAnEmptyScriptCacheLoadsTheScriptOnTheNodeThatOwnsTheKeys() {
        flushScriptsOnEveryNode();
        redis.sync().set(account.key("checking"), "100");

        List<Long> balances = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "30");

        assertThat(balances).containsExactly(70L, 30L);
        assertThat(nodeOwning(account).scriptExists(TRANSFER.sha1())).containsExactly(true);
    }

    @Test
    void evalshaRecoversFromScriptFlushTransparently() {
        redis.sync().set(account.key("checking"), "100");
        List<Long> first = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "10");
        assertThat(first).containsExactly(90L, 10L);

        flushScriptsOnEveryNode();
        assertThat(nodeOwning(account).scriptExists(TRANSFER.sha1())).containsExactly(false);

        List<Long> second = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "15");
        assertThat(second).containsExactly(75L, 25L);
        assertThat(redis.sync().lrange(account.key("journal"), 0, -1)).containsExactly("10", "15");
        assertThat(nodeOwning(account).scriptExists(TRANSFER.sha1())).containsExactly(true);
    }

    @Test
    void asyncFormRecoversFromScriptFlushToo() {
        redis.sync().set(account.key("checking"), "50");
        flushScriptsOnEveryNode();

        List<Long> balances = RedisFutures.await(
                TRANSFER.<String, String, List<Long>>executeAsync(redis.async(), ScriptOutputType.MULTI, keys(), "20"),
                Duration.ofSeconds(10));

        assertThat(balances).containsExactly(30L, 20L);
        assertThat(nodeOwning(account).scriptExists(TRANSFER.sha1())).containsExactly(true);
    }

    @Test
    void aBlockingCallRecoversFromScriptFlushOnTheCallersThread() throws Exception {
        redis.sync().set(account.key("checking"), "50");
        flushScriptsOnEveryNode();

        LuaScript.Call<List<Long>> call = TRANSFER.send(redis, ScriptOutputType.MULTI, keys(), "20");
        List<Long> balances = call.await(Duration.ofSeconds(10));

        assertThat(balances).containsExactly(30L, 20L);
        assertThat(call.reply().toCompletableFuture().get()).as("the reply of the EVAL sent after NOSCRIPT")
                .containsExactly(30L, 20L);
        assertThat(nodeOwning(account).scriptExists(TRANSFER.sha1())).containsExactly(true);
        assertThat(redis.sync().lrange(account.key("journal"), 0, -1)).containsExactly("20");
    }

    @Test
    void aBlockingCallReportsScriptErrorsLikeExecute() {
        redis.sync().set(account.key("checking"), "5");

        assertThatThrownBy(() -> TRANSFER.send(redis, ScriptOutputType.MULTI, keys(), "30")
                .await(Duration.ofSeconds(10)))
                .isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("LuaScriptTest/transfer.lua")
                .hasMessageContaining("INSUFFICIENT funds: have 5, need 30");
        assertThatThrownBy(() -> TRANSFER.send(redis, ScriptOutputType.MULTI, keys(), "1", null))
                .isInstanceOf(NullPointerException.class).hasMessage("args[1] must not be null");
        LuaScript.Call<List<Long>> call = TRANSFER.send(redis, ScriptOutputType.MULTI, keys(), "1");
        assertThatThrownBy(() -> call.await(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> call.await(null))
                .isInstanceOf(NullPointerException.class).hasMessage("timeout must not be null");
    }

    @Test
    void anInterruptedBlockingCallStillRunsAndTellsItsReplyThroughTheStage() throws Exception {
        redis.sync().set(account.key("checking"), "100");
        nodeOwning(account).scriptLoad(TRANSFER.body()); // so that the EVALSHA sent here runs (no NOSCRIPT retry)
        LuaScript.Call<List<Long>> call = TRANSFER.send(redis, ScriptOutputType.MULTI, keys(), "40");

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> call.await(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is consumed by the InterruptedException").isFalse();

        assertThat(call.reply().toCompletableFuture().get()).containsExactly(60L, 40L);
        assertThat(redis.sync().get(account.key("checking"))).isEqualTo("60");
    }

    @Test
    void aBlockingCallIsBoundedByLettucesTimeoutWhereLettuceTimesCommandsOutElseByItsOwn() {
        StatefulConnection<String, String> own = backend.connect();
        try {
            own.setTimeout(Duration.ofMillis(300));
            PrimkitConnection<String, String> connection = PrimkitConnection.of(own);
            assertThat(connection.timesOutCommands()).isEqualTo(!backend.isCluster());
            redis.sync().set(account.key("checking"), "100");
            nodeOwning(account).scriptLoad(TRANSFER.body());
            pauseWrites(10_000); // EVALSHA may replicate: held back until the pause ends

            LuaScript.Call<List<Long>> call = TRANSFER.send(connection, ScriptOutputType.MULTI, keys(), "10");
            if (connection.timesOutCommands()) {
                assertThatThrownBy(() -> call.await(Duration.ofSeconds(60)))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("did not reply within the command timeout");
            } else {
                assertThatThrownBy(() -> call.await(Duration.ofMillis(500)))
                        .isInstanceOf(RedisUnavailableException.class)
                        .hasMessageContaining("no reply from Redis within PT0.5S to script LuaScriptTest/transfer.lua");
            }
        } finally {
            for (RedisCommands<String, String> node : backend.nodes()) {
                node.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("UNPAUSE"));
            }
            own.close();
        }
    }

    private void pauseWrites(long millis) {
        for (RedisCommands<String, String> node : backend.nodes()) {
            node.dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(millis).add("WRITE"));
        }
    }

    @Test
    void anErrorReplyFromTheScriptIsARedisReplyExceptionNamingTheScript() {
        redis.sync().set(account.key("checking"), "5");

        assertThatThrownBy(() -> TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "30"))
                .isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("LuaScriptTest/transfer.lua")
                .hasMessageContaining("INSUFFICIENT funds: have 5, need 30");
        assertThat(redis.sync().get(account.key("checking"))).isEqualTo("5");

        assertThatThrownBy(() -> RedisFutures.await(TRANSFER.executeAsync(redis.async(), ScriptOutputType.MULTI,
                keys(), "30"), Duration.ofSeconds(10)))
                .isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("INSUFFICIENT funds");
    }

    @Test
    void aRuntimeErrorInsideTheScriptIsReportedWithRedisText() {
        redis.sync().hset(account.key("checking"), "not", "a string");

        assertThatThrownBy(() -> TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "1"))
                .isInstanceOf(RedisReplyException.class)
                .hasMessageContaining("WRONGTYPE");
    }

    @Test
    void hashTaggedKeysOfOneGroupRunInOneScriptOnEveryTopology() {
        // Many groups, so that on a Cluster the groups spread over all three masters.
        KeyNamespace bank = KeyNamespace.of("bank");
        for (int i = 0; i < 30; i++) {
            KeyGroup group = bank.group("customer-" + i);
            redis.sync().set(group.key("checking"), "100");
            List<Long> balances = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI,
                    new String[] {group.key("checking"), group.key("savings"), group.key("journal")},
                    Integer.toString(i));
            assertThat(balances).containsExactly(100L - i, (long) i);
        }
        if (backend.isCluster()) {
            assertThat(backend.nodes()).allSatisfy(node -> assertThat(node.dbsize()).isPositive());
        }
    }

    @Test
    void keysOfDifferentGroupsInOneScriptAreRefusedByClusterAndAcceptedStandalone() {
        KeyNamespace bank = KeyNamespace.of("bank");
        KeyGroup other = otherSlotThan(bank, account);
        redis.sync().set(account.key("checking"), "100");
        String[] mixed = {account.key("checking"), other.key("savings"), account.key("journal")};

        if (backend.isCluster()) {
            assertThatThrownBy(() -> TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, mixed, "1"))
                    .isInstanceOf(RedisReplyException.class)
                    .hasMessageContaining("CROSSSLOT");
        } else {
            List<Long> balances = TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, mixed, "1");
            assertThat(balances).containsExactly(99L, 1L);
        }
    }

    @Test
    void nullKeysAndArgumentsAreRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI,
                new String[] {account.key("a"), null}, "1"))
                .isInstanceOf(NullPointerException.class).hasMessage("keys[1] must not be null");
        assertThatThrownBy(() -> TRANSFER.execute(redis.sync(), ScriptOutputType.MULTI, keys(), "1", null))
                .isInstanceOf(NullPointerException.class).hasMessage("args[1] must not be null");
        assertThatThrownBy(() -> TRANSFER.execute(null, ScriptOutputType.MULTI, keys(), "1"))
                .isInstanceOf(NullPointerException.class).hasMessage("redis must not be null");
        assertThatThrownBy(() -> TRANSFER.executeAsync(redis.async(), null, keys(), "1"))
                .isInstanceOf(NullPointerException.class).hasMessage("type must not be null");
    }

    @Test
    void asyncFailuresArriveThroughTheStageNotAsThrownExceptions() {
        redis.sync().set(account.key("checking"), "0");
        var stage = TRANSFER.executeAsync(redis.async(), ScriptOutputType.MULTI, keys(), "1");
        assertThatThrownBy(() -> stage.toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(RedisReplyException.class);
    }

    private void flushScriptsOnEveryNode() {
        for (RedisCommands<String, String> node : backend.nodes()) {
            node.scriptFlush();
        }
    }

    private RedisCommands<String, String> nodeOwning(KeyGroup group) {
        return backend.nodeFor(group.key("any"));
    }

    private static KeyGroup otherSlotThan(KeyNamespace namespace, KeyGroup group) {
        for (int i = 0; ; i++) {
            KeyGroup candidate = namespace.group("other-" + i);
            if (candidate.slot() != group.slot()) {
                return candidate;
            }
        }
    }
}
