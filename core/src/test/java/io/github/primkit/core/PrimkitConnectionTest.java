package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.lang.reflect.Proxy;
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
