package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.RedisSet;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Set commands: SADD and friends, SPOP/SRANDMEMBER, SMOVE, the SINTER/SUNION/SDIFF algebra, SINTERCARD, SSCAN. */
final class SetCommands {
    private SetCommands() {
    }

    static void register(Registry r) {
        r.add("sadd", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, SetCommands::sadd);
        r.add("srem", -3, flags(WRITE, FAST), 1, 1, 1, SetCommands::srem);
        r.add("sismember", 3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisSet set = c.getSet(c.arg(1));
            c.reply.integer(set != null && set.contains(c.arg(2)) ? 1 : 0);
        });
        r.add("smismember", -3, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisSet set = c.getSet(c.arg(1));
            c.reply.array(c.argc() - 2);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.integer(set != null && set.contains(c.arg(i)) ? 1 : 0);
            }
        });
        r.add("smembers", 2, flags(READONLY), 1, 1, 1, c -> replySet(c, c.getSet(c.arg(1))));
        r.add("scard", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisSet set = c.getSet(c.arg(1));
            c.reply.integer(set == null ? 0 : set.size());
        });
        r.add("spop", -2, flags(WRITE, FAST), 1, 1, 1, SetCommands::spop);
        r.add("srandmember", -2, flags(READONLY), 1, 1, 1, SetCommands::srandmember);
        r.add("smove", 4, flags(WRITE, FAST), 1, 2, 1, SetCommands::smove);
        r.add("sinter", -2, flags(READONLY), 1, -1, 1, c -> {
            // Redis answers while it walks the smallest set, so the reply follows that set's order
            List<byte[]> members = inter(sets(c, 1, c.argc()), 0);
            c.reply.set(members.size());
            members.forEach(c.reply::bulk);
        });
        r.add("sunion", -2, flags(READONLY), 1, -1, 1, c -> replySet(c, union(sets(c, 1, c.argc()))));
        r.add("sdiff", -2, flags(READONLY), 1, -1, 1, c -> replySet(c, diff(sets(c, 1, c.argc()))));
        r.add("sinterstore", -3, flags(WRITE, DENYOOM), 1, -1, 1,
                c -> store(c, toSet(inter(sets(c, 2, c.argc()), 0))));
        r.add("sunionstore", -3, flags(WRITE, DENYOOM), 1, -1, 1, c -> store(c, union(sets(c, 2, c.argc()))));
        r.add("sdiffstore", -3, flags(WRITE, DENYOOM), 1, -1, 1, c -> store(c, diff(sets(c, 2, c.argc()))));
        // The keys' positions depend on numkeys: COMMAND INFO reports 0 0 0 and movablekeys, as Redis does.
        r.add("sintercard", -3, flags(READONLY, MOVABLE_KEYS), SetCommands::sintercard);
        r.add("sscan", -3, flags(READONLY), 1, 1, 1, SetCommands::sscan);
    }

    /** A set reply (RESP3 {@code ~}): the members of {@code set}, or nothing when it is null. */
    private static void replySet(Context c, RedisSet set) {
        if (set == null) {
            c.reply.set(0);
            return;
        }
        c.reply.set(set.size());
        set.forEach(c.reply::bulk);
    }

    private static void sadd(Context c) {
        byte[] key = c.arg(1);
        RedisSet existing = c.getSet(key);
        RedisSet set = existing == null ? RedisSet.create(c.arg(2), c.argc() - 2) : existing;
        long added = 0;
        for (int i = 2; i < c.argc(); i++) {
            if (set.add(c.arg(i))) {
                added++;
            }
        }
        if (existing == null) {
            c.db().add(key, set);
        } else if (added > 0) {
            c.db().modified(key);
        }
        c.reply.integer(added);
    }

    private static void srem(Context c) {
        byte[] key = c.arg(1);
        RedisSet set = c.getSet(key);
        long removed = 0;
        if (set != null) {
            for (int i = 2; i < c.argc() && set.size() > 0; i++) {
                if (set.remove(c.arg(i))) {
                    removed++;
                }
            }
            removedFrom(c, key, set, removed);
        }
        c.reply.integer(removed);
    }

    /** After members left {@code set}: deletes the key if it is empty, else records the change if there was one. */
    private static void removedFrom(Context c, byte[] key, RedisSet set, long removed) {
        if (set.size() == 0) {
            c.db().deleteEmptied(key);
        } else if (removed > 0) {
            c.db().modified(key);
        }
    }

    // ---- SPOP, SRANDMEMBER --------------------------------------------------------------------------------------

    private static void spop(Context c) {
        byte[] key = c.arg(1);
        if (c.argc() == 2) {
            RedisSet set = c.getSet(key);
            if (set == null) {
                c.reply.nullBulk();
                return;
            }
            byte[] member = set.members.uniformRandomKey(c.engine.random());
            set.remove(member);
            removedFrom(c, key, set, 1);
            c.reply.bulk(member);
            return;
        }
        if (c.argc() > 3) {
            throw CommandException.syntax();
        }
        Long count = Context.tryParseLong(c.arg(2));
        if (count == null || count < 0) {
            throw new CommandException("ERR value is out of range, must be positive");
        }
        RedisSet set = c.getSet(key);
        if (set == null || count == 0) {
            c.reply.set(0);
            return;
        }
        int size = set.size();
        if (count >= size) {
            replySet(c, set);
            c.db().deleteEmptied(key);
            return;
        }
        List<byte[]> popped = set.members.randomDistinctKeys(c.engine.random(), (int) (long) count);
        for (byte[] member : popped) {
            set.remove(member);
        }
        // Redis rebuilds a hash-table set from the members it keeps when it pops most of them (at least 5 times as
        // many as it keeps): the rebuilt set takes the encoding its size calls for.
        if (!set.compact() && (long) set.size() * 5 <= count) {
            set.reencode();
        }
        c.db().modified(key);
        c.reply.set(popped.size());
        popped.forEach(c.reply::bulk);
    }

    private static void srandmember(Context c) {
        byte[] key = c.arg(1);
        if (c.argc() == 2) {
            RedisSet set = c.getSet(key);
            c.reply.bulk(set == null ? null : set.members.uniformRandomKey(c.engine.random()));
            return;
        }
        if (c.argc() > 3) {
            throw CommandException.syntax();
        }
        long count = AggregateSupport.parseCount(c, 2);
        RedisSet set = c.getSet(key);
        if (set == null || count == 0) {
            c.reply.array(0);
            return;
        }
        if (count < 0) {
            int picks = AggregateSupport.repeatedPicks(count, 1);
            c.reply.array(picks);
            for (int i = 0; i < picks; i++) {
                c.reply.bulk(set.members.uniformRandomKey(c.engine.random()));
            }
            return;
        }
        List<byte[]> members;
        if (count >= set.size()) {
            members = new ArrayList<>(set.size()); // the whole set, in its order, as Redis answers
            set.forEach(members::add);
        } else {
            // a listpack answers its sample in listpack order, as Redis does
            members = set.inListpackOrder(set.members.randomDistinctKeys(c.engine.random(), (int) count));
        }
        c.reply.array(members.size());
        members.forEach(c.reply::bulk);
    }

    // ---- SMOVE --------------------------------------------------------------------------------------------------

    private static void smove(Context c) {
        byte[] source = c.arg(1);
        byte[] destination = c.arg(2);
        byte[] member = c.arg(3);
        RedisSet from = c.getSet(source);
        if (from == null) {
            c.reply.integer(0); // Redis answers before looking at the destination's type
            return;
        }
        RedisSet to = c.getSet(destination);
        if (from == to) {
            c.reply.integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            c.reply.integer(0);
            return;
        }
        removedFrom(c, source, from, 1);
        if (to == null) {
            to = RedisSet.create(member, 1);
            to.add(member);
            c.db().add(destination, to);
        } else if (to.add(member)) {
            c.db().modified(destination);
        }
        c.reply.integer(1);
    }

    // ---- SINTER, SUNION, SDIFF and their STORE and CARD forms ---------------------------------------------------

    /** The sets at keys {@code from..to-1}, null for missing keys; WRONGTYPE if any key holds another type. */
    private static RedisSet[] sets(Context c, int from, int to) {
        RedisSet[] sets = new RedisSet[to - from];
        for (int i = from; i < to; i++) {
            sets[i - from] = c.getSet(c.arg(i));
        }
        return sets;
    }

    /**
     * The intersection in the smallest set's order (empty if a key is missing), stopping at {@code limit} members when
     * limit is positive.
     */
    private static List<byte[]> inter(RedisSet[] sets, long limit) {
        List<byte[]> result = new ArrayList<>();
        for (RedisSet set : sets) {
            if (set == null) {
                return result;
            }
        }
        RedisSet[] bySize = sets.clone();
        Arrays.sort(bySize, Comparator.comparingInt(RedisSet::size));
        List<byte[]> candidates = new ArrayList<>(bySize[0].size());
        bySize[0].forEach(candidates::add);
        for (byte[] member : candidates) {
            if (limit > 0 && result.size() >= limit) {
                break;
            }
            boolean inAll = true;
            for (int i = 1; i < bySize.length && inAll; i++) {
                inAll = bySize[i].contains(member);
            }
            if (inAll) {
                result.add(member);
            }
        }
        return result;
    }

    /** A set built by adding {@code members} in order, as Redis builds a STORE destination. */
    private static RedisSet toSet(List<byte[]> members) {
        RedisSet set = new RedisSet();
        members.forEach(set::add);
        return set;
    }

    private static RedisSet union(RedisSet[] sets) {
        RedisSet result = new RedisSet();
        for (RedisSet set : sets) {
            if (set != null) {
                set.forEach(result::add);
            }
        }
        return result;
    }

    /** The members of the first set in none of the others (empty if the first key is missing). */
    private static RedisSet diff(RedisSet[] sets) {
        RedisSet result = new RedisSet();
        if (sets[0] == null) {
            return result;
        }
        sets[0].forEach(member -> {
            for (int i = 1; i < sets.length; i++) {
                if (sets[i] != null && sets[i].contains(member)) {
                    return;
                }
            }
            result.add(member);
        });
        return result;
    }

    /** The STORE forms: the result replaces the destination (any type, its TTL dropped); empty deletes it. */
    private static void store(Context c, RedisSet result) {
        byte[] destination = c.arg(1);
        c.db().delete(destination, c.now);
        if (result.size() > 0) {
            c.db().add(destination, result);
        }
        c.reply.integer(result.size());
    }

    private static void sintercard(Context c) {
        Long numKeys = Context.tryParseLong(c.arg(1));
        if (numKeys == null || numKeys < 1) {
            throw new CommandException("ERR numkeys should be greater than 0");
        }
        if (numKeys > c.argc() - 2) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        }
        int keysEnd = 2 + (int) (long) numKeys;
        long limit = 0;
        for (int i = keysEnd; i < c.argc(); i++) {
            if (c.is(i, "limit") && i + 1 < c.argc()) {
                Long parsed = Context.tryParseLong(c.arg(++i));
                if (parsed == null || parsed < 0) {
                    throw new CommandException("ERR LIMIT can't be negative");
                }
                limit = parsed;
            } else {
                throw CommandException.syntax();
            }
        }
        c.reply.integer(inter(sets(c, 2, keysEnd), limit).size());
    }

    // ---- SSCAN --------------------------------------------------------------------------------------------------

    private static void sscan(Context c) {
        Long cursor = KeyCommands.parseCursor(c.arg(2));
        if (cursor == null) {
            throw new CommandException("ERR invalid cursor");
        }
        RedisSet set = c.getSet(c.arg(1));
        if (set == null) {
            AggregateSupport.emptyScan(c);
            return;
        }
        KeyCommands.ScanOptions options = KeyCommands.ScanOptions.parse(c, 3, false);
        List<byte[]> found = new ArrayList<>();
        long next = 0;
        if (set.compact()) {
            // An intset or listpack is returned whole, whatever the cursor and COUNT, as Redis does.
            set.forEach(member -> {
                if (options.matches(member)) {
                    found.add(member);
                }
            });
        } else {
            next = set.members.scan(cursor, options.count, (member, unused) -> {
                if (options.matches(member)) {
                    found.add(member);
                }
            });
        }
        c.reply.array(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.array(found.size());
        found.forEach(c.reply::bulk);
    }
}
