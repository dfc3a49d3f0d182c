package io.github.primkit.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@RedisBackends
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisBackendsTest {
    private final RedisBackend backend;

    RedisBackendsTest(RedisBackend backend) {
        this.backend = backend;
    }

    @Test
    @Order(1)
    void writesKeysOnEveryNode(RedisClusterCommands<String, String> redis) {
        for (int i = 0; i < 50; i++) {
            redis.set("key-" + i, "v");
        }
        assertThat(backend.nodes().stream().mapToLong(RedisCommands::dbsize).sum()).isEqualTo(50);
    }

    @Test
    @Order(2)
    void everyTestStartsFromAnEmptyDataset() {
        assertThat(backend.nodes()).allSatisfy(node -> assertThat(node.dbsize()).isZero());
    }

    @Test
    void theBackendIsWhatItsNameSays() {
        switch (backend.name()) {
            case "redis" -> assertThat(backend.serverDescription()).startsWith("redis 7.");
            case "valkey" -> assertThat(backend.serverDescription()).startsWith("valkey ");
            case "cluster" -> {
                assertThat(backend.isCluster()).isTrue();
                assertThat(backend.nodeUris()).hasSize(3);
                assertThat(backend.nodes()).hasSize(3);
                assertThat(backend.connection()).isInstanceOf(StatefulRedisClusterConnection.class);
                assertThat(backend.sync().clusterInfo()).contains("cluster_state:ok");
            }
            default -> assertThat(backend.name()).isNotBlank();
        }
        if (!backend.isCluster()) {
            assertThat(backend.nodeUris()).hasSize(1);
            assertThat(backend.connection()).isInstanceOf(StatefulRedisConnection.class);
        }
        assertThat(backend.nodeUris()).allSatisfy(uri -> assertThat(uri.getHost()).isEqualTo("127.0.0.1"));
    }

    @Test
    void nodeForReachesTheMasterThatHoldsTheKey(RedisClusterCommands<String, String> redis) {
        for (int i = 0; i < 20; i++) {
            String key = "routed-" + i;
            redis.set(key, Integer.toString(i));
            assertThat(backend.nodeFor(key).get(key)).isEqualTo(Integer.toString(i));
        }
    }

    @Test
    void asyncCommandsAndNewConnectionsWork(RedisClusterAsyncCommands<String, String> async) throws Exception {
        async.set("a", "1").get();
        StatefulConnection<byte[], byte[]> bytes = backend.connect(ByteArrayCodec.INSTANCE);
        byte[] key = "a".getBytes(StandardCharsets.UTF_8);
        byte[] value = bytes instanceof StatefulRedisClusterConnection<byte[], byte[]> cluster
                ? cluster.sync().get(key)
                : ((StatefulRedisConnection<byte[], byte[]>) bytes).sync().get(key);
        assertThat(new String(value, StandardCharsets.UTF_8)).isEqualTo("1");
        bytes.close();
    }
}
