package io.github.primkit.ratelimit.internal;

import io.github.primkit.core.KeyGroup;
import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.RedisReplyException;
import io.github.primkit.ratelimit.Limit;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The decision script for one set of limits: its keys and arguments, and the parsing of its reply.
 *
 * <p>The script is assembled from the files of the algorithms the limits use ({@code sliding_log.lua}, {@code
 * sliding_window_counter.lua}, {@code token_bucket.lua}, {@code gcra.lua}: a {@code check}, a {@code commit} and a
 * {@code flush} function each), followed by {@code decide.lua}, which checks every limit and commits on all only if
 * all admit. Only the algorithms in use are defined on each call (defining all four cost ~2 us of the server's time
 * per call on Redis 7.0), so there is one script, one SHA to cache per server, for each set of algorithms: at most 15.
 * One call decides a batch of requests for one key in order (the limiter batches the requests for a key that arrive
 * while a call for it is in flight), reading and writing each limit's state once.
 */
final class LimitScript {
    /** The name of every decision script, in error messages. */
    static final String NAME = "RateLimiter/decide.lua";

    private static final Map<Set<Limit.Algorithm>, LuaScript> SCRIPTS = new ConcurrentHashMap<>();

    private final LuaScript script;
    private final KeyNamespace namespace;
    private final String[] keyParts;
    private final String[] argumentTemplate;
    private final int limitCount;

    LimitScript(KeyNamespace namespace, List<Limit> limits) {
        this.namespace = namespace;
        this.keyParts = new String[limits.size()];
        this.argumentTemplate = new String[1 + 4 * limits.size()];
        this.limitCount = limits.size();
        Set<Limit.Algorithm> algorithms = EnumSet.noneOf(Limit.Algorithm.class);
        limits.forEach(limit -> algorithms.add(limit.algorithm()));
        this.script = SCRIPTS.computeIfAbsent(algorithms, LimitScript::assemble);
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

    /** The script that defines {@code algorithms} (in a fixed order) and then decides. */
    static LuaScript assemble(Set<Limit.Algorithm> algorithms) {
        StringBuilder body = new StringBuilder("local ALGORITHMS = {}\n");
        for (Limit.Algorithm algorithm : EnumSet.copyOf(algorithms)) {
            body.append(body(file(algorithm)));
        }
        return LuaScript.of(NAME, body.append(body("decide.lua")).toString());
    }

    private static String file(Limit.Algorithm algorithm) {
        return switch (algorithm) {
            case SLIDING_LOG -> "sliding_log.lua";
            case SLIDING_WINDOW_COUNTER -> "sliding_window_counter.lua";
            case TOKEN_BUCKET -> "token_bucket.lua";
            case GCRA -> "gcra.lua";
        };
    }

    /** This set of limits' script. */
    LuaScript script() {
        return script;
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
        return script.executeAsync(redis, ScriptOutputType.MULTI, keys(key), arguments);
    }

    /** The verdict of a call that decided one request. */
    static Verdict parse(List<Object> reply) {
        return parse(reply, 1)[0];
    }

    /** The verdicts of a call that decided {@code requests} requests, in their order. */
    static Verdict[] parse(List<Object> reply, int requests) {
        if (reply == null || reply.size() != 1 + 5 * requests) {
            throw new RedisReplyException("script " + NAME + " replied " + reply + ", expected "
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
        throw new RedisReplyException("script " + NAME + " replied " + reply + ", expected integers", null);
    }

    private static String body(String file) {
        return LuaScript.fromResource(LimitScript.class, file).body();
    }
}
