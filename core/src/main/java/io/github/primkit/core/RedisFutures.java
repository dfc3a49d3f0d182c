package io.github.primkit.core;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns Lettuce's failures into Primkit's exceptions, and waits for async results on behalf of a pattern's sync form.
 *
 * <p>Mapping: no connection, a broken connection or a timeout become {@link RedisUnavailableException}; an error reply
 * becomes {@link RedisReplyException}; Primkit's own exceptions pass through unchanged.
 */
public final class RedisFutures {
    private RedisFutures() {
    }

    /**
     * Waits for {@code stage} at most {@code timeout} and returns its value.
     *
     * @throws RedisUnavailableException if the result did not arrive in time or Redis could not be reached
     * @throws RedisReplyException       if Redis answered with an error
     * @throws PrimkitException          if the waiting thread was interrupted (its interrupt flag is set again)
     */
    public static <T> T await(CompletionStage<T> stage, Duration timeout) {
        Arguments.requireNonNull("stage", stage);
        Arguments.requirePositive("timeout", timeout);
        try {
            return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrimkitException("interrupted while waiting for Redis", e);
        } catch (TimeoutException e) {
            throw new RedisUnavailableException("no reply from Redis within " + timeout, e);
        } catch (ExecutionException | CompletionException | CancellationException e) {
            throw translate(e);
        }
    }

    /**
     * The Primkit exception for a failure of a Redis call ({@link CompletionException} and {@link ExecutionException}
     * wrappers are looked through).
     */
    public static PrimkitException translate(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof PrimkitException primkit) {
            return primkit;
        }
        if (cause instanceof RedisCommandTimeoutException) {
            return new RedisUnavailableException("Redis did not reply within the command timeout: "
                    + cause.getMessage(), cause);
        }
        if (cause instanceof RedisConnectionException || cause instanceof IOException) {
            return new RedisUnavailableException("cannot reach Redis: " + cause.getMessage(), cause);
        }
        if (cause instanceof RedisCommandExecutionException) {
            return new RedisReplyException(cause.getMessage(), cause);
        }
        if (cause instanceof RedisCommandInterruptedException) {
            return new PrimkitException("interrupted while waiting for Redis", cause);
        }
        if (cause instanceof CancellationException) {
            return new PrimkitException("the Redis call was cancelled", cause);
        }
        if (cause instanceof RedisException && (cause.getCause() instanceof IOException
                || isConnectionState(String.valueOf(cause.getMessage())))) {
            return new RedisUnavailableException("connection to Redis lost: " + cause.getMessage(), cause);
        }
        return new PrimkitException("Redis call failed: " + cause, cause);
    }

    /**
     * Lettuce's texts for a connection that is gone or not there: "Connection closed", "Connection disconnected"
     * (commands in flight when it dropped) and "Currently not connected" (rejected while it reconnects).
     */
    private static boolean isConnectionState(String message) {
        return message.startsWith("Connection closed") || message.startsWith("Connection disconnected")
                || message.startsWith("Currently not connected");
    }

    /** Looks through the wrappers that futures put around a failure. */
    static Throwable unwrap(Throwable failure) {
        Throwable cause = Arguments.requireNonNull("failure", failure);
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
