package io.github.primkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Lettuce, a real client, against the server: with its defaults (RESP3: HELLO 3 and CLIENT SETINFO on connect) and
 * with RESP2 forced; sync and async commands, 1,000 pipelined commands answered in order, MULTI/EXEC and pub/sub
 * (waiting on futures, never sleeping). Also prints the time from PrimkitServer.start() to the first PONG.
 */
class LettuceSmokeTest {
    private static PrimkitServer server;

    @BeforeAll
    static void start() throws IOException {
        long started = System.nanoTime();
        server = PrimkitServer.start();
        try (RawConnection connection = new RawConnection(server)) {
            assertThat(connection.call("PING")).isEqualTo("+PONG\r\n");
        }
        long micros = (System.nanoTime() - started) / 1000;
        System.out.printf("LettuceSmokeTest: PrimkitServer.start() to first PONG took %.1f ms%n", micros / 1000.0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Which protocol Lettuce is told to use; DEFAULT lets it negotiate (RESP3 with this server). */
    enum Protocol {
        DEFAULT, RESP2
    }

    private static RedisClient client(Protocol protocol) {
        RedisURI uri = RedisURI.create(server.uri());
        uri.setTimeout(Duration.ofSeconds(10));
        RedisClient client = RedisClient.create(uri);
        if (protocol == Protocol.RESP2) {
            client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        }
        return client;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void syncAndAsyncCommands(Protocol protocol) throws Exception {
        RedisClient client = client(protocol);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            String key = "smoke:" + protocol;
            assertThat(sync.set(key, "v1")).isEqualTo("OK");
            assertThat(sync.get(key)).isEqualTo("v1");
            assertThat(sync.get(key + ":missing")).isNull();
            assertThat(sync.incr(key + ":n")).isEqualTo(1L);
            assertThat(sync.incrby(key + ":n", 41)).isEqualTo(42L);
            assertThat(sync.clientGetname()).isNull();
            String info = sync.clientInfo();
            assertThat(info).contains("resp=" + (protocol == Protocol.RESP2 ? 2 : 3));
            assertThat(info).contains("lib-name=Lettuce");

            RedisAsyncCommands<String, String> async = connection.async();
            assertThat(async.set(key, "v2").get(10, TimeUnit.SECONDS)).isEqualTo("OK");
            assertThat(async.get(key).get(10, TimeUnit.SECONDS)).isEqualTo("v2");
            assertThat(async.incr(key + ":n").get(10, TimeUnit.SECONDS)).isEqualTo(43L);
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aThousandPipelinedCommandsAreAnsweredInOrder(Protocol protocol) throws Exception {
        RedisClient client = client(protocol);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String key = "pipeline:" + protocol;
            RedisAsyncCommands<String, String> async = connection.async();
            connection.setAutoFlushCommands(false);
            List<RedisFuture<Long>> increments = new ArrayList<>();
            List<RedisFuture<String>> echoes = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                increments.add(async.incr(key));
                echoes.add(async.echo("echo-" + i));
            }
            connection.flushCommands();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(20), increments.toArray(new RedisFuture[0])))
                    .isTrue();
            assertThat(LettuceFutures.awaitAll(Duration.ofSeconds(20), echoes.toArray(new RedisFuture[0]))).isTrue();
            for (int i = 0; i < 1000; i++) {
                assertThat(increments.get(i).get()).isEqualTo(i + 1L);
                assertThat(echoes.get(i).get()).isEqualTo("echo-" + i);
            }
            connection.setAutoFlushCommands(true);
            assertThat(connection.sync().get(key)).isEqualTo("1000");
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void multiExec(Protocol protocol) {
        RedisClient client = client(protocol);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> sync = connection.sync();
            String key = "tx:" + protocol;
            assertThat(sync.multi()).isEqualTo("OK");
            sync.set(key, "10");
            sync.incrby(key, 5);
            sync.get(key);
            TransactionResult result = sync.exec();
            assertThat(result.wasDiscarded()).isFalse();
            assertThat((Object) result.get(0)).isEqualTo("OK");
            assertThat((Object) result.get(1)).isEqualTo(15L);
            assertThat((Object) result.get(2)).isEqualTo("15");

            assertThat(sync.watch(key)).isEqualTo("OK");
            try (StatefulRedisConnection<String, String> other = client.connect()) {
                other.sync().set(key, "changed");
            }
            sync.multi();
            sync.incr(key);
            assertThat(sync.exec().wasDiscarded()).isTrue();
            assertThat(sync.get(key)).isEqualTo("changed");
        } finally {
            client.shutdown();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void pubSub(Protocol protocol) throws Exception {
        RedisClient client = client(protocol);
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                StatefulRedisConnection<String, String> publisher = client.connect()) {
            String channel = "news:" + protocol;
            CompletableFuture<String> received = new CompletableFuture<>();
            CompletableFuture<String> receivedByPattern = new CompletableFuture<>();
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String ch, String message) {
                    if (ch.equals(channel)) {
                        received.complete(message);
                    }
                }

                @Override
                public void message(String pattern, String ch, String message) {
                    receivedByPattern.complete(pattern + " " + ch + " " + message);
                }
            });
            subscriber.sync().subscribe(channel); // returns once the server confirmed the subscription
            subscriber.sync().psubscribe("news:*");
            assertThat(publisher.sync().publish(channel, "hello")).isEqualTo(2L);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(receivedByPattern.get(10, TimeUnit.SECONDS)).isEqualTo("news:* " + channel + " hello");
            subscriber.sync().unsubscribe(channel);
            subscriber.sync().punsubscribe("news:*");
            assertThat(publisher.sync().publish(channel, "nobody")).isZero();
            if (protocol == Protocol.DEFAULT) {
                // RESP3 lets a subscribed connection run ordinary commands.
                assertThat(subscriber.sync().ping()).isEqualTo("PONG");
            }
        } finally {
            client.shutdown();
        }
    }

    @Test
    void startupTimeOfAnotherServerInTheSameJvm() throws IOException {
        long started = System.nanoTime();
        try (PrimkitServer another = PrimkitServer.start(); RawConnection connection = new RawConnection(another)) {
            assertThat(connection.call("PING")).isEqualTo("+PONG\r\n");
            long micros = (System.nanoTime() - started) / 1000;
            System.out.printf("LettuceSmokeTest: a second PrimkitServer.start() to first PONG took %.1f ms%n",
                    micros / 1000.0);
        }
    }

    /**
     * Lettuce's client-side caching (CLIENT TRACKING over RESP3): a value read through the cache frontend is cached,
     * another connection's write invalidates it (the server's push evicts it), and the next read fetches the new one.
     */
    @Test
    void lettuceClientSideCachingIsInvalidatedByAnotherConnectionsWrite() throws Exception {
        RedisClient client = client(Protocol.DEFAULT);
        try (StatefulRedisConnection<String, String> cached = client.connect();
                StatefulRedisConnection<String, String> writer = client.connect()) {
            java.util.Map<String, String> map = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.concurrent.BlockingQueue<String> evicted = new java.util.concurrent.LinkedBlockingQueue<>();
            io.lettuce.core.support.caching.CacheAccessor<String, String> accessor =
                    new io.lettuce.core.support.caching.CacheAccessor<>() {
                        @Override
                        public String get(String key) {
                            return map.get(key);
                        }

                        @Override
                        public void put(String key, String value) {
                            map.put(key, value);
                        }

                        @Override
                        public void evict(String key) {
                            map.remove(key);
                            evicted.add(key);
                        }
                    };
            io.lettuce.core.support.caching.CacheFrontend<String, String> frontend =
                    io.lettuce.core.support.caching.ClientSideCaching.enable(accessor, cached,
                            io.lettuce.core.TrackingArgs.Builder.enabled());
            try {
                writer.sync().set("csc:key", "v1");
                assertThat(frontend.get("csc:key")).isEqualTo("v1");
                assertThat(map).containsEntry("csc:key", "v1");
                writer.sync().set("csc:key", "v2");
                assertThat(evicted.poll(10, TimeUnit.SECONDS)).isEqualTo("csc:key");
                assertThat(map).doesNotContainKey("csc:key");
                assertThat(frontend.get("csc:key")).isEqualTo("v2");
                assertThat(cached.sync().clientTrackinginfo().getFlags())
                        .contains(io.lettuce.core.TrackingInfo.TrackingFlag.ON);
            } finally {
                frontend.close();
            }
        } finally {
            client.shutdown();
        }
    }
}
