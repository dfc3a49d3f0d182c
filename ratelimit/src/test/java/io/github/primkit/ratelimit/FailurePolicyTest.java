package io.github.primkit.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisUnavailableException;
import io.github.primkit.server.PrimkitServer;
import io.github.primkit.server.ServerConfig;
import io.github.primkit.testing.ServerBinaries;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each failure policy with the server stopped in the middle of the test, then started again on the same port: a
 * server of the test's own (the shared backends are never stopped), both the bundled server and {@code redis-server}.
 * The redis kind needs the binary ({@link ServerBinaries#redisServer()}): without it the test is skipped, with the
 * reason, unless the {@code redis} backend is required (CI), which fails it.
 */
class FailurePolicyTest {
    private static final Duration OPEN_FOR = Duration.ofMillis(200);

    private Path dir;
    private int port;
    private OwnServer server;
    private Path redisServer;
    private ClientResources resources;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    /** A server that the test may stop and start again on the same port. */
    enum Kind {
        BUNDLED, REDIS
    }

    private interface OwnServer {
        void stop() throws Exception;
    }

    static Stream<Arguments> kindsAndPolicies() {
        return Stream.of(Kind.values())
                .flatMap(kind -> Stream.of(FailurePolicy.values()).map(policy -> Arguments.of(kind, policy)));
    }

    private void startServer(Kind kind) throws Exception {
        if (kind == Kind.REDIS) {
            redisServer = ServerBinaries.redisServer(); // skips this test, or fails it when redis is required
        }
        dir = Files.createTempDirectory("primkit-ratelimit-failure");
        port = freePort();
        server = start(kind);
        resources = DefaultClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(50))).build();
        client = RedisClient.create(resources, RedisURI.create("redis://127.0.0.1:" + port));
        // While reconnecting, commands fail at once instead of being queued and replayed later.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        connection = client.connect();
    }

    private OwnServer start(Kind kind) throws Exception {
        if (kind == Kind.BUNDLED) {
            PrimkitServer bundled = PrimkitServer.start(ServerConfig.builder().bind("127.0.0.1").port(port).build());
            return bundled::close;
        }
        Process process = startRedis(port);
        return () -> {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        };
    }

    private void stopServer() throws Exception {
        if (server != null) {
            OwnServer stopping = server;
            server = null;
            stopping.stop();
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (client != null) {
            client.shutdown();
        }
        if (resources != null) {
            resources.shutdown().get(10, TimeUnit.SECONDS);
        }
        stopServer();
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private CircuitBreaker breaker() {
        return CircuitBreaker.of("test", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(4).minimumNumberOfCalls(2).failureRateThreshold(50)
                .waitDurationInOpenState(OPEN_FOR).permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(RedisUnavailableException.class).build());
    }

    private RateLimiter limiter(FailurePolicy policy, CircuitBreaker breaker) {
        return RateLimiter.create(PrimkitConnection.of(connection), RateLimiterOptions.builder()
                .namespace("failure").limit(Limit.slidingLog(3, Duration.ofMinutes(1)))
                .failurePolicy(policy).timeout(Duration.ofMillis(300)).circuitBreaker(breaker).build());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndPolicies")
    void eachPolicyDecidesAsDocumentedWhileRedisIsDownAndRedisDecidesAgainOnceItIsBack(Kind kind,
            FailurePolicy policy) throws Exception {
        startServer(kind);
        CircuitBreaker breaker = breaker();
        RateLimiter limiter = limiter(policy, breaker);
        Decision before = limiter.tryAcquire("alice");
        assertThat(before.source()).isEqualTo(Decision.Source.REDIS);
        assertThat(before.remaining()).isEqualTo(2);

        stopServer();
        for (int i = 0; i < 5; i++) {
            String bob = "bob-" + (i % 2);
            expectWhileDown(policy, bob, () -> limiter.tryAcquire(bob));
            expectWhileDown(policy, "carol", () -> limiter.tryAcquireAsync("carol").toCompletableFuture().join());
        }
        if (policy == FailurePolicy.LOCAL_FALLBACK) {
            // The in-process limiter applies the same limit: 3 per minute for dave, in this JVM.
            for (int i = 2; i >= 0; i--) {
                Decision local = limiter.tryAcquire("dave");
                assertThat(local.allowed()).isTrue();
                assertThat(local.remaining()).isEqualTo(i);
            }
            Decision denied = limiter.tryAcquire("dave");
            assertThat(denied.allowed()).isFalse();
            assertThat(denied.source()).isEqualTo(Decision.Source.LOCAL_FALLBACK);
            assertThat(denied.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        }
        assertThat(breaker.getState()).as("repeated failures opened the breaker")
                .isIn(CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

        server = start(kind);
        // Recovery: Lettuce reconnects, the breaker lets a trial call through, and Redis decides again. The new
        // server has no data (no persistence): alice starts afresh.
        Decision after = waitFor(Duration.ofSeconds(20), () -> {
            try {
                return limiter.tryAcquire("alice");
            } catch (RedisUnavailableException stillDown) {
                return null;
            }
        }, decision -> decision.source() == Decision.Source.REDIS);
        assertThat(after.allowed()).isTrue();
        assertThat(after.remaining()).isEqualTo(2);
        assertThat(breaker.getState()).isIn(CircuitBreaker.State.CLOSED, CircuitBreaker.State.HALF_OPEN);
        System.out.printf("%s %s: server stopped, decisions by %s; restarted, decided by the server again%n", kind, policy,
                policy == FailurePolicy.THROW ? "RedisUnavailableException" : policy);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Kind.class)
    void aServerThatDoesNotAnswerCountsAsUnreachableAfterTheTimeout(Kind kind) throws Exception {
        startServer(kind);
        RateLimiter limiter = limiter(FailurePolicy.FAIL_CLOSED, breaker());
        assertThat(limiter.tryAcquire("k").source()).isEqualTo(Decision.Source.REDIS);
        // CLIENT PAUSE stalls every client's commands: the limiter's reply does not come within its 300 ms.
        try (StatefulRedisConnection<String, String> admin = client.connect()) {
            admin.sync().clientPause(1500);
        }
        long start = System.nanoTime();
        Decision stalled = limiter.tryAcquire("k");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(stalled.source()).isEqualTo(Decision.Source.FAIL_CLOSED);
        assertThat(stalled.allowed()).isFalse();
        assertThat(stalled.retryAfter()).isEqualTo(OPEN_FOR);
        assertThat(waitedMillis).as("waited about the timeout, not the pause").isBetween(250L, 1400L);
    }

    private static void expectWhileDown(FailurePolicy policy, String key, Supplier<Decision> call) {
        switch (policy) {
            case THROW -> assertThatThrownBy(call::get)
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(RedisUnavailableException.class),
                            e -> assertThat(e).isInstanceOf(CompletionException.class)
                                    .hasCauseInstanceOf(RedisUnavailableException.class));
            case FAIL_OPEN -> {
                Decision decision = call.get();
                assertThat(decision.allowed()).isTrue();
                assertThat(decision.source()).isEqualTo(Decision.Source.FAIL_OPEN);
            }
            case FAIL_CLOSED -> {
                Decision decision = call.get();
                assertThat(decision.allowed()).isFalse();
                assertThat(decision.source()).isEqualTo(Decision.Source.FAIL_CLOSED);
                assertThat(decision.retryAfter()).isEqualTo(OPEN_FOR);
            }
            case LOCAL_FALLBACK -> {
                Decision decision = call.get();
                assertThat(decision.source()).as(key).isEqualTo(Decision.Source.LOCAL_FALLBACK);
            }
        }
    }

    private static <T> T waitFor(Duration timeout, Supplier<T> attempt, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() - deadline < 0) {
            last = attempt.get();
            if (last != null && done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("not done within " + timeout + "; last: " + last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    /** Starts redis-server on the port and returns once its log says it accepts connections. */
    private Process startRedis(int port) throws Exception {
        Process process = new ProcessBuilder(redisServer.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--logfile", "")
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread pump = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // The process ended.
            }
            ready.completeExceptionally(new IOException("redis-server exited"));
        }, "redis-server-" + port);
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            synchronized (output) {
                throw new AssertionError("redis-server on port " + port + " did not start:\n" + output, e);
            }
        }
        return process;
    }
}
