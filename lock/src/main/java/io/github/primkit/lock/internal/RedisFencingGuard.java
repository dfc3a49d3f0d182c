package io.github.primkit.lock.internal;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.lock.FencedWrite;
import io.github.primkit.lock.FencingGuard;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** {@link FencingGuard} as one Lua script per write (fenced-write.lua): read the fence, compare, write, raise it. */
public final class RedisFencingGuard implements FencingGuard {
    private static final LuaScript FENCED_WRITE = LuaScript.fromResource(RedisFencingGuard.class, "fenced-write.lua");
    private static final String FENCE_SUFFIX = ":primkit-fence";

    private final PrimkitConnection<String, String> redis;

    public RedisFencingGuard(PrimkitConnection<String, String> redis) {
        this.redis = redis;
    }

    public static String fenceKeyOf(String key) {
        Arguments.requireNonNull("key", key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        int slot = SlotHash.getSlot(key);
        String suffixed = key + FENCE_SUFFIX;
        if (hasHashTag(key) && SlotHash.getSlot(suffixed) == slot) {
            return suffixed;
        }
        String wrapped = '{' + key + '}' + FENCE_SUFFIX;
        if (SlotHash.getSlot(wrapped) == slot) {
            return wrapped;
        }
        throw new IllegalArgumentException("key \"" + key + "\" has a '}' but no hash tag, so no fence key can share "
                + "its Cluster slot; give it a hash tag, e.g. \"{" + key.replace("{", "").replace("}", "") + "}\"");
    }

    private static boolean hasHashTag(String key) {
        int open = key.indexOf('{');
        if (open < 0) {
            return false;
        }
        int close = key.indexOf('}', open + 1);
        return close > open + 1;
    }

    @Override
    public FencedWrite set(String key, String value, long token) {
        return await(setAsync(key, value, token));
    }

    @Override
    public FencedWrite hset(String key, Map<String, String> fields, long token) {
        return await(hsetAsync(key, fields, token));
    }

    @Override
    public FencedWrite append(String key, String element, long token) {
        return await(appendAsync(key, element, token));
    }

    @Override
    public CompletionStage<FencedWrite> setAsync(String key, String value, long token) {
        Arguments.requireNonNull("value", value);
        return write(key, token, "set", value);
    }

    @Override
    public CompletionStage<FencedWrite> hsetAsync(String key, Map<String, String> fields, long token) {
        Arguments.requireNonNull("fields", fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("fields must not be empty");
        }
        String[] args = new String[fields.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            args[i++] = Arguments.requireNonNull("field name", field.getKey());
            args[i++] = Arguments.requireNonNull("value of field " + field.getKey(), field.getValue());
        }
        return write(key, token, "hset", args);
    }

    @Override
    public CompletionStage<FencedWrite> appendAsync(String key, String element, long token) {
        Arguments.requireNonNull("element", element);
        return write(key, token, "rpush", element);
    }

    @Override
    public long highestToken(String key) {
        String fence = fenceKeyOf(key);
        String value = await(redis.async().get(fence));
        return value == null ? 0 : Long.parseLong(value);
    }

    private CompletionStage<FencedWrite> write(String key, long token, String command, String... commandArgs) {
        String fenceKey = fenceKeyOf(key);
        Arguments.requirePositive("token", token);
        String[] args = new String[commandArgs.length + 2];
        args[0] = Long.toString(token);
        args[1] = command;
        System.arraycopy(commandArgs, 0, args, 2, commandArgs.length);
        return FENCED_WRITE.<String, String, List<Object>>executeAsync(redis.async(), ScriptOutputType.MULTI,
                new String[] {key, fenceKey}, args)
                .thenApply(reply -> new FencedWrite(number(reply.get(0)) == 1, number(reply.get(1))));
    }

    private static long number(Object reply) {
        return reply instanceof Long value ? value : Long.parseLong(String.valueOf(reply));
    }

    private <T> T await(CompletionStage<T> stage) {
        return RedisFutures.await(stage, redis.timeout().plus(Duration.ofSeconds(1)));
    }
}
