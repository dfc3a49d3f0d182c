package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@RedisBackends
class PrimkitConnectionTest {
    @Test
    void bothViewsWorkOnTheSameConnectionWhateverTheTopology(RedisBackend backend) throws Exception {
        StatefulConnection<String, String> stateful = backend.connection();
        PrimkitConnection<String, String> connection = PrimkitConnection.of(stateful);

        assertThat(connection.isCluster()).isEqualTo(backend.isCluster());
        assertThat(connection.stateful()).isSameAs(stateful);
        assertThat(connection.timeout()).isEqualTo(stateful.getTimeout());

        connection.sync().set("k", "sync");
        assertThat(connection.async().get("k").get()).isEqualTo("sync");
        if (backend.isCluster()) {
            assertThat(PrimkitConnection.of((StatefulRedisClusterConnection<String, String>) stateful).isCluster())
                    .isTrue();
        } else {
            assertThat(PrimkitConnection.of((StatefulRedisConnection<String, String>) stateful).isCluster())
                    .isFalse();
        }
    }

    @Test
    void knowsWhetherLettuceTimesOutItsCommands(RedisBackend backend) {
        assertThat(PrimkitConnection.of(backend.connection()).timesOutCommands())
                .as("never relied on for Cluster connections").isEqualTo(!backend.isCluster());
        RedisClient client = RedisClient.create(backend.nodeUris().get(0));
        try {
            try (StatefulRedisConnection<String, String> defaults = client.connect()) {
                assertThat(PrimkitConnection.of(defaults).timesOutCommands())
                        .as("Lettuce's default: commands time out on the connection's timeout").isTrue();
            }
            client.setOptions(ClientOptions.builder().timeoutOptions(TimeoutOptions.create()).build());
            try (StatefulRedisConnection<String, String> untimed = client.connect()) {
                assertThat(PrimkitConnection.of(untimed).timesOutCommands()).isFalse();
            }
            client.setOptions(ClientOptions.builder()
                    .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(1))).build());
            try (StatefulRedisConnection<String, String> fixed = client.connect()) {
                assertThat(PrimkitConnection.of(fixed).timesOutCommands())
                        .as("a timeout of its own, not the connection's: not relied on").isFalse();
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void refusesConnectionsItCannotTakeCommandViewsFrom() {
        @SuppressWarnings("unchecked")
        StatefulConnection<String, String> foreign = (StatefulConnection<String, String>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {StatefulConnection.class}, (proxy, method, args) -> null);
        assertThatThrownBy(() -> PrimkitConnection.of(foreign))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connection must be a StatefulRedisConnection or a "
                        + "StatefulRedisClusterConnection, was ");
        assertThatThrownBy(() -> PrimkitConnection.of((StatefulConnection<String, String>) null))
                .isInstanceOf(NullPointerException.class).hasMessage("connection must not be null");
    }
}
