package io.github.primkit.server;

import io.github.primkit.server.internal.commands.StandardCommands;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.engine.Settings;
import io.github.primkit.server.internal.net.NettyServer;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;

/**
 * A running bundled server: Redis-compatible (RESP2 and RESP3, Redis 7.2 semantics) for the commands it implements,
 * so Lettuce, Jedis, redis-cli and redis-benchmark talk to it as to Redis.
 *
 * <p>Guarantees: each command runs atomically on one event-loop thread that owns all data, as in Redis; pipelined
 * commands are answered in order. Not provided: persistence (data lives in memory and is gone on {@link #close()}),
 * replication, cluster mode.
 *
 * <pre>{@code
 * try (PrimkitServer server = PrimkitServer.start()) {
 *     RedisClient client = RedisClient.create(server.uri());
 *     ...
 * }
 * }</pre>
 */
public final class PrimkitServer implements AutoCloseable {
    private final NettyServer server;

    private PrimkitServer(NettyServer server) {
        this.server = server;
    }

    /** Starts a server on 127.0.0.1 and a free port; returns once it is listening. */
    public static PrimkitServer start() {
        return start(ServerConfig.defaults());
    }

    /**
     * Starts a server with {@code config}; returns once it is listening.
     *
     * @throws IllegalStateException if it cannot listen (the port is taken, the address is not local, ...)
     */
    public static PrimkitServer start(ServerConfig config) {
        Settings settings = new Settings();
        settings.bind = config.bind;
        settings.port = config.port;
        settings.requirePass = config.requirePass;
        settings.databases = config.databases;
        settings.maxClients = config.maxClients;
        settings.protoMaxBulkLen = config.protoMaxBulkLen;
        settings.clientQueryBufferLimit = config.clientQueryBufferLimit;
        NettyServer.disableNettyJfrEventsUnlessConfigured();
        // The command table (a few hundred handlers to link) is built on a second thread while this one brings up
        // Netty: on a cold JVM both are mostly class loading, and doing them side by side shortens start-up.
        FutureTask<Engine> engine = new FutureTask<>(() -> {
            Engine built = new Engine(settings, StandardCommands.table());
            NettyServer.warmUpAllocator();
            return built;
        });
        Thread builder = new Thread(engine, "primkit-server-init");
        builder.setDaemon(true);
        builder.start();
        try {
            NettyServer server = NettyServer.start(engine, config.bind, config.port);
            settings.port = server.port();
            return new PrimkitServer(server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the server", e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot listen on " + config.bind + ":" + config.port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The address it listens on. */
    public String host() {
        return server.host();
    }

    /** A Redis URI for clients, e.g. {@code redis://127.0.0.1:41234}. */
    public String uri() {
        String host = host();
        return "redis://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Stops listening, disconnects every client and releases the thread and the port. */
    @Override
    public void close() {
        server.close();
    }

    /**
     * Runs a standalone server: {@code --port N} (default 6379), {@code --bind ADDR}, {@code --requirepass PW}.
     * Prints where it listens; Ctrl-C stops it.
     */
    public static void main(String[] args) throws InterruptedException {
        PrintStream out = System.out;
        ServerConfig.Builder config = ServerConfig.builder().port(6379);
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("-h") || option.equals("--help")) {
                    out.println("usage: java -jar primkit-server.jar [--port N] [--bind ADDR] [--requirepass PW]");
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--port" -> config.port(Integer.parseInt(value));
                    case "--bind" -> config.bind(value);
                    case "--requirepass" -> config.requirePass(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("primkit-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        long started = System.nanoTime();
        PrimkitServer server = start(config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "primkit-server-shutdown"));
        out.printf("primkit-server listening on %s (ready in %d ms); Ctrl-C to stop%n", server.uri(),
                (System.nanoTime() - started) / 1_000_000);
        stopped.await();
    }
}
