package io.github.primkit.ratelimit.internal;

import io.github.primkit.core.KeyGroup;
import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.RedisReplyException;
import io.github.primkit.ratelimit.Limit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The decision script for one set of limits: its keys and arguments, and the parsing of its reply.
 *
 * <p>The script is assembled from one file per algorithm ({@code sliding_log.lua}, {@code
 * sliding_window_counter.lua}, {@code token_bucket.lua}, {@code gcra.lua}), each a {@code check} and a {@code commit}
 * function, followed by {@code decide.lua}, which checks every limit and commits on all only if all admit. One script
 * for every combination of limits, so one SHA to cache per server. One call decides a batch of requests for one key
 * in order (the limiter batches the requests for a key that arrive while a call for it is in flight).
 */
final class LimitScript {
    static final LuaScript SCRIPT = LuaScript.of("RateLimiter/decide.lua", "local ALGORITHMS = {}\n"
            + body("sliding_log.lua") + body("sliding_window_counter.lua") + body("token_bucket.lua")
            + body("gcra.lua") + body("decide.lua"));

    private final KeyNamespace namespace;
    private final String[] keyParts;
    private final String[] argumentTemplate;
    private final int limitCount;

    LimitScript(KeyNamespace namespace, List<Limit> limits) {
        this.namespace = namespace;
        this.keyParts = new String[limits.size()];
        this.argumentTemplate = new String[1 + 4 * limits.size()];
        this.limitCount = limits.size();
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            String algorithm = code(limit.algorithm());
            long periodMicros = micros(limit);
            String second = limit.algorithm() == Limit.Algorithm.TOKEN_BUCKET
                    || limit.algorithm() == Limit.Algorithm.GCRA ? Long.toString(limit.refillTokens())
                    : Long.toString(periodMicros);
            String third = limit.algorithm() == Limit.Algorithm.TOKEN_BUCKET
                    || limit.algorithm() == Limit.Algorithm.GCRA ? Long.toString(periodMicros) : "0";
            argumentTemplate[1 + 4 * i] = algorithm;
            argumentTemplate[2 + 4 * i] = Long.toString(limit.capacity());
            argumentTemplate[3 + 4 * i] = second;
            argumentTemplate[4 + 4 * i] = third;
            // The parameters are part of the key: a changed limit starts afresh instead of misreading old state.
            keyParts[i] = algorithm + ':' + limit.capacity() + ':' + second + (third.equals("0") ? "" : ":" + third);
        }
    }

    static long micros(Limit limit) {
        return limit.period().toNanos() / 1000;
    }

    private static String code(Limit.Algorithm algorithm) {
        return switch (algorithm) {
            case SLIDING_LOG -> "log";
            case SLIDING_WINDOW_COUNTER -> "counter";
            case TOKEN_BUCKET -> "bucket";
            case GCRA -> "gcra";
        };
    }

    /** The Redis keys holding {@code key}'s state, one per limit, all in one hash tag (one Cluster slot). */
    String[] keys(String key) {
        KeyGroup group = namespace.group(key);
        String[] keys = new String[keyParts.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = group.key(keyParts[i]);
        }
        return keys;
    }

    /** Decides one request of {@code permits}. */
    CompletionStage<List<Object>> run(RedisClusterAsyncCommands<String, String> redis, String key, long permits) {
        return run(redis, key, new long[] {permits});
    }

    /** Decides the requests of {@code permits} for {@code key} in this order, in one call. */
    CompletionStage<List<Object>> run(RedisClusterAsyncCommands<String, String> redis, String key, long[] permits) {
        String[] arguments = new String[argumentTemplate.length + permits.length];
        System.arraycopy(argumentTemplate, 0, arguments, 0, argumentTemplate.length);
        arguments[0] = Integer.toString(permits.length);
        for (int i = 0; i < permits.length; i++) {
            arguments[1 + 4 * limitCount + i] = Long.toString(permits[i]);
        }
        return SCRIPT.executeAsync(redis, ScriptOutputType.MULTI, keys(key), arguments);
    }

    /** The verdict of a call that decided one request. */
    static Verdict parse(List<Object> reply) {
        return parse(reply, 1)[0];
    }

    /** The verdicts of a call that decided {@code requests} requests, in their order. */
    static Verdict[] parse(List<Object> reply, int requests) {
        if (reply == null || reply.size() != 1 + 5 * requests) {
            throw new RedisReplyException("script " + SCRIPT.name() + " replied " + reply + ", expected "
                    + (1 + 5 * requests) + " integers", null);
        }
        long now = number(reply, 0);
        Verdict[] verdicts = new Verdict[requests];
        for (int q = 0; q < requests; q++) {
            int at = 1 + 5 * q;
            verdicts[q] = new Verdict(number(reply, at) == 1, (int) number(reply, at + 1), number(reply, at + 2),
                    number(reply, at + 3), number(reply, at + 4), now);
        }
        return verdicts;
    }

    private static long number(List<Object> reply, int index) {
        if (reply.get(index) instanceof Long value) {
            return value;
        }
        throw new RedisReplyException("script " + SCRIPT.name() + " replied " + reply + ", expected integers", null);
    }

    private static String body(String file) {
        return LuaScript.fromResource(LimitScript.class, file).body();
    }
}
