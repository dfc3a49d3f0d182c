package io.github.primkit.core;

import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;

/**
 * The Redis connection a pattern works through: one Lettuce connection seen through the two command interfaces that
 * standalone, Sentinel, master/replica and Cluster connections all implement, {@link RedisClusterCommands} (sync) and
 * {@link RedisClusterAsyncCommands} (async).
 *
 * <p>Why a holder and not Lettuce's types alone: patterns are written against those two common supertypes, so the
 * same pattern code runs on every topology; but Lettuce has no common supertype that yields <em>both</em> views of one
 * connection (each {@code Stateful*Connection} declares its own {@code sync()}/{@code async()}), nor one that a
 * pattern could take to offer sync and async forms over the same connection. This class only pairs them; it adds no
 * behaviour, and {@link #sync()}/{@link #async()} hand out Lettuce's own objects.
 *
 * <p>Lettuce connections are thread-safe and multiplex commands, so one instance is meant to be shared by all the
 * patterns of an application. Closing the connection is the caller's business: patterns never close it.
 *
 * @param <K> key type of the connection's codec
 * @param <V> value type of the connection's codec
 */
public final class PrimkitConnection<K, V> {
    private final StatefulConnection<K, V> connection;
    private final RedisClusterCommands<K, V> sync;
    private final RedisClusterAsyncCommands<K, V> async;
    private final boolean cluster;
    private final boolean timesOutCommands;

    private PrimkitConnection(StatefulConnection<K, V> connection, RedisClusterCommands<K, V> sync,
            RedisClusterAsyncCommands<K, V> async, boolean cluster) {
        this.connection = connection;
        this.sync = sync;
        this.async = async;
        this.cluster = cluster;
        TimeoutOptions timeouts = connection.getOptions() == null ? null
                : connection.getOptions().getTimeoutOptions();
        // On Cluster, Lettuce times a command out on the node connection that carries it, whose timeout need not
        // follow this connection's (setTimeout does not reach open node connections): not relied on there.
        this.timesOutCommands = !cluster && timeouts != null && timeouts.isTimeoutCommands()
                && timeouts.isApplyConnectionTimeout() && connection.getTimeout() != null
                && connection.getTimeout().compareTo(Duration.ZERO) > 0;
    }

    /** A standalone, Sentinel-managed or master/replica connection. */
    public static <K, V> PrimkitConnection<K, V> of(StatefulRedisConnection<K, V> connection) {
        Arguments.requireNonNull("connection", connection);
        return new PrimkitConnection<>(connection, connection.sync(), connection.async(), false);
    }

    /** A Redis Cluster connection; every Primkit script keeps its keys in one slot, so it runs unchanged. */
    public static <K, V> PrimkitConnection<K, V> of(StatefulRedisClusterConnection<K, V> connection) {
        Arguments.requireNonNull("connection", connection);
        return new PrimkitConnection<>(connection, connection.sync(), connection.async(), true);
    }

    /**
     * Either kind of connection, when the static type is only {@link StatefulConnection} (for example in code that
     * serves both topologies).
     *
     * @throws IllegalArgumentException if the connection is neither a Redis nor a Redis Cluster connection (a
     *                                  pub/sub-only connection, for instance)
     */
    public static <K, V> PrimkitConnection<K, V> of(StatefulConnection<K, V> connection) {
        Arguments.requireNonNull("connection", connection);
        if (connection instanceof StatefulRedisClusterConnection) {
            return of((StatefulRedisClusterConnection<K, V>) connection);
        }
        if (connection instanceof StatefulRedisConnection) {
            return of((StatefulRedisConnection<K, V>) connection);
        }
        throw new IllegalArgumentException("connection must be a StatefulRedisConnection or a "
                + "StatefulRedisClusterConnection, was " + connection.getClass().getName());
    }

    /** Blocking commands; each call waits at most {@link #timeout()}. */
    public RedisClusterCommands<K, V> sync() {
        return sync;
    }

    /** Non-blocking commands over the same connection. */
    public RedisClusterAsyncCommands<K, V> async() {
        return async;
    }

    /** Whether this is a Redis Cluster connection. */
    public boolean isCluster() {
        return cluster;
    }

    /** The connection's command timeout: how long a sync call waits for its reply. */
    public Duration timeout() {
        return connection.getTimeout();
    }

    /**
     * Whether Lettuce itself ends every command of this connection within {@link #timeout()}: its
     * {@code TimeoutOptions} time commands out, on the connection's timeout (Lettuce's default since 6.5). A thread
     * that blocks on such a command's future is then woken by the reply or by Lettuce's timeout, and needs no timer of
     * its own (which costs a kernel timer per wait). Lettuce may lengthen the timeout during a maintenance the server
     * announced ({@code TimeoutOptions} relaxed timeout). Always {@code false} on a Cluster connection, where Lettuce
     * times each command out on the node connection that carries it, whose timeout may differ from {@link #timeout()}.
     */
    public boolean timesOutCommands() {
        return timesOutCommands;
    }

    /** The underlying Lettuce connection. */
    public StatefulConnection<K, V> stateful() {
        return connection;
    }
}
