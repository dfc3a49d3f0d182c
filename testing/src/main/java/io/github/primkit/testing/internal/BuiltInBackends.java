package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;
import java.util.List;

/** The backends this module knows without ServiceLoader: the bundled server, real servers, a real Cluster, Testcontainers. */
final class BuiltInBackends {
    private BuiltInBackends() {
    }

    static List<BackendFactory> factories() {
        return List.of(
                new BundledBackendFactory("bundled", 10),
                new ServerBinaryBackendFactory("redis", "primkit.redis.binary", "redis-server", 20),
                new ServerBinaryBackendFactory("valkey", "primkit.valkey.binary", "valkey-server", 30),
                new ClusterBackendFactory("cluster", "primkit.cluster.binary", "redis-server", 40),
                new TestcontainersBackendFactory("testcontainers", 50));
    }
}
