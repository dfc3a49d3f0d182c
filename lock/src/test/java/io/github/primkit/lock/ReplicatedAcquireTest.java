package io.github.primkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The durability knob with a real replica: a {@code redis-server} started here as a replica of the standalone
 * {@code redis} backend (same binary, so the replication stream is understood), for this test only.
 */
@RedisBackends(requires = RedisFeature.SCRIPTING, only = "redis")
class ReplicatedAcquireTest {
    private final RedisBackend backend;

    ReplicatedAcquireTest(RedisBackend backend) {
        this.backend = backend;
    }

    @Test
    void anAcquisitionReturnsOnceTheReplicaHasIt() throws Exception {
        RedisURI master = backend.nodeUris().get(0);
        Path dir = Files.createTempDirectory("primkit-lock-replica");
        int port = freePort();
        Process replica = new ProcessBuilder(System.getProperty("primkit.redis.binary", "redis-server"),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", dir.toString(), "--replicaof", master.getHost(), Integer.toString(master.getPort()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("replica.log").toFile()).start();
        RedisClient replicaClient = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try {
            Backends.awaitTrue(Duration.ofSeconds(30), "the replica to be online",
                    () -> backend.nodes().get(0).info("replication").contains("state=online"));
            @SuppressWarnings("unchecked")
            PrimkitConnection<String, String> ownConnection = PrimkitConnection.of(backend.connect());
            try (FencedLocks locks = FencedLocks.create(ownConnection, FencedLockOptions.builder()
                    .namespace("replicated").replicas(1, Duration.ofSeconds(5)).build());
                    StatefulRedisConnection<String, String> onReplica = replicaClient.connect()) {
                LockLease lease = locks.lock("order-1").tryAcquire().orElseThrow();
                String lockKey = KeyNamespace.of("replicated").group("order-1").key("lock");
                String fenceKey = KeyNamespace.of("replicated").group("order-1").key("fence");
                assertThat(onReplica.sync().exists(lockKey)).as("WAIT returned: the replica has the lock").isOne();
                assertThat(onReplica.sync().get(fenceKey)).isEqualTo(Long.toString(lease.token()));
                assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
            }
        } finally {
            replicaClient.shutdown();
            replica.destroy();
            if (!replica.waitFor(10, TimeUnit.SECONDS)) {
                replica.destroyForcibly();
            }
            deleteRecursively(dir);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
