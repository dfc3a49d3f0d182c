package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.BLOCKING;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.data.RedisList;
import io.github.primkit.server.internal.engine.Blocking;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * List commands, the blocking ones included. Arguments are checked in Redis's order (which decides which error a
 * client sees when several apply), an emptied list is deleted, every change marks the key modified (WATCH) and
 * every push marks it ready so clients blocked on it are served after the command.
 *
 * <p>A blocking command that finds nothing blocks the client with a {@link Blocking.Waiter} that re-runs the
 * command's non-blocking part when one of its keys receives elements, as Redis re-executes it. Inside MULTI/EXEC
 * (and scripts) it answers as if its timeout had passed at once.
 */
final class ListCommands {
    private ListCommands() {
    }

    private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
    /** LREM's count and LPOS's RANK get negated, so valkey 8.0 refuses LONG_MIN with this (its wording). */
    private static final String OUT_OF_LONG_RANGE = "ERR value is out of range, value must between "
            + -Long.MAX_VALUE + " and " + Long.MAX_VALUE;

    static void register(Registry r) {
        r.add("lpush", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> push(c, true, false));
        r.add("rpush", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> push(c, false, false));
        r.add("lpushx", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> push(c, true, true));
        r.add("rpushx", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> push(c, false, true));
        r.add("lpop", -2, flags(WRITE, FAST), 1, 1, 1, c -> pop(c, true));
        r.add("rpop", -2, flags(WRITE, FAST), 1, 1, 1, c -> pop(c, false));
        r.add("llen", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisList list = c.getList(c.arg(1));
            c.reply.integer(list == null ? 0 : list.size());
        });
        r.add("lrange", 4, flags(READONLY), 1, 1, 1, ListCommands::lrange);
        r.add("lindex", 3, flags(READONLY), 1, 1, 1, ListCommands::lindex);
        r.add("lset", 4, flags(WRITE, DENYOOM), 1, 1, 1, ListCommands::lset);
        r.add("lrem", 4, flags(WRITE), 1, 1, 1, ListCommands::lrem);
        r.add("ltrim", 4, flags(WRITE), 1, 1, 1, ListCommands::ltrim);
        r.add("linsert", 5, flags(WRITE, DENYOOM), 1, 1, 1, ListCommands::linsert);
        r.add("lpos", -3, flags(READONLY), 1, 1, 1, ListCommands::lpos);
        r.add("lmove", 5, flags(WRITE, DENYOOM), 1, 2, 1,
                c -> move(c, c.arg(1), c.arg(2), isLeft(c, 3), isLeft(c, 4)));
        r.add("rpoplpush", 3, flags(WRITE, DENYOOM), 1, 2, 1, c -> move(c, c.arg(1), c.arg(2), false, true));
        r.add("lmpop", -4, flags(WRITE, MOVABLE_KEYS), 0, 0, 0, c -> lmpop(c, 1, false));
        r.add("blpop", -3, flags(WRITE, BLOCKING), 1, -2, 1, c -> blockingPop(c, true));
        r.add("brpop", -3, flags(WRITE, BLOCKING), 1, -2, 1, c -> blockingPop(c, false));
        r.add("blmove", 6, flags(WRITE, DENYOOM, BLOCKING), 1, 2, 1, c -> {
            boolean fromLeft = isLeft(c, 3);
            boolean toLeft = isLeft(c, 4);
            blockingMove(c, fromLeft, toLeft, 5);
        });
        r.add("brpoplpush", 4, flags(WRITE, DENYOOM, BLOCKING), 1, 2, 1, c -> blockingMove(c, false, true, 3));
        r.add("blmpop", -5, flags(WRITE, BLOCKING, MOVABLE_KEYS), 0, 0, 0, c -> lmpop(c, 2, true));
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    /** LEFT or RIGHT, or a syntax error. */
    private static boolean isLeft(Context c, int i) {
        if (c.is(i, "left")) {
            return true;
        }
        if (c.is(i, "right")) {
            return false;
        }
        throw CommandException.syntax();
    }

    /** A long argument, or {@code error} when it is not an integer or below {@code min}. */
    private static long argAtLeast(Context c, int i, long min, String error) {
        Long value = Context.tryParseLong(c.arg(i));
        if (value == null || value < min) {
            throw new CommandException(error);
        }
        return value;
    }

    /** After removing elements: deletes the key if its list is empty, else marks it modified. */
    private static void removed(Database db, byte[] key, RedisList list) {
        if (list.isEmpty()) {
            db.deleteEmptied(key);
        } else {
            db.modified(key);
        }
    }

    /** The list at {@code key}, created (and stored) if absent. The caller checked the type. */
    private static RedisList createIfAbsent(Database db, byte[] key, RedisList list) {
        if (list != null) {
            db.modified(key);
            return list;
        }
        RedisList created = new RedisList();
        db.add(key, created);
        return created;
    }

    /** Normalises a Redis range (negative indexes count from the end) to [start, end], or null when empty. */
    private static int[] range(long start, long end, int size) {
        if (start < 0) {
            start += size;
        }
        if (end < 0) {
            end += size;
        }
        if (start < 0) {
            start = 0;
        }
        if (start > end || start >= size) {
            return null;
        }
        if (end >= size) {
            end = size - 1;
        }
        return new int[] {(int) start, (int) end};
    }

    // ---- Pushes and pops -------------------------------------------------------------------------------------------

    private static void push(Context c, boolean left, boolean onlyIfExists) {
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null && onlyIfExists) {
            c.reply.integer(0);
            return;
        }
        list = createIfAbsent(db, key, list);
        for (int i = 2; i < c.argc(); i++) {
            if (left) {
                list.addFirst(c.arg(i));
            } else {
                list.addLast(c.arg(i));
            }
        }
        db.ready(key);
        c.reply.integer(list.size());
    }

    private static void pop(Context c, boolean left) {
        if (c.argc() > 3) {
            throw new CommandException("ERR wrong number of arguments for '" + c.command.fullName() + "' command");
        }
        boolean hasCount = c.argc() == 3;
        long count = hasCount ? argAtLeast(c, 2, 0, NOT_POSITIVE) : 1;
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null) {
            if (hasCount) {
                c.reply.nullArray();
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        if (!hasCount) {
            c.reply.bulk(left ? list.removeFirst() : list.removeLast());
        } else {
            int n = (int) Math.min(count, list.size());
            c.reply.array(n);
            for (int i = 0; i < n; i++) {
                c.reply.bulk(left ? list.removeFirst() : list.removeLast());
            }
            if (n == 0) {
                return; // LPOP key 0: nothing changed
            }
        }
        removed(c.db(), key, list);
    }

    /** LMOVE's work: pops from source, pushes to destination, replies the element (null if source is absent). */
    private static void move(Context c, byte[] source, byte[] destination, boolean fromLeft, boolean toLeft) {
        Database db = c.db();
        RedisList from = c.getList(source);
        if (from == null) {
            c.reply.nullBulk();
            return;
        }
        RedisList to = c.getList(destination);
        byte[] value = fromLeft ? from.removeFirst() : from.removeLast();
        to = createIfAbsent(db, destination, to);
        if (toLeft) {
            to.addFirst(value);
        } else {
            to.addLast(value);
        }
        db.ready(destination);
        removed(db, source, from);
        c.reply.bulk(value);
    }

    // ---- Reads and in-place changes ----------------------------------------------------------------------------

    private static void lrange(Context c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        RedisList list = c.getList(c.arg(1));
        int[] range = list == null ? null : range(start, end, list.size());
        if (range == null) {
            c.reply.array(0);
            return;
        }
        c.reply.array(range[1] - range[0] + 1);
        for (int i = range[0]; i <= range[1]; i++) {
            c.reply.bulk(list.get(i));
        }
    }

    private static void lindex(Context c) {
        RedisList list = c.getList(c.arg(1));
        if (list == null) {
            c.reply.nullBulk();
            return;
        }
        long index = c.argLong(2);
        if (index < 0) {
            index += list.size();
        }
        c.reply.bulk(index >= 0 && index < list.size() ? list.get((int) index) : null);
    }

    private static void lset(Context c) {
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null) {
            throw new CommandException(CommandException.NO_SUCH_KEY);
        }
        // Valkey 8.0 passes the index on as a C int, so it wraps to 32 bits (LSET k 4294967296 v sets element 0).
        int index = (int) c.argLong(2);
        if (index < 0) {
            index += list.size();
        }
        if (index < 0 || index >= list.size()) {
            throw new CommandException("ERR index out of range");
        }
        list.set(index, c.arg(3));
        c.db().modified(key);
        c.reply.ok();
    }

    private static void lrem(Context c) {
        long count = c.argLong(2);
        if (count == Long.MIN_VALUE) {
            throw new CommandException(OUT_OF_LONG_RANGE);
        }
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null) {
            c.reply.integer(0);
            return;
        }
        int n = list.remove(c.arg(3), count);
        if (n > 0) {
            removed(c.db(), key, list);
        }
        c.reply.integer(n);
    }

    private static void ltrim(Context c) {
        long start = c.argLong(2);
        long end = c.argLong(3);
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null) {
            c.reply.ok();
            return;
        }
        int[] range = range(start, end, list.size());
        if (range == null) {
            list.clear();
        } else {
            list.retain(range[0], range[1]);
        }
        removed(c.db(), key, list);
        c.reply.ok();
    }

    private static void linsert(Context c) {
        boolean after;
        if (c.is(2, "after")) {
            after = true;
        } else if (c.is(2, "before")) {
            after = false;
        } else {
            throw CommandException.syntax();
        }
        byte[] key = c.arg(1);
        RedisList list = c.getList(key);
        if (list == null) {
            c.reply.integer(0);
            return;
        }
        int pivot = list.indexOf(c.arg(3));
        if (pivot < 0) {
            c.reply.integer(-1);
            return;
        }
        list.insert(after ? pivot + 1 : pivot, c.arg(4));
        c.db().modified(key);
        c.db().ready(key);
        c.reply.integer(list.size());
    }

    private static void lpos(Context c) {
        long rank = 1;
        long count = -1; // -1: no COUNT option
        long maxlen = 0; // 0: no limit
        for (int i = 3; i < c.argc(); i++) {
            boolean more = i + 1 < c.argc();
            if (more && c.is(i, "rank")) {
                rank = c.argLong(++i);
                if (rank == Long.MIN_VALUE) {
                    throw new CommandException(OUT_OF_LONG_RANGE);
                }
                if (rank == 0) {
                    throw new CommandException("ERR RANK can't be zero: use 1 to start from the first match, "
                            + "2 from the second ... or use negative to start from the end of the list");
                }
            } else if (more && c.is(i, "count")) {
                count = argAtLeast(c, ++i, 0, "ERR COUNT can't be negative");
            } else if (more && c.is(i, "maxlen")) {
                maxlen = argAtLeast(c, ++i, 0, "ERR MAXLEN can't be negative");
            } else {
                throw CommandException.syntax();
            }
        }
        RedisList list = c.getList(c.arg(1));
        if (list == null) {
            if (count != -1) {
                c.reply.array(0);
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        boolean fromTail = rank < 0;
        long skip = Math.abs(rank) - 1; // matches to pass over before the first reported one
        byte[] element = c.arg(2);
        int size = list.size();
        List<Long> found = new ArrayList<>();
        long matches = 0;
        for (int scanned = 0; scanned < size && (maxlen == 0 || scanned < maxlen); scanned++) {
            int index = fromTail ? size - 1 - scanned : scanned;
            if (!Arrays.equals(list.get(index), element) || matches++ < skip) {
                continue;
            }
            if (count == -1) {
                c.reply.integer(index);
                return;
            }
            found.add((long) index);
            if (count != 0 && found.size() >= count) {
                break;
            }
        }
        if (count == -1) {
            c.reply.nullBulk();
            return;
        }
        c.reply.array(found.size());
        found.forEach(c.reply::integer);
    }

    // ---- LMPOP and the blocking commands -----------------------------------------------------------------------

    /** Pops from the first key holding a non-empty list; false (nothing written) if every key is absent. */
    private static boolean popFirst(Context c, byte[][] keys, boolean left, long count, boolean nested) {
        for (byte[] key : keys) {
            RedisList list = c.getList(key);
            if (list == null) {
                continue;
            }
            c.reply.array(2);
            c.reply.bulk(key);
            if (nested) {
                int n = (int) Math.min(count, list.size());
                c.reply.array(n);
                for (int i = 0; i < n; i++) {
                    c.reply.bulk(left ? list.removeFirst() : list.removeLast());
                }
            } else {
                c.reply.bulk(left ? list.removeFirst() : list.removeLast());
            }
            removed(c.db(), key, list);
            return true;
        }
        return false;
    }

    private static byte[][] keys(Context c, int from, int to) {
        return Arrays.copyOfRange(c.args, from, to);
    }

    private static void blockingPop(Context c, boolean left) {
        long timeout = c.argTimeoutSeconds(c.argc() - 1);
        byte[][] keys = keys(c, 1, c.argc() - 1);
        if (popFirst(c, keys, left, 1, false)) {
            return;
        }
        if (c.atomic) {
            c.reply.nullArray();
            return;
        }
        c.block(keys, timeout, new ListWaiter(keys, ctx -> popFirst(ctx, keys, left, 1, false)));
    }

    private static void blockingMove(Context c, boolean fromLeft, boolean toLeft, int timeoutIndex) {
        long timeout = c.argTimeoutSeconds(timeoutIndex);
        byte[] source = c.arg(1);
        byte[] destination = c.arg(2);
        if (c.getList(source) != null) {
            move(c, source, destination, fromLeft, toLeft);
            return;
        }
        if (c.atomic) {
            c.reply.nullBulk();
            return;
        }
        byte[][] keys = {source};
        c.block(keys, timeout, new ListWaiter(keys, ctx -> {
            move(ctx, source, destination, fromLeft, toLeft);
            return true;
        }));
    }

    /** LMPOP numkeys key... LEFT|RIGHT [COUNT n] and BLMPOP timeout numkeys ..., numkeys at {@code numkeysIndex}. */
    private static void lmpop(Context c, int numkeysIndex, boolean blocking) {
        long numkeys = argAtLeast(c, numkeysIndex, 1, "ERR numkeys should be greater than 0");
        if (numkeys > c.argc() - numkeysIndex - 2) {
            throw CommandException.syntax();
        }
        int whereIndex = numkeysIndex + (int) numkeys + 1;
        boolean left = isLeft(c, whereIndex);
        long count = -1;
        for (int i = whereIndex + 1; i < c.argc(); i++) {
            if (count == -1 && c.is(i, "count") && i + 1 < c.argc()) {
                count = argAtLeast(c, ++i, 1, "ERR count should be greater than 0");
            } else {
                throw CommandException.syntax();
            }
        }
        long n = count == -1 ? 1 : count;
        byte[][] keys = keys(c, numkeysIndex + 1, whereIndex);
        if (!blocking) {
            if (!popFirst(c, keys, left, n, true)) {
                c.reply.nullArray();
            }
            return;
        }
        long timeout = c.argTimeoutSeconds(1);
        if (popFirst(c, keys, left, n, true)) {
            return;
        }
        if (c.atomic) {
            c.reply.nullArray();
            return;
        }
        c.block(keys, timeout, new ListWaiter(keys, ctx -> popFirst(ctx, keys, left, n, true)));
    }

    /**
     * A client blocked on list keys. It is served when one of its keys holds a list again: then the command's
     * non-blocking part runs as Redis re-runs it (so it may also answer WRONGTYPE, e.g. BLMOVE to a string).
     */
    private static final class ListWaiter implements Blocking.Waiter {
        private final byte[][] keys;
        private final Predicate<Context> serve;

        ListWaiter(byte[][] keys, Predicate<Context> serve) {
            this.keys = keys;
            this.serve = serve;
        }

        @Override
        public boolean tryServe(Context context) {
            for (byte[] key : keys) {
                if (context.db().get(key, context.now) instanceof RedisList) {
                    return serve.test(context);
                }
            }
            return false; // absent, or another type (RENAME can bring one): stay blocked, as Redis does
        }

        @Override
        public void timeout(Reply reply) {
            reply.nullArray();
        }
    }
}
