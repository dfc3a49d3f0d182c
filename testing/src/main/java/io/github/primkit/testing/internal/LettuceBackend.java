package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What standalone and cluster backends share: the client resources, connection tracking, description, close. */
abstract class LettuceBackend implements BackendFactory.StartedBackend {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final List<RedisURI> nodeUris;
    private final List<AutoCloseable> processes;
    private final List<StatefulConnection<?, ?>> opened = new ArrayList<>();
    protected final ClientResources resources = DefaultClientResources.create();
    private String description;
    private StatefulConnection<String, String> connection;
    private RedisClusterCommands<String, String> sync;
    private RedisClusterAsyncCommands<String, String> async;

    LettuceBackend(String name, List<RedisURI> nodeUris, List<? extends AutoCloseable> processes) {
        this.name = name;
        this.nodeUris = List.copyOf(nodeUris);
        this.processes = List.copyOf(processes);
    }

    static RedisURI loopback(int port) {
        return RedisURI.Builder.redis("127.0.0.1", port).withTimeout(COMMAND_TIMEOUT).build();
    }

    /** Called by the subclass constructor with its shared connection and the connection's two command views. */
    protected final void shared(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
            RedisClusterAsyncCommands<String, String> async) {
        this.connection = connection;
        this.sync = sync;
        this.async = async;
    }

    @Override
    public StatefulConnection<String, String> connection() {
        return connection;
    }

    @Override
    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return async;
    }

    /** FLUSHALL; on a Cluster, Lettuce sends it to every master. */
    @Override
    public void flushAll() {
        sync.flushall();
    }

    /** Opens a new connection with the codec; the backend closes it when it stops. */
    protected abstract <K, V> StatefulConnection<K, V> open(RedisCodec<K, V> codec);

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<RedisURI> nodeUris() {
        return nodeUris;
    }

    @Override
    public synchronized String serverDescription() {
        if (description == null) {
            String info = nodes().get(0).info("server");
            String server = field(info, "server_name");
            description = (server.isEmpty() ? "redis" : server) + " " + field(info, "redis_version")
                    + (server.equals("valkey") ? " (valkey_version " + field(info, "valkey_version") + ")" : "")
                    + (isCluster() ? ", cluster of " + nodeUris.size() + " masters" : "");
        }
        return description;
    }

    private static String field(String info, String key) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        return "";
    }

    @Override
    public synchronized <K, V> StatefulConnection<K, V> connect(RedisCodec<K, V> codec) {
        StatefulConnection<K, V> connection = open(codec);
        opened.add(connection);
        return connection;
    }

    @Override
    public StatefulConnection<String, String> connect() {
        return connect(StringCodec.UTF8);
    }

    @Override
    public void close() {
        synchronized (this) {
            for (StatefulConnection<?, ?> connection : opened) {
                connection.closeAsync();
            }
            opened.clear();
        }
        try {
            connection().close();
            client().shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            System.err.println("[primkit-testing] closing the client of " + name + " failed: " + e);
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            for (AutoCloseable process : processes) {
                try {
                    process.close();
                } catch (Exception e) {
                    System.err.println("[primkit-testing] stopping a server of " + name + " failed: " + e);
                }
            }
        }
    }

    @Override
    public abstract AbstractRedisClient client();

    @Override
    public String toString() {
        return name + " " + nodeUris;
    }
}
