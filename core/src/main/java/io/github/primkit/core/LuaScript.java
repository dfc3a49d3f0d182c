package io.github.primkit.core;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A Lua script kept as a {@code .lua} classpath resource next to the class that runs it, executed with EVALSHA.
 *
 * <p><b>NOSCRIPT recovery.</b> A server's script cache is empty after a restart, a failover to a replica or
 * {@code SCRIPT FLUSH}. When EVALSHA answers {@code NOSCRIPT}, the script is sent once with EVAL, which runs it and
 * caches it on that server again; later calls go back to EVALSHA. EVAL is routed exactly like EVALSHA (by the first
 * key), so on Redis Cluster the script is re-loaded on precisely the node that lacked it. The retry happens at most
 * once per call; any other error is reported as it is.
 *
 * <p><b>Cluster.</b> Redis Cluster requires all keys of one script to live in one slot: build them from one
 * {@link KeyGroup}. Pass every key the script touches in {@code keys} (never build key names inside Lua), so that the
 * command is routed to the right node and stays valid on Cluster.
 *
 * <p>Errors: {@link RedisReplyException} when the script fails or Redis refuses it, {@link RedisUnavailableException}
 * when Redis cannot be reached. Instances are immutable and thread-safe; the SHA-1 is computed once, locally.
 */
public final class LuaScript {
    private final String name;
    private final String body;
    private final String sha1;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha1 = sha1Hex(body);
    }

    /**
     * Loads {@code resourceName} (e.g. {@code "acquire.lua"}) from the package of {@code anchor}.
     *
     * @throws IllegalArgumentException if there is no such resource or it is empty
     */
    public static LuaScript fromResource(Class<?> anchor, String resourceName) {
        Arguments.requireNonNull("anchor", anchor);
        Arguments.requireNonBlank("resourceName", resourceName);
        try (InputStream in = anchor.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalArgumentException("resourceName: no resource \"" + resourceName
                        + "\" next to " + anchor.getName());
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return of(anchor.getSimpleName() + "/" + resourceName, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + resourceName + " next to " + anchor.getName(), e);
        }
    }

    /**
     * A script from a string, under a name used in error messages.
     *
     * @throws IllegalArgumentException if name or body is blank
     */
    public static LuaScript of(String name, String body) {
        Arguments.requireNonBlank("name", name);
        Arguments.requireNonBlank("body", body);
        return new LuaScript(name, body);
    }

    /** The name used in error messages, e.g. {@code FencedLock/acquire.lua}. */
    public String name() {
        return name;
    }

    /** The script's source. */
    public String body() {
        return body;
    }

    /** The lower-case hex SHA-1 of the body: the digest EVALSHA uses. */
    public String sha1() {
        return sha1;
    }

    /**
     * Runs the script and waits for its reply (within the connection's command timeout).
     *
     * @param type the reply type Lettuce decodes into, e.g. {@link ScriptOutputType#INTEGER}
     * @param keys every key the script touches
     * @param args the script's ARGV
     */
    @SafeVarargs
    public final <K, V, T> T execute(RedisClusterCommands<K, V> redis, ScriptOutputType type, K[] keys, V... args) {
        checkCall(redis, type, keys, args);
        try {
            try {
                return redis.evalsha(sha1, type, keys, args);
            } catch (RedisNoScriptException noScript) {
                return redis.eval(body, type, keys, args);
            }
        } catch (RuntimeException e) {
            throw failure(e);
        }
    }

    /**
     * Runs the script without blocking. The stage fails with the same exceptions as {@link #execute}. Callbacks may
     * run on a Lettuce I/O thread: do not block in them.
     */
    @SafeVarargs
    public final <K, V, T> CompletionStage<T> executeAsync(RedisClusterAsyncCommands<K, V> redis,
            ScriptOutputType type, K[] keys, V... args) {
        checkCall(redis, type, keys, args);
        CompletableFuture<T> result = new CompletableFuture<>();
        redis.<T>evalsha(sha1, type, keys, args).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else if (RedisFutures.unwrap(error) instanceof RedisNoScriptException) {
                redis.<T>eval(body, type, keys, args).whenComplete((retried, retryError) -> {
                    if (retryError == null) {
                        result.complete(retried);
                    } else {
                        result.completeExceptionally(failure(retryError));
                    }
                });
            } else {
                result.completeExceptionally(failure(error));
            }
        });
        return result;
    }

    /**
     * Sends the script (EVALSHA) and returns at once, for a caller that then blocks on the reply with
     * {@link Call#await}. That wait is on Lettuce's own future: when the reply arrives, the Lettuce I/O thread only
     * wakes the caller, whereas a blocking wait on {@link #executeAsync} also makes it run the stages in between. With
     * many threads sharing one connection, the I/O thread is the one every reply goes through, so this is the cheaper
     * way for synchronous APIs. NOSCRIPT recovery (one EVAL) happens inside {@code await}, on the caller's thread.
     * When Lettuce times out the connection's commands itself ({@link PrimkitConnection#timesOutCommands()}),
     * {@code await} blocks without a timer of its own whenever Lettuce's timeout falls within the wait's bound.
     */
    @SafeVarargs
    public final <K, V, T> Call<T> send(PrimkitConnection<K, V> redis, ScriptOutputType type, K[] keys, V... args) {
        Arguments.requireNonNull("redis", redis);
        RedisClusterAsyncCommands<K, V> async = redis.async();
        checkCall(async, type, keys, args);
        CompletableFuture<T> sent;
        try {
            sent = async.<T>evalsha(sha1, type, keys, args).toCompletableFuture();
        } catch (RuntimeException e) {
            throw failure(e);
        }
        return new Call<>(this, () -> async.<T>eval(body, type, keys, args).toCompletableFuture(), sent,
                redis.timesOutCommands() ? redis.timeout().toNanos() : Long.MAX_VALUE);
    }

    /**
     * A script call sent by {@link #send}, whose reply a thread is about to wait for. Not thread-safe: one thread
     * awaits it.
     *
     * @param <T> the reply type
     */
    public static final class Call<T> {
        private final LuaScript script;
        private final Supplier<CompletableFuture<T>> retry;
        /** Within how long Lettuce itself ends each command, or Long.MAX_VALUE when it does not. */
        private final long clientTimeoutNanos;
        private CompletableFuture<T> pending;
        private boolean retried;

        private Call(LuaScript script, Supplier<CompletableFuture<T>> retry, CompletableFuture<T> pending,
                long clientTimeoutNanos) {
            this.script = script;
            this.retry = retry;
            this.pending = pending;
            this.clientTimeoutNanos = clientTimeoutNanos;
        }

        /**
         * Waits for the reply, at most {@code timeout} in all (a NOSCRIPT retry included). When the connection's
         * commands are timed out by Lettuce and Lettuce's timeout fits in what is left of {@code timeout}, the wait has
         * no timer of its own: Lettuce's timeout ends it (reported as {@link RedisUnavailableException}).
         *
         * @throws RedisReplyException       if the script failed or Redis refused it
         * @throws RedisUnavailableException if Redis could not be reached or did not reply within {@code timeout}
         * @throws IllegalArgumentException  if {@code timeout} is not positive ({@code NullPointerException} if null)
         * @throws InterruptedException      if the thread was interrupted before or while waiting; the call may still
         *                                   take effect, and {@link #reply()} tells its outcome when it does
         */
        public T await(Duration timeout) throws InterruptedException {
            Arguments.requirePositive("timeout", timeout);
            if (Thread.interrupted()) { // even if the reply is in already, as with any interruptible wait
                throw new InterruptedException();
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    long remaining = deadline - System.nanoTime();
                    if (clientTimeoutNanos <= remaining) {
                        return pending.get(); // Lettuce ends the command within its timeout: no timer needed
                    }
                    return pending.get(remaining, TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    if (retried || !(RedisFutures.unwrap(e) instanceof RedisNoScriptException)) {
                        throw script.failure(e);
                    }
                    retried = true;
                    try {
                        pending = retry.get();
                    } catch (RuntimeException sendFailure) {
                        throw script.failure(sendFailure);
                    }
                } catch (TimeoutException e) {
                    throw new RedisUnavailableException("no reply from Redis within " + timeout + " to script "
                            + script.name, e);
                }
            }
        }

        /**
         * The reply of the request sent last (EVALSHA, or EVAL after NOSCRIPT), as a stage: for cleaning up after an
         * {@link #await} that was interrupted or timed out. It fails with the untranslated Lettuce error.
         */
        public CompletionStage<T> reply() {
            return pending;
        }
    }

    private static void checkCall(Object redis, ScriptOutputType type, Object[] keys, Object[] args) {
        Arguments.requireNonNull("redis", redis);
        Arguments.requireNonNull("type", type);
        Arguments.requireNonNull("keys", keys);
        Arguments.requireNonNull("args", args);
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null) {
                throw new NullPointerException("keys[" + i + "] must not be null");
            }
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i] == null) {
                throw new NullPointerException("args[" + i + "] must not be null");
            }
        }
    }

    private PrimkitException failure(Throwable error) {
        PrimkitException translated = RedisFutures.translate(error);
        if (translated instanceof RedisReplyException) {
            return new RedisReplyException("script " + name + " failed: " + translated.getMessage(),
                    translated.getCause());
        }
        return translated;
    }

    private static String sha1Hex(String body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-1", e);
        }
    }

    @Override
    public String toString() {
        return "LuaScript[" + name + ", sha1=" + sha1 + "]";
    }
}
