package io.github.primkit.testing.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import java.util.List;

/** A Redis Cluster, reached with {@link RedisClusterClient}. */
final class ClusterBackend extends LettuceBackend {
    private final RedisClusterClient client;
    private final StatefulRedisClusterConnection<String, String> connection;

    ClusterBackend(String name, List<RedisURI> masters, List<? extends AutoCloseable> processes) {
        super(name, masters, processes);
        this.client = RedisClusterClient.create(resources, masters);
        this.connection = client.connect();
        shared(connection, connection.sync(), connection.async());
    }

    @Override
    public boolean isCluster() {
        return true;
    }

    @Override
    public AbstractRedisClient client() {
        return client;
    }

    @Override
    protected <K, V> StatefulConnection<K, V> open(RedisCodec<K, V> codec) {
        return client.connect(codec);
    }

    @Override
    public List<RedisCommands<String, String>> nodes() {
        return nodeUris().stream().map(uri -> connection.getConnection(uri.getHost(), uri.getPort()).sync()).toList();
    }

    @Override
    public RedisCommands<String, String> nodeFor(String key) {
        RedisClusterNode owner = connection.getPartitions().getPartitionBySlot(SlotHash.getSlot(key));
        if (owner == null) {
            throw new IllegalStateException("no master serves slot " + SlotHash.getSlot(key) + " of " + key);
        }
        return connection.getConnection(owner.getNodeId()).sync();
    }

}
