package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.BLOCKING;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.data.RedisSet;
import io.github.primkit.server.internal.data.RedisZSet;
import io.github.primkit.server.internal.data.ScoreMap;
import io.github.primkit.server.internal.data.ZSetTree;
import io.github.primkit.server.internal.engine.Blocking;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.protocol.Doubles;
import io.github.primkit.server.internal.protocol.Reply;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Sorted-set commands. Arguments are checked in Redis's order (it decides which error a client sees when several
 * apply: ZADD parses every score before it looks at the key's type, the range commands parse the range first), an
 * emptied set is deleted, every change marks the key modified (WATCH), and every new key is marked ready so clients
 * blocked in BZPOPMIN/BZPOPMAX/BZMPOP are served after the command. Scores are replied with Redis's double
 * formatting: bulk strings in RESP2, doubles in RESP3; WITHSCORES pairs are flat in RESP2 and nested in RESP3.
 */
final class SortedSetCommands {
    private SortedSetCommands() {
    }

    private static final String NAN_RESULT = "ERR resulting score is not a number (NaN)";

    static void register(Registry r) {
        r.add("zadd", -4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> zadd(c, c.args, false));
        r.add("zincrby", 4, flags(WRITE, DENYOOM, FAST), 1, 1, 1, c -> zadd(c, c.args, true));
        r.add("zscore", 3, flags(READONLY, FAST), 1, 1, 1, SortedSetCommands::zscore);
        r.add("zmscore", -3, flags(READONLY, FAST), 1, 1, 1, SortedSetCommands::zmscore);
        r.add("zcard", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisZSet zset = getZSet(c, c.arg(1));
            c.reply.integer(zset == null ? 0 : zset.size());
        });
        r.add("zcount", 4, flags(READONLY, FAST), 1, 1, 1, SortedSetCommands::zcount);
        r.add("zlexcount", 4, flags(READONLY, FAST), 1, 1, 1, SortedSetCommands::zlexcount);
        r.add("zrank", -3, flags(READONLY, FAST), 1, 1, 1, c -> zrank(c, false));
        r.add("zrevrank", -3, flags(READONLY, FAST), 1, 1, 1, c -> zrank(c, true));
        r.add("zrange", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, AUTO, null));
        r.add("zrangestore", -5, flags(WRITE, DENYOOM), 1, 2, 1, c -> zrange(c, 2, true, AUTO, null));
        r.add("zrevrange", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, RANK, true));
        r.add("zrangebyscore", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, SCORE, false));
        r.add("zrevrangebyscore", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, SCORE, true));
        r.add("zrangebylex", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, LEX, false));
        r.add("zrevrangebylex", -4, flags(READONLY), 1, 1, 1, c -> zrange(c, 1, false, LEX, true));
        r.add("zrem", -3, flags(WRITE, FAST), 1, 1, 1, SortedSetCommands::zrem);
        r.add("zremrangebyrank", 4, flags(WRITE), 1, 1, 1, c -> zremrange(c, RANK));
        r.add("zremrangebyscore", 4, flags(WRITE), 1, 1, 1, c -> zremrange(c, SCORE));
        r.add("zremrangebylex", 4, flags(WRITE), 1, 1, 1, c -> zremrange(c, LEX));
        r.add("zpopmin", -2, flags(WRITE, FAST), 1, 1, 1, c -> zpop(c, true));
        r.add("zpopmax", -2, flags(WRITE, FAST), 1, 1, 1, c -> zpop(c, false));
        r.add("zmpop", -4, flags(WRITE, MOVABLE_KEYS), 0, 0, 0, c -> zmpop(c, 1, false));
        r.add("bzpopmin", -3, flags(WRITE, FAST, BLOCKING), 1, -2, 1, c -> bzpop(c, true));
        r.add("bzpopmax", -3, flags(WRITE, FAST, BLOCKING), 1, -2, 1, c -> bzpop(c, false));
        r.add("bzmpop", -5, flags(WRITE, BLOCKING, MOVABLE_KEYS), 0, 0, 0, c -> zmpop(c, 2, true));
        r.add("zrandmember", -2, flags(READONLY), 1, 1, 1, SortedSetCommands::zrandmember);
        r.add("zunion", -3, flags(READONLY, MOVABLE_KEYS), 0, 0, 0, c -> setOp(c, null, 1, UNION, false));
        r.add("zinter", -3, flags(READONLY, MOVABLE_KEYS), 0, 0, 0, c -> setOp(c, null, 1, INTER, false));
        r.add("zdiff", -3, flags(READONLY, MOVABLE_KEYS), 0, 0, 0, c -> setOp(c, null, 1, DIFF, false));
        r.add("zintercard", -3, flags(READONLY, MOVABLE_KEYS), 0, 0, 0, c -> setOp(c, null, 1, INTER, true));
        r.add("zunionstore", -4, flags(WRITE, DENYOOM, MOVABLE_KEYS), 1, 1, 1,
                c -> setOp(c, c.arg(1), 2, UNION, false));
        r.add("zinterstore", -4, flags(WRITE, DENYOOM, MOVABLE_KEYS), 1, 1, 1,
                c -> setOp(c, c.arg(1), 2, INTER, false));
        r.add("zdiffstore", -4, flags(WRITE, DENYOOM, MOVABLE_KEYS), 1, 1, 1,
                c -> setOp(c, c.arg(1), 2, DIFF, false));
        r.add("zscan", -3, flags(READONLY), 1, 1, 1, SortedSetCommands::zscan);
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    /** The sorted set at {@code key}, null when absent, WRONGTYPE when the key holds another type. */
    static RedisZSet getZSet(Context c, byte[] key) {
        Object value = c.db().get(key, c.now);
        if (value == null || value instanceof RedisZSet) {
            return (RedisZSet) value;
        }
        throw CommandException.wrongType();
    }

    /** After members left {@code zset}: deletes the key if it is empty, else records the change if there was one. */
    static void removedFrom(Context c, byte[] key, RedisZSet zset, long removed) {
        if (zset.size() == 0) {
            c.db().deleteEmptied(key);
        } else if (removed > 0) {
            c.db().modified(key);
        }
    }

    /** Replaces {@code destination} (any type, its TTL dropped) with {@code result}; an empty result deletes it. */
    static void storeResult(Context c, byte[] destination, RedisZSet result) {
        Database db = c.db();
        db.delete(destination, c.now);
        if (result.size() > 0) {
            db.add(destination, result);
            db.ready(destination);
        }
        c.reply.integer(result.size());
    }

    /** A score reply element: member, then its score when asked, nested as a pair in RESP3. */
    private static void element(Context c, byte[] member, double score, boolean withScores) {
        if (withScores && c.reply.protocol() > 2) {
            c.reply.array(2);
        }
        c.reply.bulk(member);
        if (withScores) {
            c.reply.doubleValue(score);
        }
    }

    /** The array header for {@code n} elements with or without scores. */
    private static void elementsHeader(Context c, int n, boolean withScores) {
        c.reply.array(withScores && c.reply.protocol() == 2 ? n * 2 : n);
    }

    // ---- ZADD, ZINCRBY ---------------------------------------------------------------------------------------------

    /** Whether {@code arg} equals {@code word} (lower case), ignoring ASCII case. */
    private static boolean is(byte[] arg, String word) {
        if (arg.length != word.length()) {
            return false;
        }
        for (int j = 0; j < arg.length; j++) {
            int ch = arg[j];
            if (ch >= 'A' && ch <= 'Z') {
                ch += 32;
            }
            if (ch != word.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** ZADD and ZINCRBY, and GEOADD with its encoded scores: {@code args} is a ZADD command line. */
    static void zadd(Context c, byte[][] args, boolean incrCommand) {
        boolean nx = false;
        boolean xx = false;
        boolean gt = false;
        boolean lt = false;
        boolean ch = false;
        boolean incr = incrCommand;
        int scoreIndex = 2;
        for (; scoreIndex < args.length; scoreIndex++) {
            if (is(args[scoreIndex], "nx")) {
                nx = true;
            } else if (is(args[scoreIndex], "xx")) {
                xx = true;
            } else if (is(args[scoreIndex], "ch")) {
                ch = true;
            } else if (is(args[scoreIndex], "incr")) {
                incr = true;
            } else if (is(args[scoreIndex], "gt")) {
                gt = true;
            } else if (is(args[scoreIndex], "lt")) {
                lt = true;
            } else {
                break;
            }
        }
        int elements = args.length - scoreIndex;
        if (elements % 2 != 0 || elements == 0) {
            throw CommandException.syntax();
        }
        elements /= 2;
        if (nx && xx) {
            throw new CommandException("ERR XX and NX options at the same time are not compatible");
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            throw new CommandException("ERR GT, LT, and/or NX options at the same time are not compatible");
        }
        if (incr && elements > 1) {
            throw new CommandException("ERR INCR option supports a single increment-element pair");
        }
        double[] scores = new double[elements];
        long longest = 0;
        for (int j = 0; j < elements; j++) {
            Double score = ZRanges.parseScore(args[scoreIndex + j * 2]);
            if (score == null) {
                throw new CommandException(CommandException.NOT_FLOAT);
            }
            scores[j] = score;
            longest = Math.max(longest, args[scoreIndex + j * 2 + 1].length);
        }
        byte[] key = args[1];
        RedisZSet zset = getZSet(c, key);
        long added = 0;
        long updated = 0;
        long processed = 0;
        double result = 0;
        if (zset == null && !xx) {
            zset = RedisZSet.create(elements, longest);
            c.db().add(key, zset);
            c.db().ready(key);
        }
        if (zset != null) {
            try {
                for (int j = 0; j < elements; j++) {
                    byte[] member = args[scoreIndex + j * 2 + 1];
                    double score = scores[j];
                    double current = zset.score(member);
                    if (!Double.isNaN(current)) {
                        if (nx) {
                            continue;
                        }
                        if (incr) {
                            score += current;
                            if (Double.isNaN(score)) {
                                throw new CommandException(NAN_RESULT);
                            }
                        }
                        if ((lt && score >= current) || (gt && score <= current)) {
                            continue;
                        }
                        processed++;
                        result = score;
                        if (score != current) {
                            zset.update(member, current, score);
                            updated++;
                        }
                    } else if (!xx) {
                        zset.add(member, score);
                        added++;
                        processed++;
                        result = score;
                    }
                }
            } finally {
                if (added + updated > 0) {
                    c.db().modified(key);
                }
            }
        }
        if (incr) {
            if (processed > 0) {
                c.reply.doubleValue(result);
            } else {
                c.reply.nullBulk();
            }
        } else {
            c.reply.integer(ch ? added + updated : added);
        }
    }

    // ---- Point reads -----------------------------------------------------------------------------------------------

    private static void zscore(Context c) {
        RedisZSet zset = getZSet(c, c.arg(1));
        double score = zset == null ? Double.NaN : zset.score(c.arg(2));
        if (Double.isNaN(score)) {
            c.reply.nullBulk();
        } else {
            c.reply.doubleValue(score);
        }
    }

    private static void zmscore(Context c) {
        RedisZSet zset = getZSet(c, c.arg(1));
        c.reply.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            double score = zset == null ? Double.NaN : zset.score(c.arg(i));
            if (Double.isNaN(score)) {
                c.reply.nullBulk();
            } else {
                c.reply.doubleValue(score);
            }
        }
    }

    private static void zrank(Context c, boolean reverse) {
        if (c.argc() > 4) {
            throw new CommandException("ERR wrong number of arguments for '" + c.command.fullName() + "' command");
        }
        boolean withScore = false;
        if (c.argc() == 4) {
            if (!c.is(3, "withscore")) {
                throw CommandException.syntax();
            }
            withScore = true;
        }
        RedisZSet zset = getZSet(c, c.arg(1));
        double score = zset == null ? Double.NaN : zset.score(c.arg(2));
        if (Double.isNaN(score)) {
            if (withScore) {
                c.reply.nullArray();
            } else {
                c.reply.nullBulk();
            }
            return;
        }
        int rank = zset.rank(c.arg(2), score);
        if (withScore) {
            c.reply.array(2);
        }
        c.reply.integer(reverse ? zset.size() - 1 - rank : rank);
        if (withScore) {
            c.reply.doubleValue(score);
        }
    }

    private static void zcount(Context c) {
        ZRanges.ScoreRange range = ZRanges.scoreRange(c.arg(2), c.arg(3));
        RedisZSet zset = getZSet(c, c.arg(1));
        int[] ranks = zset == null ? null : ZRanges.resolve(zset, range);
        c.reply.integer(ranks == null ? 0 : ranks[1] - ranks[0]);
    }

    private static void zlexcount(Context c) {
        ZRanges.LexRange range = ZRanges.lexRange(c.arg(2), c.arg(3));
        RedisZSet zset = getZSet(c, c.arg(1));
        int[] ranks = zset == null ? null : ZRanges.resolve(zset, range, false);
        c.reply.integer(ranks == null ? 0 : ranks[1] - ranks[0]);
    }

    // ---- ZRANGE and its variants -----------------------------------------------------------------------------------

    private static final int AUTO = 0;
    private static final int RANK = 1;
    private static final int SCORE = 2;
    private static final int LEX = 3;

    /**
     * ZRANGE, ZRANGESTORE and the older range commands: the source key at {@code keyIndex}, min and max after it.
     * {@code type} AUTO and {@code reverse} null let BYSCORE/BYLEX and REV choose.
     */
    private static void zrange(Context c, int keyIndex, boolean store, int type, Boolean reverse) {
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        int rangeType = type;
        Boolean direction = reverse;
        for (int j = keyIndex + 3; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (!store && c.is(j, "withscores")) {
                withScores = true;
            } else if (c.is(j, "limit") && left >= 2) {
                offset = c.argLong(j + 1);
                limit = c.argLong(j + 2);
                j += 2;
            } else if (direction == null && c.is(j, "rev")) {
                direction = true;
            } else if (rangeType == AUTO && c.is(j, "bylex")) {
                rangeType = LEX;
            } else if (rangeType == AUTO && c.is(j, "byscore")) {
                rangeType = SCORE;
            } else {
                throw CommandException.syntax();
            }
        }
        boolean rev = direction != null && direction;
        if (rangeType == AUTO) {
            rangeType = RANK;
        }
        if (limit != -1 && rangeType == RANK) {
            throw new CommandException(
                    "ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
        }
        if (withScores && rangeType == LEX) {
            throw new CommandException("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
        }
        int minIndex = keyIndex + 1;
        int maxIndex = keyIndex + 2;
        if (rev && rangeType != RANK) {
            minIndex = keyIndex + 2;
            maxIndex = keyIndex + 1;
        }
        long start = 0;
        long end = 0;
        ZRanges.ScoreRange scoreRange = null;
        ZRanges.LexRange lexRange = null;
        if (rangeType == RANK) {
            start = c.argLong(minIndex);
            end = c.argLong(maxIndex);
        } else if (rangeType == SCORE) {
            scoreRange = ZRanges.scoreRange(c.arg(minIndex), c.arg(maxIndex));
        } else {
            lexRange = ZRanges.lexRange(c.arg(minIndex), c.arg(maxIndex));
        }
        RedisZSet zset = getZSet(c, c.arg(keyIndex));
        // The run to emit: {first rank, count}, walked upwards or (rev) downwards from the first rank.
        int first = 0;
        int count = 0;
        if (zset != null) {
            int size = zset.size();
            if (rangeType == RANK) {
                if (start < 0) {
                    start += size;
                }
                if (end < 0) {
                    end += size;
                }
                if (start < 0) {
                    start = 0;
                }
                if (start <= end && start < size) {
                    if (end >= size) {
                        end = size - 1;
                    }
                    count = (int) (end - start + 1);
                    first = rev ? (int) (size - 1 - start) : (int) start;
                }
            } else if (rangeType == LEX) {
                // Redis finds the first member in range, skips OFFSET members without looking at them, then takes
                // members while they are in range: with mixed scores the skipped ones may be out of range.
                int[] ranks = ZRanges.resolve(zset, lexRange, rev);
                if (ranks != null && offset >= 0) {
                    long position = rev ? ranks[1] - 1 - offset : ranks[0] + offset;
                    if (position >= 0 && position < size) {
                        first = (int) position;
                        long max = limit < 0 ? Long.MAX_VALUE : limit;
                        ZSetTree.Cursor cursor = zset.at(first);
                        while (count < max && cursor.valid()
                                && (rev ? lexRange.gteMin(cursor.member()) : lexRange.lteMax(cursor.member()))) {
                            count++;
                            if (rev) {
                                cursor.prev();
                            } else {
                                cursor.next();
                            }
                        }
                    }
                }
            } else {
                int[] ranks = ZRanges.resolve(zset, scoreRange);
                if (ranks != null && offset >= 0) {
                    long available = ranks[1] - ranks[0] - offset;
                    if (available > 0) {
                        count = (int) (limit < 0 ? available : Math.min(available, limit));
                        first = (int) (rev ? ranks[1] - 1 - offset : ranks[0] + offset);
                    }
                }
            }
        }
        if (store) {
            RedisZSet result = RedisZSet.create(count, 0);
            if (count > 0) {
                ZSetTree.Cursor cursor = zset.at(first);
                for (int i = 0; i < count; i++) {
                    result.add(cursor.member(), cursor.score());
                    if (rev) {
                        cursor.prev();
                    } else {
                        cursor.next();
                    }
                }
            }
            storeResult(c, c.arg(1), result);
            return;
        }
        elementsHeader(c, count, withScores);
        if (count > 0) {
            ZSetTree.Cursor cursor = zset.at(first);
            for (int i = 0; i < count; i++) {
                element(c, cursor.member(), cursor.score(), withScores);
                if (rev) {
                    cursor.prev();
                } else {
                    cursor.next();
                }
            }
        }
    }

    // ---- Removal ---------------------------------------------------------------------------------------------------

    private static void zrem(Context c) {
        byte[] key = c.arg(1);
        RedisZSet zset = getZSet(c, key);
        long removed = 0;
        if (zset != null) {
            for (int i = 2; i < c.argc() && zset.size() > 0; i++) {
                if (zset.remove(c.arg(i))) {
                    removed++;
                }
            }
            removedFrom(c, key, zset, removed);
        }
        c.reply.integer(removed);
    }

    private static void zremrange(Context c, int type) {
        long start = 0;
        long end = 0;
        ZRanges.ScoreRange scoreRange = null;
        ZRanges.LexRange lexRange = null;
        if (type == RANK) {
            start = c.argLong(2);
            end = c.argLong(3);
        } else if (type == SCORE) {
            scoreRange = ZRanges.scoreRange(c.arg(2), c.arg(3));
        } else {
            lexRange = ZRanges.lexRange(c.arg(2), c.arg(3));
        }
        byte[] key = c.arg(1);
        RedisZSet zset = getZSet(c, key);
        if (zset == null) {
            c.reply.integer(0);
            return;
        }
        int from;
        int to;
        if (type == RANK) {
            int size = zset.size();
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
                c.reply.integer(0);
                return;
            }
            if (end >= size) {
                end = size - 1;
            }
            from = (int) start;
            to = (int) end + 1;
        } else {
            int[] ranks = type == SCORE ? ZRanges.resolve(zset, scoreRange) : ZRanges.resolve(zset, lexRange, false);
            if (ranks == null) {
                c.reply.integer(0);
                return;
            }
            from = ranks[0];
            to = ranks[1];
        }
        List<byte[]> doomed = new ArrayList<>(to - from);
        ZSetTree.Cursor cursor = zset.at(from);
        for (int i = from; i < to; i++) {
            doomed.add(cursor.member());
            cursor.next();
        }
        for (byte[] member : doomed) {
            zset.remove(member);
        }
        removedFrom(c, key, zset, doomed.size());
        c.reply.integer(doomed.size());
    }

    // ---- Pops ------------------------------------------------------------------------------------------------------

    private static void zpop(Context c, boolean min) {
        if (c.argc() > 3) {
            throw CommandException.syntax();
        }
        long count = -1;
        if (c.argc() == 3) {
            Long parsed = Context.tryParseLong(c.arg(2));
            if (parsed == null || parsed < 0) {
                throw new CommandException("ERR value is out of range, must be positive");
            }
            count = parsed;
        }
        boolean nested = c.reply.protocol() > 2 && count != -1;
        genericPop(c, new byte[][] {c.arg(1)}, min, false, count, nested, false);
    }

    /**
     * Redis's genericZpopCommand: pops from the first key holding a sorted set (WRONGTYPE if a key before it holds
     * another type). Returns false without replying when no key holds a set and {@code onlyIfFound} is set.
     */
    private static boolean genericPop(Context c, byte[][] keys, boolean min, boolean emitKey, long count,
            boolean nested, boolean nullWhenEmpty) {
        byte[] key = null;
        RedisZSet zset = null;
        for (byte[] k : keys) {
            zset = getZSet(c, k);
            if (zset != null) {
                key = k;
                break;
            }
        }
        if (zset == null) {
            if (nullWhenEmpty) {
                c.reply.nullArray();
            } else {
                c.reply.array(0);
            }
            return false;
        }
        if (count == 0) {
            c.reply.array(0);
            return true;
        }
        long n = count == -1 ? 1 : count;
        int popped = (int) Math.min(n, zset.size());
        if (!nested && !emitKey) {
            c.reply.array(popped * 2);
        } else if (nested && !emitKey) {
            c.reply.array(popped);
        } else if (!nested) {
            c.reply.array(popped * 2 + 1);
            c.reply.bulk(key);
        } else {
            c.reply.array(2);
            c.reply.bulk(key);
            c.reply.array(popped);
        }
        ZSetTree tree = zset.tree();
        for (int i = 0; i < popped; i++) {
            byte[] member = min ? tree.firstMember() : tree.lastMember();
            double score = min ? tree.firstScore() : tree.lastScore();
            zset.remove(member);
            if (nested) {
                c.reply.array(2);
            }
            c.reply.bulk(member);
            c.reply.doubleValue(score);
        }
        removedFrom(c, key, zset, popped);
        return true;
    }

    private static void bzpop(Context c, boolean min) {
        long timeout = c.argTimeoutSeconds(c.argc() - 1);
        byte[][] keys = Arrays.copyOfRange(c.args, 1, c.argc() - 1);
        blockingPop(c, keys, min, -1, false, timeout);
    }

    /** BZPOPMIN/BZPOPMAX/BZMPOP: pops now if a key holds a set, else blocks (or answers null inside MULTI). */
    private static void blockingPop(Context c, byte[][] keys, boolean min, long count, boolean nested, long timeout) {
        if (popIfAny(c, keys, min, count, nested)) {
            return;
        }
        if (c.atomic) {
            c.reply.nullArray();
            return;
        }
        c.block(keys, timeout, new ZSetWaiter(keys, ctx -> popIfAny(ctx, keys, min, count, nested)));
    }

    /** Pops with the key in the reply if one of the keys holds a sorted set; false (nothing written) otherwise. */
    private static boolean popIfAny(Context c, byte[][] keys, boolean min, long count, boolean nested) {
        for (byte[] key : keys) {
            if (getZSet(c, key) != null) {
                return genericPop(c, keys, min, true, count, nested, true);
            }
        }
        return false;
    }

    /** ZMPOP numkeys key... MIN|MAX [COUNT n] and BZMPOP timeout numkeys ..., numkeys at {@code numkeysIndex}. */
    private static void zmpop(Context c, int numkeysIndex, boolean blocking) {
        Long numkeys = Context.tryParseLong(c.arg(numkeysIndex));
        if (numkeys == null || numkeys < 1) {
            throw new CommandException("ERR numkeys should be greater than 0");
        }
        long whereIndex = numkeysIndex + numkeys + 1;
        if (whereIndex >= c.argc()) {
            throw CommandException.syntax();
        }
        boolean min;
        if (c.is((int) whereIndex, "min")) {
            min = true;
        } else if (c.is((int) whereIndex, "max")) {
            min = false;
        } else {
            throw CommandException.syntax();
        }
        long count = -1;
        for (int j = (int) whereIndex + 1; j < c.argc(); j++) {
            if (count == -1 && c.is(j, "count") && j + 1 < c.argc()) {
                Long parsed = Context.tryParseLong(c.arg(++j));
                if (parsed == null || parsed < 1) {
                    throw new CommandException("ERR count should be greater than 0");
                }
                count = parsed;
            } else {
                throw CommandException.syntax();
            }
        }
        if (count == -1) {
            count = 1;
        }
        byte[][] keys = Arrays.copyOfRange(c.args, numkeysIndex + 1, (int) whereIndex);
        if (!blocking) {
            genericPop(c, keys, min, true, count, true, true);
            return;
        }
        long timeout = c.argTimeoutSeconds(1);
        blockingPop(c, keys, min, count, true, timeout);
    }

    /**
     * A client blocked on sorted-set keys. It is served when one of its keys holds a sorted set again: then the
     * command's non-blocking part runs as Redis re-runs it (so it may answer WRONGTYPE for an earlier key).
     */
    private static final class ZSetWaiter implements Blocking.Waiter {
        private final byte[][] keys;
        private final Predicate<Context> serve;

        ZSetWaiter(byte[][] keys, Predicate<Context> serve) {
            this.keys = keys;
            this.serve = serve;
        }

        @Override
        public boolean tryServe(Context context) {
            for (byte[] key : keys) {
                if (context.db().get(key, context.now) instanceof RedisZSet) {
                    return serve.test(context);
                }
            }
            return false;
        }

        @Override
        public void timeout(Reply reply) {
            reply.nullArray();
        }
    }

    // ---- ZRANDMEMBER -----------------------------------------------------------------------------------------------

    private static void zrandmember(Context c) {
        byte[] key = c.arg(1);
        if (c.argc() == 2) {
            RedisZSet zset = getZSet(c, key);
            c.reply.bulk(zset == null ? null : zset.randomMember(c.engine.random()));
            return;
        }
        long count = AggregateSupport.parseCount(c, 2);
        boolean withScores = false;
        if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, "withscores"))) {
            throw CommandException.syntax();
        } else if (c.argc() == 4) {
            withScores = true;
            if (count < -Long.MAX_VALUE / 2 || count > Long.MAX_VALUE / 2) {
                throw new CommandException("ERR value is out of range");
            }
        }
        RedisZSet zset = getZSet(c, key);
        if (zset == null || count == 0) {
            c.reply.array(0);
            return;
        }
        int size = zset.size();
        if (count < 0 || count == 1) {
            int picks = count == 1 ? 1 : AggregateSupport.repeatedPicks(count, withScores ? 2 : 1);
            elementsHeader(c, picks, withScores);
            for (int i = 0; i < picks; i++) {
                byte[] member = zset.randomMember(c.engine.random());
                element(c, member, zset.score(member), withScores);
            }
            return;
        }
        if (count >= size) {
            // The whole set, walked from the top as Redis's zuiInitIterator walks a sorted set.
            elementsHeader(c, size, withScores);
            for (ZSetTree.Cursor cursor = zset.at(size - 1); cursor.valid(); cursor.prev()) {
                element(c, cursor.member(), cursor.score(), withScores);
            }
            return;
        }
        // Distinct picks, uniformly: few of many by drawing ranks and dropping repeats, else a partial shuffle.
        int n = (int) count;
        java.util.Random random = c.engine.random();
        int[] picked = new int[n];
        if (n * 3L <= size) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int i = 0; i < n; ) {
                int rank = random.nextInt(size);
                if (seen.add(rank)) {
                    picked[i++] = rank;
                }
            }
        } else {
            int[] ranks = new int[size];
            for (int i = 0; i < size; i++) {
                ranks[i] = i;
            }
            for (int i = 0; i < n; i++) {
                int j = i + random.nextInt(size - i);
                picked[i] = ranks[j];
                ranks[j] = ranks[i];
            }
        }
        elementsHeader(c, n, withScores);
        for (int rank : picked) {
            ZSetTree.Cursor cursor = zset.at(rank);
            element(c, cursor.member(), cursor.score(), withScores);
        }
    }

    // ---- ZUNION, ZINTER, ZDIFF, ZINTERCARD and the STORE forms ---------------------------------------------------

    private static final int UNION = 0;
    private static final int INTER = 1;
    private static final int DIFF = 2;

    private static final int SUM = 0;
    private static final int MIN = 1;
    private static final int MAX = 2;

    /** One input: a sorted set, a set (every member scoring 1), or nothing; with its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) {
            this.value = value;
        }

        int size() {
            if (value instanceof RedisZSet zset) {
                return zset.size();
            }
            return value instanceof RedisSet set ? set.size() : 0;
        }

        /** The member's score in this input, NaN when absent. */
        double score(byte[] member) {
            if (value instanceof RedisZSet zset) {
                return zset.score(member);
            }
            return value instanceof RedisSet set && set.contains(member) ? 1.0 : Double.NaN;
        }

        void forEach(ScoreMap.EntryConsumer action) {
            if (value instanceof RedisZSet zset) {
                if (zset.size() > 0) {
                    // From the top, as Redis's zuiInitIterator walks a sorted set.
                    for (ZSetTree.Cursor c = zset.at(zset.size() - 1); c.valid(); c.prev()) {
                        action.accept(c.member(), c.score());
                    }
                }
            } else if (value instanceof RedisSet set) {
                set.members.forEach((member, unused) -> action.accept(member, 1.0));
            }
        }
    }

    private static double aggregate(int how, double target, double value) {
        switch (how) {
            case SUM -> {
                double sum = target + value;
                return Double.isNaN(sum) ? 0.0 : sum;
            }
            case MIN -> {
                return value < target ? value : target;
            }
            default -> {
                return value > target ? value : target;
            }
        }
    }

    private static void setOp(Context c, byte[] destination, int numkeysIndex, int op, boolean cardinalityOnly) {
        long setnum = c.argLong(numkeysIndex);
        if (setnum < 1) {
            throw new CommandException("ERR at least 1 input key is needed for '" + c.command.fullName()
                    + "' command");
        }
        if (setnum > c.argc() - (numkeysIndex + 1)) {
            throw CommandException.syntax();
        }
        int n = (int) setnum;
        Source[] sources = new Source[n];
        int j = numkeysIndex + 1;
        for (int i = 0; i < n; i++, j++) {
            Object value = c.db().get(c.arg(j), c.now);
            if (value != null && !(value instanceof RedisZSet) && !(value instanceof RedisSet)) {
                throw CommandException.wrongType();
            }
            sources[i] = new Source(value);
        }
        int how = SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = c.argc() - j;
        while (remaining > 0) {
            if (op != DIFF && !cardinalityOnly && remaining >= n + 1 && c.is(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < n; i++, j++, remaining--) {
                    Double weight = ZRanges.parseScore(c.arg(j));
                    if (weight == null) {
                        throw new CommandException("ERR weight value is not a float");
                    }
                    sources[i].weight = weight;
                }
            } else if (op != DIFF && !cardinalityOnly && remaining >= 2 && c.is(j, "aggregate")) {
                j++;
                if (c.is(j, "sum")) {
                    how = SUM;
                } else if (c.is(j, "min")) {
                    how = MIN;
                } else if (c.is(j, "max")) {
                    how = MAX;
                } else {
                    throw CommandException.syntax();
                }
                j++;
                remaining -= 2;
            } else if (destination == null && !cardinalityOnly && c.is(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardinalityOnly && remaining >= 2 && c.is(j, "limit")) {
                Long parsed = Context.tryParseLong(c.arg(j + 1));
                if (parsed == null || parsed < 0) {
                    throw new CommandException("ERR LIMIT can't be negative");
                }
                limit = parsed;
                j += 2;
                remaining -= 2;
            } else {
                throw CommandException.syntax();
            }
        }
        if (op != DIFF) {
            // Smallest input first (a stable sort, as glibc's qsort merge sort is): inter walks the smallest.
            Arrays.sort(sources, Comparator.comparingInt(Source::size));
        }
        RedisZSet result = RedisZSet.create(Long.MAX_VALUE, 0); // built as a skip list, as Redis builds it
        long cardinality = 0;
        if (op == INTER) {
            if (sources[0].size() > 0) {
                List<byte[]> members = new ArrayList<>();
                List<Double> scores = new ArrayList<>();
                sources[0].forEach((member, score) -> {
                    members.add(member);
                    scores.add(score);
                });
                for (int m = 0; m < members.size(); m++) {
                    byte[] member = members.get(m);
                    double score = sources[0].weight * scores.get(m);
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    boolean inAll = true;
                    for (int s = 1; s < n && inAll; s++) {
                        double other = sources[s].score(member);
                        if (Double.isNaN(other)) {
                            inAll = false;
                        } else {
                            score = aggregate(how, score, other * sources[s].weight);
                        }
                    }
                    if (!inAll) {
                        continue;
                    }
                    if (cardinalityOnly) {
                        cardinality++;
                        if (limit > 0 && cardinality >= limit) {
                            break;
                        }
                    } else {
                        result.add(member, score);
                    }
                }
            }
        } else if (op == UNION) {
            ScoreMap accumulator = new ScoreMap(16);
            List<byte[]> order = new ArrayList<>();
            for (Source source : sources) {
                final int aggregate = how;
                source.forEach((member, value) -> {
                    double score = source.weight * value;
                    if (Double.isNaN(score)) {
                        score = 0;
                    }
                    double existing = accumulator.get(member);
                    if (Double.isNaN(existing)) {
                        accumulator.put(member, score);
                        order.add(member);
                    } else {
                        accumulator.put(member, aggregate(aggregate, existing, score));
                    }
                });
            }
            for (byte[] member : order) {
                result.add(member, accumulator.get(member));
            }
        } else {
            sources[0].forEach((member, score) -> {
                for (int s = 1; s < n; s++) {
                    if (!Double.isNaN(sources[s].score(member))) {
                        return;
                    }
                }
                result.add(member, score);
            });
        }
        if (cardinalityOnly) {
            c.reply.integer(cardinality);
            return;
        }
        if (destination != null) {
            result.convertToListpackIfSmall();
            storeResult(c, destination, result);
            return;
        }
        elementsHeader(c, result.size(), withScores);
        if (result.size() > 0) {
            for (ZSetTree.Cursor cursor = result.at(0); cursor.valid(); cursor.next()) {
                element(c, cursor.member(), cursor.score(), withScores);
            }
        }
    }

    // ---- ZSCAN -----------------------------------------------------------------------------------------------------

    private static void zscan(Context c) {
        Long cursor = KeyCommands.parseCursor(c.arg(2));
        if (cursor == null) {
            throw new CommandException("ERR invalid cursor");
        }
        RedisZSet zset = getZSet(c, c.arg(1));
        if (zset == null) {
            AggregateSupport.emptyScan(c);
            return;
        }
        KeyCommands.ScanOptions options = KeyCommands.ScanOptions.parse(c, 3, false);
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        long next = 0;
        if (zset.listpack()) {
            // A listpack is returned whole, in order, whatever the cursor and COUNT, as Redis does.
            for (ZSetTree.Cursor it = zset.at(0); it.valid(); it.next()) {
                if (options.matches(it.member())) {
                    members.add(it.member());
                    scores.add(it.score());
                }
            }
        } else {
            next = zset.scan(cursor, options.count, (member, score) -> {
                if (options.matches(member)) {
                    members.add(member);
                    scores.add(score);
                }
            });
        }
        c.reply.array(2);
        c.reply.bulk(Long.toUnsignedString(next));
        c.reply.array(members.size() * 2);
        for (int i = 0; i < members.size(); i++) {
            c.reply.bulk(members.get(i));
            // A listpack holds scores as Redis's shortest text; a skip list's dict is printed with %.17g.
            c.reply.bulk(zset.listpack() ? Doubles.format(scores.get(i)) : Doubles.formatG17(scores.get(i)));
        }
    }
}
