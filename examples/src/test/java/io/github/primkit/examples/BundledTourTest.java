package io.github.primkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./tour} without arguments: the bundled server, started in-process. */
class BundledTourTest {
    @Test
    void theDefaultTourRunsOnTheBundledServer() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new Tour(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();

        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("Started the bundled server in-process at redis://127.0.0.1:")
                .contains("EXEC applied: moved 30: checking=70, savings=30")
                .contains("transfer.lua (sha1 ")
                .contains("INSUFFICIENT funds: have 70, need 500")
                .contains("Redis FencingGuard.hset -> stale write refused")
                .contains("GET /api as alice -> 429");
    }
}
