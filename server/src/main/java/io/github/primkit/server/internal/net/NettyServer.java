package io.github.primkit.server.internal.net;

import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.lua.LuaState;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The listening socket and the single event-loop thread that accepts connections, runs every command and owns all
 * data. The engine's periodic work (active expiry) and blocked-client timeouts run on the same thread.
 */
public final class NettyServer implements AutoCloseable {
    private static final String JFR_PROPERTY = "io.netty.jfr.enabled";

    private final EventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup clients;

    private NettyServer(EventLoopGroup group, Channel channel, ChannelGroup clients) {
        this.group = group;
        this.channel = channel;
        this.clients = clients;
    }

    /**
     * Binds and starts serving; returns once the port is listening. The engine may still be under construction on
     * another thread ({@code engineUnderConstruction}): the event loop is brought up meanwhile.
     */
    public static NettyServer start(Future<Engine> engineUnderConstruction, String host, int port)
            throws InterruptedException {
        boolean epoll = useEpoll();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new LargeStackThreadFactory("primkit-server"),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        // Every client connection, so that close() can disconnect them all before the event loop stops (a channel
        // left to the loop's shutdown could outlive it with its socket open, and its client would wait for ever).
        ChannelGroup clients = new DefaultChannelGroup("primkit-server-clients", group.next());
        try {
            Engine engine = awaitEngine(engineUnderConstruction);
            engine.settings().transport = epoll ? "epoll" : "nio";
            engine.scheduler((task, delayMillis) -> {
                var future = group.next().schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            });
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 511)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.SO_KEEPALIVE, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel socket) {
                            clients.add(socket);
                            socket.pipeline().addLast(new ClientHandler(engine));
                        }
                    });
            Channel channel = bootstrap.bind(host, port).sync().channel();
            long period = Math.max(1, 1000 / Math.max(1, engine.settings().hz));
            group.next().scheduleAtFixedRate(engine::cron, period, period, TimeUnit.MILLISECONDS);
            return new NettyServer(group, channel, clients);
        } catch (Exception e) {
            // bind failures arrive as undeclared checked exceptions (e.g. a native "address already in use")
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            if (e instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Makes the event-loop thread with a stack large enough for Lua 5.1's call limits in scripts (reserved address
     * space, committed only as deep as scripts actually recurse), marked so the Lua engine uses those limits.
     */
    private static final class LargeStackThreadFactory extends DefaultThreadFactory {
        LargeStackThreadFactory(String poolName) {
            super(poolName, true);
        }

        @Override
        protected Thread newThread(Runnable r, String name) {
            return new FastThreadLocalThread(threadGroup, LuaState.onLargeStack(r), name, LuaState.LARGE_STACK_BYTES);
        }
    }

    /**
     * Initialises Netty's buffer allocator (about 60 ms of class loading on a cold JVM); called on the thread that
     * builds the engine, so that it happens beside the event loop's start rather than after it.
     */
    public static void warmUpAllocator() {
        ByteBufAllocator.DEFAULT.directBuffer(64).release();
    }

    private static Engine awaitEngine(Future<Engine> engine) throws InterruptedException {
        try {
            return engine.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Netty registers its buffer events with Java Flight Recorder on first use unless {@code io.netty.jfr.enabled}
     * is false, which costs about 200 ms on a cold JVM. The server sets it to false when nobody has set it (a user
     * who wants those events passes {@code -Dio.netty.jfr.enabled=true}); it has no effect once Netty is loaded.
     */
    public static void disableNettyJfrEventsUnlessConfigured() {
        if (System.getProperty(JFR_PROPERTY) == null) {
            System.setProperty(JFR_PROPERTY, "false");
        }
    }

    /**
     * Epoll on Linux when its native library loads, unless {@code -Dprimkit.server.transport=nio}; NIO otherwise.
     */
    static boolean useEpoll() {
        if ("nio".equalsIgnoreCase(System.getProperty("primkit.server.transport"))) {
            return false;
        }
        try {
            return Epoll.isAvailable();
        } catch (Throwable unavailable) {
            return false;
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) channel.localAddress()).getAddress().getHostAddress();
    }

    /** Runs {@code task} on the event loop and waits for it (for embedders that need a consistent view). */
    public void runOnLoop(Runnable task) throws Exception {
        group.next().submit(task).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
