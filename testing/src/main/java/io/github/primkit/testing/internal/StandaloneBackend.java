package io.github.primkit.testing.internal;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import java.util.List;

/** One server, reached with {@link RedisClient}. */
final class StandaloneBackend extends LettuceBackend {
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    StandaloneBackend(String name, RedisURI uri, List<? extends AutoCloseable> processes) {
        super(name, List.of(uri), processes);
        this.client = RedisClient.create(resources, uri);
        this.connection = client.connect();
        shared(connection, connection.sync(), connection.async());
    }

    @Override
    public boolean isCluster() {
        return false;
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
        return List.of(connection.sync());
    }

    @Override
    public RedisCommands<String, String> nodeFor(String key) {
        return connection.sync();
    }

}
