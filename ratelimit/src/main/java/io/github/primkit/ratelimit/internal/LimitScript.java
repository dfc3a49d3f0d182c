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
 * for every combination of limits, so one SHA to cache per server.
 */
final class LimitScript {
    static final LuaScript SCRIPT = LuaScript.of("RateLimiter/decide.lua", "local ALGORITHMS = {}\n"
            + body("sliding_log.lua") + body("sliding_window_counter.lua") + body("token_bucket.lua")
            + body("gcra.lua") + body("decide.lua"));

    private final KeyNamespace namespace;
    private final String[] keyParts;
    private final String[] argumentTemplate;

    LimitScript(KeyNamespace namespace, List<Limit> limits) {
        this.namespace = namespace;
        this.keyParts = new String[limits.size()];
        this.argumentTemplate = new String[1 + 4 * limits.size()];
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

    CompletionStage<List<Object>> run(RedisClusterAsyncCommands<String, String> redis, String key, long permits) {
        String[] arguments = argumentTemplate.clone();
        arguments[0] = Long.toString(permits);
        return SCRIPT.executeAsync(redis, ScriptOutputType.MULTI, keys(key), arguments);
    }

    static Verdict parse(List<Object> reply) {
        if (reply == null || reply.size() != 6) {
            throw new RedisReplyException("script " + SCRIPT.name() + " replied " + reply
                    + ", expected 6 integers", null);
        }
        return new Verdict(number(reply, 0) == 1, (int) number(reply, 1), number(reply, 2), number(reply, 3),
                number(reply, 4), number(reply, 5));
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
