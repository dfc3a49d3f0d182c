package io.github.primkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@RedisBackends(requires = RedisFeature.SCRIPTING)
class TourTest {
    @Test
    void theTourRunsAgainstTheServerAndLeavesNoKeysBehind(RedisBackend backend) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tour tour = new Tour(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        int exit = tour.run("--redis", backend.nodeUris().get(0).toString());

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("moved 30: checking=70, savings=30")
                .contains("INSUFFICIENT funds: have 70, need 500")
                .contains("toy SQL store: UPDATE holds SET cart = ?, fence = ? WHERE sku = ? AND fence <= ? -> 0 rows: "
                        + "stale write refused")
                .contains("Redis FencingGuard.hset -> stale write refused")
                .contains("the hold belongs to cart-B in the toy store and to cart-B in Redis")
                .contains("GET /api as alice -> 200  RateLimit-Limit: 3, RateLimit-Remaining: 2")
                .contains("GET /api as alice -> 429  RateLimit-Limit: 3, RateLimit-Remaining: 0")
                .contains("Retry-After: ")
                .contains("GET /api as bob   -> 200")
                .contains("decided by LOCAL_DENIAL_CACHE");
        if (backend.isCluster()) {
            assertThat(output).contains("Redis Cluster");
        }
        assertThat(backend.nodes()).allSatisfy(node -> assertThat(node.dbsize()).isZero());
    }

    @Test
    void badArgumentsGetAClearMessageAndExitCodeTwo() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Tour tour = new Tour(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(tour.run("--redis")).isEqualTo(2);
        assertThat(tour.run("--frobnicate")).isEqualTo(2);
        assertThat(tour.run("--redis", "not a uri")).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("--redis needs a URI")
                .contains("unknown argument \"--frobnicate\"")
                .contains("not a Redis URI");
    }
}
