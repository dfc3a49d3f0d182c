package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.protocol.LongDouble;
import io.github.primkit.server.internal.protocol.LongDoubleParser;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** String commands. */
final class StringCommands {
    private StringCommands() {
    }

    static void register(Registry r) {
        r.add("get", 2, flags(READONLY, FAST), 1, 1, 1, c -> c.reply.bulk(c.getString(c.arg(1))));
        r.add("set", -3, flags(WRITE, DENYOOM), 1, 1, 1, StringCommands::set);
        r.add("setnx", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> {
            if (c.db().exists(c.arg(1), c.now)) {
                c.reply.integer(0);
            } else {
                c.db().set(c.arg(1), c.arg(2));
                c.reply.integer(1);
            }
        });
        r.add("setex", 4, flags(WRITE, DENYOOM), 1, 1, 1, c -> setWithTtl(c, 1000));
        r.add("psetex", 4, flags(WRITE, DENYOOM), 1, 1, 1, c -> setWithTtl(c, 1));
        r.add("getset", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> {
            byte[] old = c.getString(c.arg(1));
            c.db().set(c.arg(1), c.arg(2));
            c.reply.bulk(old);
        });
        r.add("getdel", 2, flags(WRITE, FAST), 1, 1, 1, c -> {
            byte[] old = c.getString(c.arg(1));
            if (old != null) {
                c.db().delete(c.arg(1), c.now);
            }
            c.reply.bulk(old);
        });
        r.add("getex", -2, flags(WRITE, FAST), 1, 1, 1, StringCommands::getex);
        r.add("mget", -2, flags(READONLY, FAST), 1, -1, 1, c -> {
            c.reply.array(c.argc() - 1);
            for (int i = 1; i < c.argc(); i++) {
                Object value = c.db().get(c.arg(i), c.now);
                c.reply.bulk(value instanceof byte[] bytes ? bytes : null);
            }
        });
        r.add("mset", -3, flags(WRITE, DENYOOM), 1, -1, 2, c -> {
            requirePairs(c);
            for (int i = 1; i < c.argc(); i += 2) {
                c.db().set(c.arg(i), c.arg(i + 1));
            }
            c.reply.ok();
        });
        r.add("msetnx", -3, flags(WRITE, DENYOOM), 1, -1, 2, c -> {
            requirePairs(c);
            for (int i = 1; i < c.argc(); i += 2) {
                if (c.db().exists(c.arg(i), c.now)) {
                    c.reply.integer(0);
                    return;
                }
            }
            for (int i = 1; i < c.argc(); i += 2) {
                c.db().set(c.arg(i), c.arg(i + 1));
            }
            c.reply.integer(1);
        });
        r.add("incr", 2, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> incrBy(c, 1));
        r.add("decr", 2, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> incrBy(c, -1));
        r.add("incrby", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> incrBy(c, c.argLong(2)));
        r.add("decrby", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> {
            long amount = c.argLong(2);
            if (amount == Long.MIN_VALUE) {
                throw new CommandException("ERR decrement would overflow");
            }
            incrBy(c, -amount);
        });
        r.add("incrbyfloat", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, StringCommands::incrByFloat);
        r.add("append", 3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, StringCommands::append);
        r.add("strlen", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            byte[] value = c.getString(c.arg(1));
            c.reply.integer(value == null ? 0 : value.length);
        });
        r.add("getrange", 4, flags(READONLY), 1, 1, 1, StringCommands::getrange);
        r.add("substr", 4, flags(READONLY), 1, 1, 1, StringCommands::getrange);
        r.add("setrange", 4, flags(WRITE, DENYOOM), 1, 1, 1, StringCommands::setrange);
    }

    private static void requirePairs(Context c) {
        if (c.argc() % 2 == 0) {
            throw new CommandException("ERR wrong number of arguments for '" + c.command.fullName() + "' command");
        }
    }

    // ---- SET and its expiry options -----------------------------------------------------------------------------

    private static final int NX = 1;
    private static final int XX = 2;
    private static final int GET = 4;
    private static final int KEEPTTL = 8;
    private static final int EX = 16;
    private static final int PX = 32;
    private static final int EXAT = 64;
    private static final int PXAT = 128;
    private static final int PERSIST = 256;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    /** Parsed SET/GETEX options: flags and the absolute expiry time (or -1). */
    private record Options(int flags, long expireAt) {
    }

    private static Options parseOptions(Context c, int from, boolean getex) {
        int flags = 0;
        byte[] expireArg = null;
        int expireKind = 0;
        for (int i = from; i < c.argc(); i++) {
            boolean next = i + 1 < c.argc();
            if (!getex && c.is(i, "nx") && (flags & XX) == 0) {
                flags |= NX;
            } else if (!getex && c.is(i, "xx") && (flags & NX) == 0) {
                flags |= XX;
            } else if (!getex && c.is(i, "get")) {
                flags |= GET;
            } else if (!getex && c.is(i, "keepttl") && (flags & (ANY_EXPIRE | PERSIST)) == 0) {
                flags |= KEEPTTL;
            } else if (getex && c.is(i, "persist") && (flags & (ANY_EXPIRE | KEEPTTL)) == 0) {
                flags |= PERSIST;
            } else if (next && (flags & (KEEPTTL | PERSIST)) == 0 && expireOption(c, i) != 0
                    && (flags & ANY_EXPIRE & ~expireOption(c, i)) == 0) {
                expireKind = expireOption(c, i);
                flags |= expireKind;
                expireArg = c.arg(++i);
            } else {
                throw CommandException.syntax();
            }
        }
        long expireAt = -1;
        if (expireArg != null) {
            long amount = Context.parseLong(expireArg, CommandException.NOT_INTEGER);
            String invalid = "ERR invalid expire time in '" + c.command.fullName() + "' command";
            if (amount <= 0) {
                throw new CommandException(invalid);
            }
            boolean seconds = expireKind == EX || expireKind == EXAT;
            if (seconds && amount > Long.MAX_VALUE / 1000) {
                throw new CommandException(invalid);
            }
            long millis = seconds ? amount * 1000 : amount;
            if (expireKind == EX || expireKind == PX) {
                if (millis > Long.MAX_VALUE - c.now) {
                    throw new CommandException(invalid);
                }
                millis += c.now;
            }
            expireAt = millis;
        }
        return new Options(flags, expireAt);
    }

    private static int expireOption(Context c, int i) {
        if (c.is(i, "ex")) {
            return EX;
        }
        if (c.is(i, "px")) {
            return PX;
        }
        if (c.is(i, "exat")) {
            return EXAT;
        }
        if (c.is(i, "pxat")) {
            return PXAT;
        }
        return 0;
    }

    private static void set(Context c) {
        Options options = parseOptions(c, 3, false);
        Database db = c.db();
        byte[] key = c.arg(1);
        byte[] old = null;
        if ((options.flags & GET) != 0) {
            old = c.getString(key);
        }
        boolean conditional = (options.flags & (NX | XX)) != 0;
        boolean exists = conditional && db.exists(key, c.now);
        if (conditional && (((options.flags & NX) != 0 && exists) || ((options.flags & XX) != 0 && !exists))) {
            if ((options.flags & GET) != 0) {
                c.reply.bulk(old);
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        if ((options.flags & KEEPTTL) != 0) {
            db.setKeepTtl(key, c.arg(2));
        } else {
            db.set(key, c.arg(2));
        }
        if (options.expireAt >= 0) {
            db.setExpireAt(key, options.expireAt, c.now);
        }
        if ((options.flags & GET) != 0) {
            c.reply.bulk(old);
        } else {
            c.reply.ok();
        }
    }

    private static void setWithTtl(Context c, long unit) {
        long amount = c.argLong(2);
        String invalid = "ERR invalid expire time in '" + c.command.fullName() + "' command";
        if (amount <= 0 || (unit == 1000 && amount > Long.MAX_VALUE / 1000)) {
            throw new CommandException(invalid);
        }
        long millis = amount * unit;
        if (millis > Long.MAX_VALUE - c.now) {
            throw new CommandException(invalid);
        }
        c.db().set(c.arg(1), c.arg(3));
        c.db().setExpireAt(c.arg(1), c.now + millis, c.now);
        c.reply.ok();
    }

    private static void getex(Context c) {
        Options options = parseOptions(c, 2, true);
        byte[] key = c.arg(1);
        byte[] value = c.getString(key);
        if (value != null) {
            if (options.expireAt >= 0) {
                c.db().setExpireAt(key, options.expireAt, c.now);
            } else if ((options.flags & PERSIST) != 0) {
                c.db().persist(key, c.now);
            }
        }
        c.reply.bulk(value);
    }

    // ---- Counters -----------------------------------------------------------------------------------------------

    private static void incrBy(Context c, long amount) {
        byte[] key = c.arg(1);
        byte[] current = c.getString(key);
        long value = 0;
        if (current != null) {
            Long parsed = Context.tryParseLong(current);
            if (parsed == null) {
                throw new CommandException(CommandException.NOT_INTEGER);
            }
            value = parsed;
        }
        long result;
        try {
            result = Math.addExact(value, amount);
        } catch (ArithmeticException e) {
            throw new CommandException(CommandException.OVERFLOW);
        }
        c.db().setKeepTtl(key, Long.toString(result).getBytes(StandardCharsets.US_ASCII));
        c.reply.integer(result);
    }

    private static void incrByFloat(Context c) {
        byte[] key = c.arg(1);
        byte[] current = c.getString(key);
        byte[] result = addLongDouble(current == null ? "0".getBytes(StandardCharsets.US_ASCII) : current,
                c.arg(2)).getBytes(StandardCharsets.US_ASCII);
        c.db().setKeepTtl(key, result);
        c.reply.bulk(result);
    }

    /**
     * INCRBYFLOAT's arithmetic: both operands read as Redis's string2ld reads them (strtold syntax, hex floats
     * included; infinities accepted but any infinite sum refused) and added as x87 long doubles.
     */
    private static String addLongDouble(byte[] current, byte[] increment) {
        LongDoubleParser.Value base = LongDoubleParser.parse(current);
        LongDoubleParser.Value step = base == null ? null : LongDoubleParser.parse(increment);
        if (base == null || step == null) {
            throw new CommandException(CommandException.NOT_FLOAT);
        }
        BigDecimal sum = base.isInfinite() || step.isInfinite() ? null
                : LongDouble.round(base.finite().add(step.finite()));
        if (sum == null) {
            throw new CommandException("ERR increment would produce NaN or Infinity");
        }
        return LongDouble.format(sum);
    }

    // ---- Byte ranges --------------------------------------------------------------------------------------------

    private static void append(Context c) {
        byte[] key = c.arg(1);
        byte[] current = c.getString(key);
        byte[] addition = c.arg(2);
        if (current == null) {
            c.db().set(key, addition);
            c.reply.integer(addition.length);
            return;
        }
        checkSize(c, (long) current.length + addition.length);
        byte[] joined = Arrays.copyOf(current, current.length + addition.length);
        System.arraycopy(addition, 0, joined, current.length, addition.length);
        c.db().setKeepTtl(key, joined);
        c.reply.integer(joined.length);
    }

    private static void checkSize(Context c, long size) {
        if (size > c.engine.settings().protoMaxBulkLen) {
            throw new CommandException("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
        }
    }

    private static void getrange(Context c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        byte[] value = c.getString(c.arg(1));
        if (value == null) {
            c.reply.bulk(new byte[0]);
            return;
        }
        long length = value.length;
        if (start < 0 && end < 0 && start > end) {
            c.reply.bulk(new byte[0]);
            return;
        }
        if (start < 0) {
            start = length + start;
        }
        if (end < 0) {
            end = length + end;
        }
        start = Math.max(0, start);
        end = Math.max(0, end);
        if (end >= length) {
            end = length - 1;
        }
        if (start > end || length == 0) {
            c.reply.bulk(new byte[0]);
            return;
        }
        c.reply.bulk(Arrays.copyOfRange(value, (int) start, (int) end + 1));
    }

    private static void setrange(Context c) {
        long offset = c.argLong(2);
        if (offset < 0) {
            throw new CommandException("ERR offset is out of range");
        }
        byte[] key = c.arg(1);
        byte[] patch = c.arg(3);
        byte[] current = c.getString(key);
        if (current == null) {
            if (patch.length == 0) {
                c.reply.integer(0);
                return;
            }
            checkSize(c, offset + patch.length);
            byte[] value = new byte[(int) offset + patch.length];
            System.arraycopy(patch, 0, value, (int) offset, patch.length);
            c.db().set(key, value);
            c.reply.integer(value.length);
            return;
        }
        if (patch.length == 0) {
            c.reply.integer(current.length);
            return;
        }
        checkSize(c, offset + patch.length);
        byte[] value = Arrays.copyOf(current, (int) Math.max(current.length, offset + patch.length));
        System.arraycopy(patch, 0, value, (int) offset, patch.length);
        c.db().setKeepTtl(key, value);
        c.reply.integer(value.length);
    }
}
