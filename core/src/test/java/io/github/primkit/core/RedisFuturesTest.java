package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class RedisFuturesTest {
    @Test
    void mapsLettuceFailuresToPrimkitExceptions() {
        assertThat(RedisFutures.translate(new RedisConnectionException("refused")))
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("refused");
        assertThat(RedisFutures.translate(new RedisCommandTimeoutException("Command timed out after 1 second(s)")))
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("timed out");
        assertThat(RedisFutures.translate(new RedisException("Connection closed")))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(RedisFutures.translate(new RedisException("Connection disconnected")))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(RedisFutures.translate(new RedisException("Currently not connected. Commands are rejected.")))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(RedisFutures.translate(new RedisException("broken", new IOException("reset by peer"))))
                .isInstanceOf(RedisUnavailableException.class);
        assertThat(RedisFutures.translate(new RedisCommandExecutionException("WRONGTYPE Operation against a key")))
                .isExactlyInstanceOf(RedisReplyException.class).hasMessage("WRONGTYPE Operation against a key");
        assertThat(RedisFutures.translate(new IllegalStateException("odd")))
                .isExactlyInstanceOf(PrimkitException.class).hasMessageContaining("odd");
    }

    @Test
    void looksThroughFutureWrappersAndKeepsPrimkitExceptions() {
        RedisReplyException reply = new RedisReplyException("ERR x", null);
        assertThat(RedisFutures.translate(new CompletionException(new ExecutionException(reply)))).isSameAs(reply);
    }

    @Test
    void awaitReturnsTheValueOrTheTranslatedFailure() {
        assertThat(RedisFutures.await(CompletableFuture.completedFuture("v"), Duration.ofSeconds(1))).isEqualTo("v");
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new RedisConnectionException("down"));
        assertThatThrownBy(() -> RedisFutures.await(failed, Duration.ofSeconds(1)))
                .isInstanceOf(RedisUnavailableException.class).hasMessageContaining("down");
    }

    @Test
    void awaitGivesUpAfterTheTimeoutWithRedisUnavailable() {
        assertThatThrownBy(() -> RedisFutures.await(new CompletableFuture<>(), Duration.ofMillis(20)))
                .isInstanceOf(RedisUnavailableException.class).hasMessage("no reply from Redis within PT0.02S");
        assertThatThrownBy(() -> RedisFutures.await(new CompletableFuture<>(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, was PT0S");
    }

    @Test
    void awaitKeepsTheInterruptFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> RedisFutures.await(new CompletableFuture<>(), Duration.ofSeconds(5)))
                    .isExactlyInstanceOf(PrimkitException.class).hasMessageContaining("interrupted");
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
