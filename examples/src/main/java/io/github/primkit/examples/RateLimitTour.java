package io.github.primkit.examples;

import com.sun.net.httpserver.HttpServer;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.ratelimit.Decision;
import io.github.primkit.ratelimit.Limit;
import io.github.primkit.ratelimit.RateLimiter;
import io.github.primkit.ratelimit.RateLimiterOptions;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tour's rate limiter stop: an HTTP endpoint on the loopback interface behind {@link RateLimitedHandler}, called
 * a few times, showing the status and headers it answers with. Needs Lua scripting and sorted sets on the server.
 */
final class RateLimitTour {
    private static final String NAMESPACE = "primkit-tour:ratelimit";

    private RateLimitTour() {
    }

    /** Whether the server runs Lua scripts that use sorted sets (the bundled server will, once #4/#5 land). */
    static boolean supported(PrimkitConnection<String, String> redis) {
        try {
            redis.sync().eval("return redis.call('ZCARD', KEYS[1])", ScriptOutputType.INTEGER,
                    "{" + NAMESPACE + ":probe}:zset");
            return true;
        } catch (RedisCommandExecutionException notSupported) {
            return false;
        }
    }

    static void run(PrimkitConnection<String, String> redis, PrintStream out) {
        out.println();
        out.println("ratelimit: one Lua script per decision on the server's clock; headers for HTTP");
        RateLimiter limiter = RateLimiter.create(redis, RateLimiterOptions.builder()
                .namespace(NAMESPACE)
                .limit(Limit.slidingLog(3, Duration.ofSeconds(10)))
                .limit(Limit.tokenBucket(100, 100, Duration.ofHours(1)))
                .timeout(Duration.ofSeconds(10))
                .build());
        out.println("  limits: " + limiter.options().limits() + ", both decided together (all or none)");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api", new RateLimitedHandler(limiter));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
            for (String apiKey : List.of("alice", "alice", "alice", "alice", "bob")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).header("X-Api-Key", apiKey)
                        .build(), HttpResponse.BodyHandlers.ofString());
                List<String> headers = new ArrayList<>();
                for (String name : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
                        "Retry-After")) {
                    response.headers().firstValue(name).ifPresent(value -> headers.add(name + ": " + value));
                }
                out.printf("  GET /api as %-5s -> %d  %s%n", apiKey, response.statusCode(), String.join(", ", headers));
            }
            Decision again = limiter.tryAcquire("alice");
            out.println("  alice once more: allowed=" + again.allowed() + ", decided by " + again.source()
                    + " (denied until the retry-after, without a round trip)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            server.stop(0);
            // The limiter's keys expire by themselves; the tour leaves none behind even so.
            ScanIterator<String> keys = ScanIterator.scan(redis.sync(), ScanArgs.Builder.matches("{" + NAMESPACE
                    + ":*").limit(100));
            while (keys.hasNext()) {
                redis.sync().del(keys.next());
            }
        }
    }
}
