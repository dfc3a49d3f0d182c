package io.github.primkit.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.primkit.ratelimit.Decision;
import io.github.primkit.ratelimit.RateLimiter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP endpoint behind a shared rate limit (the JDK's own {@code com.sun.net.httpserver}, no framework): each
 * request is counted against its API key, taken from the {@code X-Api-Key} header; the answer carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset}, and a denied request gets
 * {@code 429 Too Many Requests} with {@code Retry-After}.
 *
 * <pre>{@code
 * HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 8080), 0);
 * server.createContext("/api", new RateLimitedHandler(limiter));
 * server.start();
 * }</pre>
 */
public final class RateLimitedHandler implements HttpHandler {
    private final RateLimiter limiter;

    public RateLimitedHandler(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String apiKey = exchange.getRequestHeaders().getFirst("X-Api-Key");
            if (apiKey == null || apiKey.isBlank()) {
                respond(exchange, 401, "missing X-Api-Key\n");
                return;
            }
            Decision decision = limiter.tryAcquire(apiKey);
            decision.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            if (decision.allowed()) {
                respond(exchange, 200, "hello, " + apiKey + "\n");
            } else {
                respond(exchange, 429, "slow down, " + apiKey + "\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
