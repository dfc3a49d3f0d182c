package io.github.primkit.testing;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import java.util.List;

/**
 * A running Redis deployment that tests talk to: a standalone server or a Cluster. Obtained by parameter injection in
 * a {@link RedisBackends} test class.
 *
 * <p>The shared connection ({@link #sync()}, {@link #async()}, {@link #connection()}) serves all tests of the run:
 * do not change its state (SELECT, CLIENT SETNAME, subscriptions, blocking commands); open a connection of your own
 * with {@link #connect()} for that. Connections opened here are closed when the backend stops.
 */
public interface RedisBackend {
    /** The backend's name: {@code redis}, {@code valkey}, {@code cluster}, {@code testcontainers}, {@code bundled}. */
    String name();

    /** Whether this is a Redis Cluster (keys of one command must share a slot). */
    boolean isCluster();

    /** What the server reports in INFO: {@code server_name} (or {@code redis}) and {@code redis_version}. */
    String serverDescription();

    /** The address of every master node; one entry for a standalone server. */
    List<RedisURI> nodeUris();

    /** The client the shared connection was opened with. */
    AbstractRedisClient client();

    /** The shared connection, standalone or cluster. */
    StatefulConnection<String, String> connection();

    /** Sync commands on the shared connection. */
    RedisClusterCommands<String, String> sync();

    /** Async commands on the shared connection. */
    RedisClusterAsyncCommands<String, String> async();

    /** A new connection with the given codec; a {@code StatefulRedisClusterConnection} on a Cluster. */
    <K, V> StatefulConnection<K, V> connect(RedisCodec<K, V> codec);

    /** A new connection with UTF-8 string keys and values. */
    StatefulConnection<String, String> connect();

    /**
     * Direct connections to each master node, for commands that concern one node (INFO commandstats, SCRIPT EXISTS,
     * CONFIG). One entry for a standalone server.
     */
    List<RedisCommands<String, String>> nodes();

    /** A direct connection to the master that holds {@code key} (the only node of a standalone server). */
    RedisCommands<String, String> nodeFor(String key);

    /** Removes all keys from all nodes. Called before every test. */
    void flushAll();
}
