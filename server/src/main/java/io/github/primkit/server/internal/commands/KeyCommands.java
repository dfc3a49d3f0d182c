package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Glob;
import java.util.ArrayList;
import java.util.List;

/** Generic key commands: DEL, EXISTS, TYPE, EXPIRE and friends, TTL, RENAME, COPY, KEYS, SCAN, RANDOMKEY. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void register(Registry r) {
        r.add("del", -2, flags(WRITE), 1, -1, 1, KeyCommands::del);
        r.add("unlink", -2, flags(WRITE, FAST), 1, -1, 1, KeyCommands::del);
        r.add("exists", -2, flags(READONLY, FAST), 1, -1, 1, KeyCommands::countExisting);
        r.add("touch", -2, flags(READONLY, FAST), 1, -1, 1, KeyCommands::countExisting);
        r.add("type", 2, flags(READONLY, FAST), 1, 1, 1,
                c -> c.reply.simple(Values.typeName(c.db().get(c.arg(1), c.now))));
        r.add("expire", -3, flags(WRITE, FAST), 1, 1, 1, c -> expire(c, c.now, 1000));
        r.add("pexpire", -3, flags(WRITE, FAST), 1, 1, 1, c -> expire(c, c.now, 1));
        r.add("expireat", -3, flags(WRITE, FAST), 1, 1, 1, c -> expire(c, 0, 1000));
        r.add("pexpireat", -3, flags(WRITE, FAST), 1, 1, 1, c -> expire(c, 0, 1));
        r.add("ttl", 2, flags(READONLY, FAST), 1, 1, 1, c -> ttl(c, false, false));
        r.add("pttl", 2, flags(READONLY, FAST), 1, 1, 1, c -> ttl(c, true, false));
        r.add("expiretime", 2, flags(READONLY, FAST), 1, 1, 1, c -> ttl(c, false, true));
        r.add("pexpiretime", 2, flags(READONLY, FAST), 1, 1, 1, c -> ttl(c, true, true));
        r.add("persist", 2, flags(WRITE, FAST), 1, 1, 1, c -> c.reply.integer(c.db().persist(c.arg(1), c.now) ? 1 : 0));
        r.add("rename", 3, flags(WRITE), 1, 2, 1, c -> rename(c, false));
        r.add("renamenx", 3, flags(WRITE, FAST), 1, 2, 1, c -> rename(c, true));
        r.add("copy", -3, flags(WRITE), 1, 2, 1, KeyCommands::copy);
        r.add("keys", 2, flags(READONLY), KeyCommands::keys);
        r.add("scan", -2, flags(READONLY), KeyCommands::scan);
        r.add("randomkey", 1, flags(READONLY), c -> c.reply.bulk(c.db().randomKey(c.engine.random(), c.now)));
    }

    /** EXISTS and TOUCH: how many of the keys exist (a key named twice counts twice). */
    private static void countExisting(Context c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.db().exists(c.arg(i), c.now)) {
                n++;
            }
        }
        c.reply.integer(n);
    }

    private static void del(Context c) {
        long n = 0;
        for (int i = 1; i < c.argc(); i++) {
            if (c.db().delete(c.arg(i), c.now)) {
                n++;
            }
        }
        c.reply.integer(n);
    }

    /** EXPIRE/PEXPIRE (base = now) and EXPIREAT/PEXPIREAT (base = 0), with NX | XX | GT | LT. */
    private static void expire(Context c, long base, long unit) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "nx")) {
                nx = true;
            } else if (c.is(i, "xx")) {
                xx = true;
            } else if (c.is(i, "gt")) {
                gt = true;
            } else if (c.is(i, "lt")) {
                lt = true;
            } else {
                throw new CommandException("ERR Unsupported option " + c.argString(i));
            }
        }
        if (nx && (xx || gt || lt)) {
            throw new CommandException("ERR NX and XX, GT or LT options at the same time are not compatible");
        }
        if (gt && lt) {
            throw new CommandException("ERR GT and LT options at the same time are not compatible");
        }
        long amount = c.argLong(2);
        long when;
        try {
            when = Math.addExact(Math.multiplyExact(amount, unit), base);
        } catch (ArithmeticException e) {
            throw invalidExpire(c);
        }
        Database db = c.db();
        byte[] key = c.arg(1);
        if (!db.exists(key, c.now)) {
            c.reply.integer(0);
            return;
        }
        long current = db.expireAt(key);
        boolean hasTtl = current >= 0;
        if ((nx && hasTtl) || (xx && !hasTtl) || (gt && (!hasTtl || when <= current))
                || (lt && hasTtl && when >= current)) {
            c.reply.integer(0);
            return;
        }
        db.setExpireAt(key, when, c.now);
        c.reply.integer(1);
    }

    private static CommandException invalidExpire(Context c) {
        return new CommandException("ERR invalid expire time in '" + c.command.fullName() + "' command");
    }

    private static void ttl(Context c, boolean millis, boolean absolute) {
        Database db = c.db();
        byte[] key = c.arg(1);
        if (!db.exists(key, c.now)) {
            c.reply.integer(-2);
            return;
        }
        long at = db.expireAt(key);
        if (at < 0) {
            c.reply.integer(-1);
        } else if (absolute) {
            c.reply.integer(millis ? at : (at + 500) / 1000); // rounded, as Redis does for EXPIRETIME too
        } else {
            long remaining = Math.max(0, at - c.now);
            c.reply.integer(millis ? remaining : (remaining + 500) / 1000);
        }
    }

    private static void rename(Context c, boolean nx) {
        Database db = c.db();
        byte[] from = c.arg(1);
        byte[] to = c.arg(2);
        Object value = db.get(from, c.now);
        if (value == null) {
            throw new CommandException(CommandException.NO_SUCH_KEY);
        }
        if (java.util.Arrays.equals(from, to)) {
            if (nx) {
                c.reply.integer(0);
            } else {
                c.reply.ok();
            }
            return;
        }
        if (nx && db.exists(to, c.now)) {
            c.reply.integer(0);
            return;
        }
        long expireAt = db.expireAt(from);
        db.delete(from, c.now);
        db.delete(to, c.now);
        db.add(to, value);
        if (expireAt >= 0) {
            db.setExpireAt(to, expireAt, c.now);
        }
        db.ready(to);
        if (nx) {
            c.reply.integer(1);
        } else {
            c.reply.ok();
        }
    }

    private static void copy(Context c) {
        int targetDb = c.client.db();
        boolean replace = false;
        for (int i = 3; i < c.argc(); i++) {
            if (c.is(i, "replace")) {
                replace = true;
            } else if (c.is(i, "db") && i + 1 < c.argc()) {
                long db = c.argLong(++i);
                if (db < 0 || db >= c.engine.databaseCount()) {
                    throw new CommandException("ERR DB index is out of range");
                }
                targetDb = (int) db;
            } else {
                throw CommandException.syntax();
            }
        }
        byte[] from = c.arg(1);
        byte[] to = c.arg(2);
        if (targetDb == c.client.db() && java.util.Arrays.equals(from, to)) {
            throw new CommandException("ERR source and destination objects are the same");
        }
        Database source = c.db();
        Database target = c.engine.database(targetDb);
        Object value = source.get(from, c.now);
        if (value == null) {
            c.reply.integer(0);
            return;
        }
        if (target.exists(to, c.now)) {
            if (!replace) {
                c.reply.integer(0);
                return;
            }
            target.delete(to, c.now);
        }
        long expireAt = source.expireAt(from);
        target.add(to, Values.copy(value));
        if (expireAt >= 0) {
            target.setExpireAt(to, expireAt, c.now);
        }
        target.ready(to);
        c.reply.integer(1);
    }

    private static void keys(Context c) {
        byte[] pattern = c.arg(1);
        boolean all = pattern.length == 1 && pattern[0] == '*';
        List<byte[]> found = new ArrayList<>();
        for (byte[] key : c.db().keys()) {
            if ((all || Glob.matches(pattern, key, false)) && c.db().exists(key, c.now)) {
                found.add(key);
            }
        }
        c.reply.array(found.size());
        found.forEach(c.reply::bulk);
    }

    private static void scan(Context c) {
        Long cursor = parseCursor(c.arg(1));
        if (cursor == null) {
            throw new CommandException("ERR invalid cursor");
        }
        ScanOptions options = ScanOptions.parse(c, 2, true);
        List<byte[]> found = new ArrayList<>();
        long next = c.db().scan(cursor, options.count, c.now, (key, value) -> {
            if (options.matches(key) && (options.type == null || options.type.equals(Values.typeName(value)))) {
                found.add(key);
            }
        });
        c.reply.array(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.array(found.size());
        found.forEach(c.reply::bulk);
    }

    /** An unsigned 64-bit cursor, as Redis parses it. */
    static Long parseCursor(byte[] text) {
        if (text.length == 0 || text.length > 20) {
            return null;
        }
        for (byte b : text) {
            if (b < '0' || b > '9') {
                return null;
            }
        }
        try {
            return Long.parseUnsignedLong(new String(text, java.nio.charset.StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** MATCH, COUNT (and TYPE for SCAN) options shared by SCAN, HSCAN, SSCAN, ZSCAN. */
    static final class ScanOptions {
        byte[] pattern;
        int count = 10;
        String type;

        static ScanOptions parse(Context c, int from, boolean allowType) {
            ScanOptions options = new ScanOptions();
            for (int i = from; i < c.argc(); i += 2) {
                if (i + 1 >= c.argc()) {
                    throw CommandException.syntax();
                }
                if (c.is(i, "count")) {
                    long count = c.argLong(i + 1);
                    if (count < 1) {
                        throw CommandException.syntax();
                    }
                    options.count = (int) Math.min(count, Integer.MAX_VALUE);
                } else if (c.is(i, "match")) {
                    options.pattern = c.arg(i + 1);
                } else if (allowType && c.is(i, "type")) {
                    options.type = c.argString(i + 1).toLowerCase(java.util.Locale.ROOT);
                } else {
                    throw CommandException.syntax();
                }
            }
            return options;
        }

        boolean matches(byte[] key) {
            return pattern == null || (pattern.length == 1 && pattern[0] == '*') || Glob.matches(pattern, key, false);
        }
    }
}
