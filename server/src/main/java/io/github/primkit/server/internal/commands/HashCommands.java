package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.RedisHash;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.protocol.LongDouble;
import io.github.primkit.server.internal.protocol.LongDoubleParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hash commands: HSET and friends, HINCRBY/HINCRBYFLOAT, HRANDFIELD, HSCAN. */
final class HashCommands {
    private HashCommands() {
    }

    static void register(Registry r) {
        r.add("hset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> c.reply.integer(setPairs(c)));
        r.add("hmset", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> {
            setPairs(c);
            c.reply.ok();
        });
        r.add("hsetnx", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hsetnx);
        r.add("hget", 3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.bulk(hash == null ? null : hash.get(c.arg(2)));
        });
        r.add("hmget", -3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.array(c.argc() - 2);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.bulk(hash == null ? null : hash.get(c.arg(i)));
            }
        });
        r.add("hgetall", 2, flags(READONLY), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            if (hash == null) {
                c.reply.map(0);
                return;
            }
            c.reply.map(hash.size());
            hash.forEach((field, value) -> {
                c.reply.bulk(field);
                c.reply.bulk(value);
            });
        });
        r.add("hdel", -3, flags(WRITE, FAST), 1, 1, 1, HashCommands::hdel);
        r.add("hexists", 3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.integer(hash != null && hash.fields.containsKey(c.arg(2)) ? 1 : 0);
        });
        r.add("hlen", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.integer(hash == null ? 0 : hash.size());
        });
        r.add("hkeys", 2, flags(READONLY), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.array(hash == null ? 0 : hash.size());
            if (hash != null) {
                hash.forEach((field, value) -> c.reply.bulk(field));
            }
        });
        r.add("hvals", 2, flags(READONLY), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            c.reply.array(hash == null ? 0 : hash.size());
            if (hash != null) {
                hash.forEach((field, value) -> c.reply.bulk(value));
            }
        });
        r.add("hstrlen", 3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisHash hash = c.getHash(c.arg(1));
            byte[] value = hash == null ? null : hash.get(c.arg(2));
            c.reply.integer(value == null ? 0 : value.length);
        });
        r.add("hincrby", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hincrby);
        r.add("hincrbyfloat", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, HashCommands::hincrbyfloat);
        r.add("hrandfield", -2, flags(READONLY), 1, 1, 1, HashCommands::hrandfield);
        r.add("hscan", -3, flags(READONLY), 1, 1, 1, HashCommands::hscan);
    }

    /** The hash at {@code key}, a new one (not yet in the database) when absent, or WRONGTYPE. */
    private static RedisHash hashForWrite(Context c, byte[] key) {
        RedisHash hash = c.getHash(key);
        return hash == null ? new RedisHash() : hash;
    }

    /** Stores a hash a write command changed: adds it if it is new, else tells the database it changed. */
    private static void written(Context c, byte[] key, RedisHash hash, boolean isNew) {
        if (isNew) {
            c.db().add(key, hash);
        } else {
            c.db().modified(key);
        }
    }

    /** HSET/HMSET: sets every field-value pair; returns how many fields are new. */
    private static long setPairs(Context c) {
        if (c.argc() % 2 != 0) {
            throw new CommandException("ERR wrong number of arguments for '" + c.command.fullName() + "' command");
        }
        byte[] key = c.arg(1);
        RedisHash existing = c.getHash(key);
        RedisHash hash = existing == null ? new RedisHash() : existing;
        hash.expectPairs((c.argc() - 2) / 2);
        long added = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (hash.put(c.arg(i), c.arg(i + 1))) {
                added++;
            }
        }
        written(c, key, hash, existing == null);
        return added;
    }

    private static void hsetnx(Context c) {
        byte[] key = c.arg(1);
        RedisHash existing = c.getHash(key);
        if (existing != null && existing.fields.containsKey(c.arg(2))) {
            c.reply.integer(0);
            return;
        }
        RedisHash hash = existing == null ? new RedisHash() : existing;
        hash.put(c.arg(2), c.arg(3));
        written(c, key, hash, existing == null);
        c.reply.integer(1);
    }

    private static void hdel(Context c) {
        byte[] key = c.arg(1);
        RedisHash hash = c.getHash(key);
        long deleted = 0;
        if (hash != null) {
            for (int i = 2; i < c.argc() && hash.size() > 0; i++) {
                if (hash.remove(c.arg(i))) {
                    deleted++;
                }
            }
            if (hash.size() == 0) {
                c.db().deleteEmptied(key);
            } else if (deleted > 0) {
                c.db().modified(key);
            }
        }
        c.reply.integer(deleted);
    }

    private static void hincrby(Context c) {
        long increment = c.argLong(3);
        byte[] key = c.arg(1);
        RedisHash existing = c.getHash(key);
        long value = 0;
        byte[] current = existing == null ? null : existing.get(c.arg(2));
        if (current != null) {
            Long parsed = Context.tryParseLong(current);
            if (parsed == null) {
                throw new CommandException("ERR hash value is not an integer");
            }
            value = parsed;
        }
        long result;
        try {
            result = Math.addExact(value, increment);
        } catch (ArithmeticException e) {
            throw new CommandException(CommandException.OVERFLOW);
        }
        RedisHash hash = existing == null ? new RedisHash() : existing;
        hash.put(c.arg(2), Long.toString(result).getBytes(StandardCharsets.US_ASCII));
        written(c, key, hash, existing == null);
        c.reply.integer(result);
    }

    /**
     * HINCRBYFLOAT: x87 long double arithmetic, as Redis does it. Unlike INCRBYFLOAT, the hash variant words its
     * errors differently
     * ("value is NaN or Infinity" for an infinite increment, checked before the key's type; "hash value is not a
     * float" for the stored value).
     */
    private static void hincrbyfloat(Context c) {
        LongDoubleParser.Value increment = LongDoubleParser.parse(c.arg(3));
        if (increment == null) {
            throw new CommandException(CommandException.NOT_FLOAT);
        }
        if (increment.isInfinite()) {
            throw new CommandException("ERR value is NaN or Infinity");
        }
        byte[] key = c.arg(1);
        RedisHash existing = c.getHash(key);
        byte[] current = existing == null ? null : existing.get(c.arg(2));
        BigDecimal value = BigDecimal.ZERO;
        if (current != null) {
            LongDoubleParser.Value parsed = LongDoubleParser.parse(current);
            if (parsed == null) {
                throw new CommandException("ERR hash value is not a float");
            }
            if (parsed.isInfinite()) {
                throw new CommandException("ERR increment would produce NaN or Infinity");
            }
            value = parsed.finite();
        }
        BigDecimal sum = LongDouble.round(value.add(increment.finite()));
        if (sum == null) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        byte[] text = LongDouble.format(sum).getBytes(StandardCharsets.US_ASCII);
        RedisHash hash = existing == null ? new RedisHash() : existing;
        hash.put(c.arg(2), text);
        written(c, key, hash, existing == null);
        c.reply.bulk(text);
    }

    // ---- HRANDFIELD ---------------------------------------------------------------------------------------------

    private static void hrandfield(Context c) {
        byte[] key = c.arg(1);
        if (c.argc() == 2) {
            RedisHash hash = c.getHash(key);
            c.reply.bulk(hash == null ? null : hash.fields.uniformRandomKey(c.engine.random()));
            return;
        }
        long count = AggregateSupport.parseCount(c, 2); // before the syntax checks, as in Redis
        boolean withValues = false;
        if (c.argc() >= 4) {
            if (c.argc() > 4 || !c.is(3, "withvalues")) {
                throw CommandException.syntax();
            }
            withValues = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                throw new CommandException("ERR value is out of range");
            }
        }
        RedisHash hash = c.getHash(key);
        if (hash == null || count == 0) {
            c.reply.array(0);
            return;
        }
        List<byte[]> fields;
        if (count < 0) {
            int picks = AggregateSupport.repeatedPicks(count, withValues ? 2 : 1);
            fields = new ArrayList<>(picks);
            for (int i = 0; i < picks; i++) {
                fields.add(hash.fields.uniformRandomKey(c.engine.random()));
            }
        } else {
            // a listpack answers its sample (or all of it) in listpack order, as Redis does
            fields = hash.inAnswerOrder(
                    hash.fields.randomDistinctKeys(c.engine.random(), (int) Math.min(count, Integer.MAX_VALUE)));
        }
        boolean pairs = withValues && c.reply.protocol() >= 3;
        c.reply.array(withValues && !pairs ? fields.size() * 2 : fields.size());
        for (byte[] field : fields) {
            if (pairs) {
                c.reply.array(2);
            }
            c.reply.bulk(field);
            if (withValues) {
                c.reply.bulk(hash.get(field));
            }
        }
    }

    // ---- HSCAN --------------------------------------------------------------------------------------------------

    private static void hscan(Context c) {
        Long cursor = KeyCommands.parseCursor(c.arg(2));
        if (cursor == null) {
            throw new CommandException("ERR invalid cursor");
        }
        RedisHash hash = c.getHash(c.arg(1));
        if (hash == null) {
            AggregateSupport.emptyScan(c);
            return;
        }
        KeyCommands.ScanOptions options = KeyCommands.ScanOptions.parse(c, 3, false);
        List<byte[]> found = new ArrayList<>();
        long next = 0;
        if (hash.compact()) {
            // A listpack is returned whole, whatever the cursor and COUNT, as Redis does.
            hash.forEach((field, value) -> {
                if (options.matches(field)) {
                    found.add(field);
                    found.add(value);
                }
            });
        } else {
            next = hash.fields.scan(cursor, options.count, (field, value) -> {
                if (options.matches(field)) {
                    found.add(field);
                    found.add(value);
                }
            });
        }
        c.reply.array(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.array(found.size());
        found.forEach(c.reply::bulk);
    }
}
