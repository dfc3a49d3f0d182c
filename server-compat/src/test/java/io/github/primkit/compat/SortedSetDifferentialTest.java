package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sorted-set commands, edge cases and errors, against the reference, in RESP2 and (where shapes differ) RESP3. */
class SortedSetDifferentialTest extends DifferentialTest {
    private static final String[] SCORES = {"1", "-1", "0", "-0", "1.5", "0.1", "1e3", "1E-3", "+2", "inf", "-inf",
        "+inf", "Infinity", "-infinity", "nan", "NaN", "", " 1", "1 ", "1e400", "-1e400", "1e-400", "1e-310", "0x10",
        "0x1p3", "0x", "1.", ".5", ".", "1e", "1e+", "abc", "1abc", "9007199254740993", "123456789012345678",
        "1e20", "-1.7976931348623157e308", "(1", "[1"};

    @Test
    void zaddParsesScoresAsRedis() throws IOException {
        int i = 0;
        for (String score : SCORES) {
            same("ZADD", "z", score, "m" + i++);
        }
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        for (int j = 0; j < i; j++) {
            same("ZSCORE", "z", "m" + j);
        }
        resp3();
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same("ZSCORE", "z", "m3");
        same("ZSCORE", "z", "m9");
        same("ZSCORE", "z", "nope");
    }

    @Test
    void zaddOptions() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same("ZADD", "z", "NX", "5", "a", "4", "d");
        same("ZADD", "z", "XX", "5", "a", "4", "e");
        same("ZADD", "z", "XX", "CH", "6", "a", "4", "e");
        same("ZADD", "z", "CH", "6", "a", "7", "b", "8", "f");
        same("ZADD", "z", "GT", "CH", "1", "a", "10", "b", "1", "g");
        same("ZADD", "z", "LT", "CH", "100", "a", "1", "b");
        same("ZADD", "z", "XX", "GT", "CH", "50", "a", "50", "zz");
        same("ZADD", "z", "XX", "LT", "CH", "0", "a");
        same("ZADD", "z", "INCR", "2.5", "a");
        same("ZADD", "z", "INCR", "2.5", "new");
        same("ZADD", "z", "NX", "INCR", "2.5", "a");
        same("ZADD", "z", "XX", "INCR", "2.5", "nothere");
        same("ZADD", "z", "GT", "INCR", "-1", "a");
        same("ZADD", "z", "LT", "INCR", "-1", "a");
        same("ZADD", "z", "INCR", "inf", "a");
        same("ZADD", "z", "INCR", "-inf", "a");
        same("ZADD", "z", "INCR", "1", "a", "2", "b");
        same("ZADD", "z", "NX", "XX", "1", "a");
        same("ZADD", "z", "NX", "GT", "1", "a");
        same("ZADD", "z", "NX", "LT", "1", "a");
        same("ZADD", "z", "GT", "LT", "1", "a");
        same("ZADD", "z", "1");
        same("ZADD", "z", "1", "a", "2");
        same("ZADD", "z", "NX");
        same("ZADD", "z", "nx", "xx", "gt", "lt", "ch", "incr");
        same("ZADD", "z", "1", "a", "x", "b");
        same("ZADD", "z", "bogus", "1", "a");
        same("ZADD", "z", "CH", "ch", "1", "a");
        same("ZADD", "nokey", "XX", "1", "a");
        same("ZADD", "nokey", "XX", "INCR", "1", "a");
        same("EXISTS", "nokey");
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same("ZINCRBY", "z", "1.5", "a");
        same("ZINCRBY", "z", "1.5", "fresh");
        same("ZINCRBY", "z", "x", "a");
        same("ZINCRBY", "z", "nx", "a");
        same("ZINCRBY", "z", "-inf", "b");
        same("ZINCRBY", "z", "inf", "b");
        same("ZINCRBY", "z", "1", "b");
        same("ZINCRBY", "z2", "0x10", "m");
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        resp3();
        same("ZADD", "z", "INCR", "1", "a");
        same("ZINCRBY", "z", "0.1", "a");
        same("ZADD", "z", "XX", "INCR", "2.5", "nothere");
    }

    @Test
    void negativeZeroDependsOnTheEncoding() throws IOException {
        same("ZADD", "small", "-0", "a");
        same("ZSCORE", "small", "a");
        same("ZADD", "small", "INCR", "-0", "b");
        same("ZSCORE", "small", "b");
        List<Object> big = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 130; i++) {
            big.add(Integer.toString(i));
            big.add("m" + i);
        }
        same(big.toArray());
        same("ZADD", "big", "-0", "z");
        same("ZSCORE", "big", "z");
        same("ZADD", "big", "0", "z");
        same("ZSCORE", "big", "z");
        same("ZUNIONSTORE", "u", "1", "big", "WEIGHTS", "-1");
        same("ZSCORE", "u", "m0");
        same("ZRANGESTORE", "r", "big", "0", "3");
        same("ZRANGE", "r", "0", "-1", "WITHSCORES");
        same("ZUNION", "2", "big", "small", "WEIGHTS", "-1", "1", "WITHSCORES");
    }

    @Test
    void readsOfScoresRanksAndCounts() throws IOException {
        same("ZADD", "z", "1", "a", "1", "b", "2", "c", "3", "d", "3", "e", "-inf", "lo", "inf", "hi");
        for (String m : new String[] {"a", "c", "e", "lo", "hi", "none"}) {
            same("ZSCORE", "z", m);
            same("ZRANK", "z", m);
            same("ZREVRANK", "z", m);
            same("ZRANK", "z", m, "WITHSCORE");
            same("ZREVRANK", "z", m, "withscore");
        }
        same("ZRANK", "z", "a", "WITHSCORES");
        same("ZRANK", "z", "a", "WITHSCORE", "x");
        same("ZRANK", "nokey", "a");
        same("ZRANK", "nokey", "a", "WITHSCORE");
        same("ZMSCORE", "z", "a", "none", "hi", "lo");
        same("ZMSCORE", "nokey", "a", "b");
        same("ZMSCORE", "z");
        same("ZCARD", "z");
        same("ZCARD", "nokey");
        String[][] ranges = {{"-inf", "+inf"}, {"1", "3"}, {"(1", "3"}, {"1", "(3"}, {"(1", "(3"}, {"3", "1"},
            {"(1", "(1"}, {"1", "1"}, {"inf", "inf"}, {"-inf", "-inf"}, {"(-inf", "(inf"}, {"", ""}, {"(", "+inf"},
            {" 1", "2"}, {"1 ", "2"}, {"nan", "1"}, {"1", "nan"}, {"x", "1"}, {"0x1", "0x3"}, {"1e400", "inf"},
            {"((1", "2"}, {"[1", "2"}, {"-1e-400", "1"}};
        for (String[] r : ranges) {
            same("ZCOUNT", "z", r[0], r[1]);
            same("ZRANGEBYSCORE", "z", r[0], r[1]);
            same("ZREVRANGEBYSCORE", "z", r[1], r[0], "WITHSCORES");
            same("ZRANGE", "z", r[0], r[1], "BYSCORE", "LIMIT", "1", "2");
        }
        same("ZCOUNT", "nokey", "0", "1");
        same("ZCOUNT", "nokey", "x", "1");
    }

    @Test
    void lexRanges() throws IOException {
        same("ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e", "0", "", "0", "aa", "0", "ab");
        String[][] ranges = {{"-", "+"}, {"[a", "[c"}, {"(a", "(c"}, {"[b", "+"}, {"-", "(b"}, {"+", "-"},
            {"-", "-"}, {"+", "+"}, {"[c", "[a"}, {"(a", "(a"}, {"[a", "[a"}, {"[", "[a"}, {"(", "+"}, {"a", "c"},
            {"", "+"}, {"-x", "+"}, {"[aa", "(b"}, {"-", "[z"}};
        for (String[] r : ranges) {
            same("ZLEXCOUNT", "z", r[0], r[1]);
            same("ZRANGEBYLEX", "z", r[0], r[1]);
            same("ZREVRANGEBYLEX", "z", r[1], r[0]);
            same("ZRANGEBYLEX", "z", r[0], r[1], "LIMIT", "1", "2");
            same("ZRANGE", "z", r[0], r[1], "BYLEX", "REV", "LIMIT", "0", "-1");
        }
        // Mixed scores: a listpack is walked linearly, and Redis's answer follows that walk.
        same("ZADD", "mixed", "1", "a", "0", "b", "2", "c", "0", "d", "5", "aa", "-1", "zz");
        for (String[] r : ranges) {
            same("ZLEXCOUNT", "mixed", r[0], r[1]);
            same("ZRANGEBYLEX", "mixed", r[0], r[1]);
            same("ZREVRANGEBYLEX", "mixed", r[1], r[0]);
        }
        same("ZREMRANGEBYLEX", "mixed", "[b", "[d");
        same("ZRANGE", "mixed", "0", "-1", "WITHSCORES");
        same("ZREMRANGEBYLEX", "z", "(a", "[c");
        same("ZRANGE", "z", "0", "-1");
        same("ZREMRANGEBYLEX", "z", "-", "+");
        same("EXISTS", "z");
        same("ZLEXCOUNT", "nokey", "-", "+");
        same("ZLEXCOUNT", "nokey", "x", "+");
        // A big set (skip list in Redis) with equal scores: searched, same answers.
        List<Object> big = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 300; i++) {
            big.add("0");
            big.add(String.format("m%03d", i * 7 % 300));
        }
        same(big.toArray());
        for (String[] r : new String[][] {{"[m010", "(m020"}, {"-", "+"}, {"(m299", "+"}, {"[m2", "[m3"}}) {
            same("ZLEXCOUNT", "big", r[0], r[1]);
            same("ZRANGEBYLEX", "big", r[0], r[1], "LIMIT", "3", "5");
            same("ZREVRANGEBYLEX", "big", r[1], r[0], "LIMIT", "3", "5");
        }
        same("ZREMRANGEBYLEX", "big", "[m100", "(m200");
        same("ZCARD", "big");
    }

    @Test
    void rangeCommandsAndOptions() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "5", "f");
        String[][] ranks = {{"0", "-1"}, {"0", "0"}, {"-1", "-1"}, {"2", "1"}, {"-100", "100"}, {"5", "100"},
            {"6", "7"}, {"-2", "-3"}, {"x", "1"}, {"1", "1.5"}, {"-9223372036854775808", "9223372036854775807"}};
        for (String[] r : ranks) {
            same("ZRANGE", "z", r[0], r[1]);
            same("ZRANGE", "z", r[0], r[1], "WITHSCORES");
            same("ZREVRANGE", "z", r[0], r[1], "WITHSCORES");
            same("ZRANGE", "z", r[0], r[1], "REV");
        }
        same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1");
        same("ZRANGE", "z", "0", "-1", "LIMIT", "0", "-1");
        same("ZRANGE", "z", "0", "-1", "LIMIT", "0");
        same("ZRANGE", "z", "(1", "5", "BYSCORE", "LIMIT", "1", "2", "WITHSCORES");
        same("ZRANGE", "z", "5", "(1", "BYSCORE", "REV", "LIMIT", "1", "2", "WITHSCORES");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "-1", "2");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "2", "-5");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "100", "2");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "9223372036854775807", "9223372036854775807");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "0", "0");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "LIMIT", "x", "0");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "BYLEX");
        same("ZRANGE", "z", "1", "5", "BYSCORE", "BYSCORE");
        same("ZRANGE", "z", "1", "5", "REV", "REV");
        same("ZRANGE", "z", "[a", "[c", "BYLEX", "WITHSCORES");
        same("ZRANGE", "z", "0", "1", "BOGUS");
        same("ZREVRANGE", "z", "0", "1", "REV");
        same("ZRANGEBYSCORE", "z", "1", "5", "BYSCORE");
        same("ZRANGEBYSCORE", "z", "1", "5", "LIMIT", "1");
        same("ZRANGEBYSCORE", "z", "-inf", "+inf", "WITHSCORES", "LIMIT", "2", "3");
        same("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "2", "3");
        same("ZRANGEBYLEX", "z", "-", "+", "WITHSCORES");
        same("ZRANGE", "nokey", "0", "-1");
        same("ZRANGE", "nokey", "x", "-1");
        same("ZRANGEBYSCORE", "nokey", "0", "1");
        resp3();
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "WITHSCORES", "LIMIT", "1", "3");
        same("ZRANGE", "z", "0", "-1");
    }

    @Test
    void rangeStore() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        same("SET", "str", "x");
        same("EXPIRE", "z", "1000");
        same("ZRANGESTORE", "d", "z", "0", "1");
        same("ZRANGE", "d", "0", "-1", "WITHSCORES");
        same("TTL", "d");
        same("ZRANGESTORE", "d", "z", "(1", "+inf", "BYSCORE", "REV", "LIMIT", "0", "2");
        same("ZRANGE", "d", "0", "-1", "WITHSCORES");
        same("ZRANGESTORE", "str", "z", "[a", "[b", "BYLEX");
        same("TYPE", "str");
        same("ZRANGESTORE", "d", "z", "5", "6");
        same("EXISTS", "d");
        same("ZRANGESTORE", "d", "nokey", "0", "-1");
        same("ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES");
        same("ZRANGESTORE", "d", "str", "0", "-1");
        same("SET", "str", "x");
        same("ZRANGESTORE", "d", "str", "0", "-1");
        same("ZRANGESTORE", "z", "z", "1", "2");
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same("ZRANGESTORE", "d", "z", "0");
    }

    @Test
    void removals() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "6", "f", "7", "g");
        same("ZREM", "z", "a", "a", "x");
        same("ZREM", "nokey", "a");
        same("ZREMRANGEBYRANK", "z", "0", "0");
        same("ZREMRANGEBYRANK", "z", "-1", "-1");
        same("ZREMRANGEBYRANK", "z", "5", "1");
        same("ZREMRANGEBYRANK", "z", "x", "1");
        same("ZREMRANGEBYRANK", "nokey", "0", "1");
        same("ZRANGE", "z", "0", "-1");
        same("ZREMRANGEBYSCORE", "z", "(3", "5");
        same("ZREMRANGEBYSCORE", "z", "x", "5");
        same("ZREMRANGEBYSCORE", "z", "10", "5");
        same("ZRANGE", "z", "0", "-1");
        same("ZREMRANGEBYLEX", "z", "x", "+");
        same("ZREMRANGEBYSCORE", "z", "-inf", "+inf");
        same("EXISTS", "z");
        same("ZADD", "z", "1", "a", "2", "b");
        same("ZREMRANGEBYRANK", "z", "-100", "100");
        same("EXISTS", "z");
        same("ZADD", "z", "1", "a", "2", "b");
        same("ZREM", "z", "a", "b", "c");
        same("EXISTS", "z");
    }

    @Test
    void pops() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        same("ZPOPMIN", "z");
        same("ZPOPMAX", "z");
        same("ZPOPMIN", "z", "0");
        same("ZPOPMIN", "z", "2");
        same("ZPOPMAX", "z", "-1");
        same("ZPOPMAX", "z", "x");
        same("ZPOPMAX", "z", "1", "2");
        same("ZPOPMAX", "z", "100");
        same("EXISTS", "z");
        same("ZPOPMIN", "nokey");
        same("ZPOPMIN", "nokey", "0");
        same("ZPOPMIN", "nokey", "-1");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same("ZMPOP", "2", "nokey", "z", "MIN");
        same("ZMPOP", "2", "nokey", "z", "max", "COUNT", "10");
        same("ZMPOP", "1", "z", "MIN");
        same("ZMPOP", "0", "z", "MIN");
        same("ZMPOP", "-1", "z", "MIN");
        same("ZMPOP", "x", "z", "MIN");
        same("ZMPOP", "3", "z", "MIN");
        same("ZMPOP", "1", "z", "MIDDLE");
        same("ZMPOP", "1", "z", "MIN", "COUNT");
        same("ZMPOP", "1", "z", "MIN", "COUNT", "0");
        same("ZMPOP", "1", "z", "MIN", "COUNT", "-1");
        same("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1");
        same("ZMPOP", "1", "z", "MIN", "BOGUS");
        same("ZMPOP", "1", "z");
        same("SET", "str", "x");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same("ZMPOP", "2", "str", "z", "MIN");
        same("ZMPOP", "2", "z", "str", "MIN");
        same("ZPOPMIN", "str");
        same("BZPOPMIN", "str", "z", "0");
        same("BZPOPMIN", "z", "str", "0");
        same("BZPOPMAX", "nokey", "z", "0");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same("BZMPOP", "0", "2", "nokey", "z", "MAX", "COUNT", "5");
        same("BZMPOP", "x", "2", "nokey", "z", "MAX");
        same("BZMPOP", "-1", "1", "nokey", "MAX");
        same("BZPOPMIN", "nokey", "-1");
        same("BZPOPMIN", "nokey", "x");
        same("BZPOPMIN", "nokey", "0.01");
        same("BZMPOP", "0.01", "1", "nokey", "MIN");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        resp3();
        same("ZPOPMIN", "z");
        same("ZPOPMIN", "z", "1");
        same("ZMPOP", "1", "z", "MAX", "COUNT", "2");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c");
        same("BZPOPMAX", "z", "0");
        same("BZMPOP", "0", "1", "z", "MAX", "COUNT", "1");
        same("BZPOPMIN", "nokey", "0.01");
        same("ZPOPMIN", "nokey", "3");
    }

    @Test
    void popsInsideMultiDoNotBlock() throws IOException {
        same("MULTI");
        same("BZPOPMIN", "nokey", "0");
        same("BZMPOP", "0", "1", "nokey", "MIN");
        same("ZADD", "k", "1", "a");
        same("BZPOPMAX", "nokey", "k", "0");
        same("EXEC");
    }

    @Test
    void onlyRealChangesBreakAWatch() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b");
        for (Object[] command : new Object[][] {{"ZADD", "z", "NX", "5", "a"}, {"ZADD", "z", "1", "a"},
                {"ZADD", "z", "XX", "1", "nope"}, {"ZADD", "z", "GT", "0", "a"}, {"ZREM", "z", "nope"},
                {"ZREMRANGEBYSCORE", "z", "10", "20"}, {"ZPOPMIN", "z", "0"}, {"ZINCRBY", "z", "0", "a"},
                {"ZADD", "z", "CH", "2", "a"}, {"ZREM", "z", "b"}, {"ZUNIONSTORE", "z", "1", "nokey"},
                {"ZADD", "z", "1", "a"}, {"ZRANGESTORE", "z", "z", "0", "-1"}}) {
            same("WATCH", "z");
            same(command);
            same("MULTI");
            same("PING");
            same("EXEC");
        }
    }

    @Test
    void setAlgebra() throws IOException {
        same("ZADD", "a", "1", "x", "2", "y", "3", "z");
        same("ZADD", "b", "10", "y", "20", "z", "30", "w");
        same("SADD", "s", "x", "w", "q");
        same("SET", "str", "v");
        for (String op : new String[] {"ZUNION", "ZINTER", "ZDIFF"}) {
            same(op, "2", "a", "b", "WITHSCORES");
            same(op, "3", "a", "b", "s", "WITHSCORES");
            same(op, "2", "a", "nokey", "WITHSCORES");
            same(op, "2", "nokey", "a");
            same(op, "1", "s", "WITHSCORES");
            same(op, "2", "a", "str");
            same(op, "0", "a");
            same(op, "-1", "a");
            same(op, "x", "a");
            same(op, "3", "a", "b");
            same(op, "2", "a", "b", "WEIGHTS", "2", "0.5", "WITHSCORES");
            same(op, "2", "a", "b", "WEIGHTS", "2");
            same(op, "2", "a", "b", "WEIGHTS", "2", "x");
            same(op, "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES");
            same(op, "2", "a", "b", "AGGREGATE", "max", "WITHSCORES");
            same(op, "2", "a", "b", "AGGREGATE", "avg");
            same(op, "2", "a", "b", "AGGREGATE");
            same(op, "2", "a", "b", "WITHSCORES", "WITHSCORES");
            same(op, "2", "a", "b", "BOGUS");
            same(op, "2", "a", "b", "LIMIT", "1");
            String store = op + "STORE";
            same(store, "d", "2", "a", "b");
            same("ZRANGE", "d", "0", "-1", "WITHSCORES");
            same(store, "d", "2", "a", "b", "WEIGHTS", "1", "-1", "AGGREGATE", "SUM");
            same("ZRANGE", "d", "0", "-1", "WITHSCORES");
            same(store, "d", "2", "a", "b", "WITHSCORES");
            same(store, "d", "2", "nokey", "nokey2");
            same("EXISTS", "d");
            same(store, "str", "1", "a");
            same("TYPE", "str");
            same(store, "d", "0", "a");
            same(store, "d", "1", "str");
            same("SET", "str", "v");
        }
        // Infinities and NaN: inf - inf sums to 0, 0 * inf weighs 0.
        same("ZADD", "i", "inf", "x", "-inf", "y", "1", "z");
        same("ZADD", "j", "-inf", "x", "inf", "y", "inf", "z");
        same("ZUNION", "2", "i", "j", "WITHSCORES");
        same("ZINTER", "2", "i", "j", "WITHSCORES");
        same("ZUNION", "2", "i", "j", "WEIGHTS", "0", "1", "WITHSCORES");
        same("ZINTER", "2", "i", "j", "WEIGHTS", "1", "0", "AGGREGATE", "MIN", "WITHSCORES");
        same("ZINTER", "2", "i", "j", "WEIGHTS", "1", "0", "AGGREGATE", "MAX", "WITHSCORES");
        same("ZUNION", "2", "i", "j", "WEIGHTS", "inf", "nan");
        same("ZINTERCARD", "2", "a", "b");
        same("ZINTERCARD", "3", "a", "b", "s");
        same("ZINTERCARD", "2", "a", "b", "LIMIT", "1");
        same("ZINTERCARD", "2", "a", "b", "LIMIT", "0");
        same("ZINTERCARD", "2", "a", "b", "LIMIT", "-1");
        same("ZINTERCARD", "2", "a", "b", "LIMIT", "x");
        same("ZINTERCARD", "2", "a", "b", "WITHSCORES");
        same("ZINTERCARD", "2", "a", "b", "WEIGHTS", "1", "1");
        same("ZINTERCARD", "0", "a");
        same("ZINTERCARD", "3", "a", "b");
        same("ZINTERCARD", "2", "a", "str");
        resp3();
        same("ZUNION", "2", "a", "b", "WITHSCORES");
        same("ZINTER", "2", "a", "b");
        same("ZDIFF", "2", "a", "b", "WITHSCORES");
    }

    @Test
    void randomMembers() throws IOException {
        same("ZADD", "one", "1.5", "m");
        same("ZRANDMEMBER", "one");
        same("ZRANDMEMBER", "one", "1");
        same("ZRANDMEMBER", "one", "-3", "WITHSCORES");
        same("ZRANDMEMBER", "one", "5", "WITHSCORES");
        same("ZRANDMEMBER", "one", "0");
        same("ZRANDMEMBER", "one", "1", "WITHSCORE");
        same("ZRANDMEMBER", "one", "1", "WITHSCORES", "x");
        same("ZRANDMEMBER", "one", "x");
        same("ZRANDMEMBER", "one", "-9223372036854775808");
        same("ZRANDMEMBER", "one", "-9223372036854775807", "WITHSCORES");
        same("ZRANDMEMBER", "one", "4611686018427387904", "WITHSCORES");
        same("ZRANDMEMBER", "nokey");
        same("ZRANDMEMBER", "nokey", "3");
        same("ZRANDMEMBER", "nokey", "x");
        same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        same("ZRANDMEMBER", "z", "4", "WITHSCORES");
        same("ZRANDMEMBER", "z", "100");
        resp3();
        same("ZRANDMEMBER", "one", "-2", "WITHSCORES");
        same("ZRANDMEMBER", "z", "10", "WITHSCORES");
        for (RespConnection connection : List.of(ours, reference)) {
            for (int count : new int[] {1, 2, 3}) {
                List<Resp> picks = connection.call("ZRANDMEMBER", "z", count).elements();
                Set<String> distinct = new HashSet<>();
                picks.forEach(p -> distinct.add(p.text()));
                assertThat(distinct).hasSize(count);
                assertThat(Set.of("a", "b", "c", "d")).containsAll(distinct);
            }
            assertThat(connection.call("ZRANDMEMBER", "z", "-20").elements()).hasSize(20);
        }
    }

    @Test
    void scanSmallAndLargeSets() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b", "0.1", "c", "-0", "d", "1e20", "e");
        same("ZSCAN", "z", "0");
        same("ZSCAN", "z", "0", "COUNT", "1");
        same("ZSCAN", "z", "7", "MATCH", "[ab]");
        same("ZSCAN", "z", "0", "COUNT", "0");
        same("ZSCAN", "z", "x");
        same("ZSCAN", "z", "0", "TYPE", "zset");
        same("ZSCAN", "nokey", "0");
        same("ZSCAN", "nokey", "0", "COUNT", "0");
        same("SET", "str", "x");
        same("ZSCAN", "str", "0");
        // A long member makes a skip list: the scan is cursor-driven, so compare full iterations as sets.
        same("ZADD", "big", "0.1", "x".repeat(65), "1e20", "f", "-0", "g", "1.5", "h");
        Set<String> ourScan = fullScan(ours, "big");
        assertThat(ourScan).isEqualTo(fullScan(reference, "big"));
        List<Object> big = new ArrayList<>(List.of("ZADD", "many"));
        for (int i = 0; i < 500; i++) {
            big.add(Double.toString(i / 7.0));
            big.add("m" + i);
        }
        same(big.toArray());
        assertThat(fullScan(ours, "many")).isEqualTo(fullScan(reference, "many")).hasSize(500);
    }

    private static Set<String> fullScan(RespConnection connection, String key) throws IOException {
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        do {
            Resp reply = connection.call("ZSCAN", key, cursor, "COUNT", "7");
            cursor = reply.elements().get(0).text();
            List<Resp> items = reply.elements().get(1).elements();
            for (int i = 0; i < items.size(); i += 2) {
                seen.add(items.get(i).text() + "=" + items.get(i + 1).text());
            }
        } while (!cursor.equals("0"));
        return seen;
    }

    @Test
    void typesCopyRenameAndWrongType() throws IOException {
        same("ZADD", "z", "1", "a", "2", "b");
        same("TYPE", "z");
        same("COPY", "z", "z2");
        same("ZADD", "z2", "3", "c");
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
        same("ZRANGE", "z2", "0", "-1", "WITHSCORES");
        same("RENAME", "z2", "z3");
        same("ZRANGE", "z3", "0", "-1", "WITHSCORES");
        sameUnordered("SCAN", "0", "TYPE", "zset", "COUNT", "100");
        same("SET", "str", "x");
        same("LPUSH", "list", "x");
        for (String key : new String[] {"str", "list"}) {
            for (Object[] command : new Object[][] {{"ZADD", key, "1", "a"}, {"ZADD", key, "XX", "1", "a"},
                    {"ZADD", key, "x", "a"}, {"ZINCRBY", key, "1", "a"}, {"ZSCORE", key, "a"},
                    {"ZMSCORE", key, "a"}, {"ZCARD", key}, {"ZCOUNT", key, "0", "1"}, {"ZCOUNT", key, "x", "1"},
                    {"ZLEXCOUNT", key, "-", "+"}, {"ZRANK", key, "a"}, {"ZREVRANK", key, "a", "WITHSCORE"},
                    {"ZRANGE", key, "0", "-1"}, {"ZRANGE", key, "x", "-1"}, {"ZRANGEBYSCORE", key, "0", "1"},
                    {"ZRANGEBYLEX", key, "-", "+"}, {"ZREVRANGE", key, "0", "1"}, {"ZREM", key, "a"},
                    {"ZREMRANGEBYRANK", key, "0", "1"}, {"ZREMRANGEBYSCORE", key, "0", "1"},
                    {"ZREMRANGEBYLEX", key, "-", "+"}, {"ZPOPMIN", key}, {"ZPOPMAX", key, "2"},
                    {"ZPOPMIN", key, "x"}, {"ZRANDMEMBER", key}, {"ZRANDMEMBER", key, "2"}, {"ZSCAN", key, "0"},
                    {"ZUNION", "1", key}, {"ZINTERCARD", "1", key}, {"ZRANGESTORE", "d", key, "0", "1"},
                    {"ZMPOP", "1", key, "MIN"}}) {
                same(command);
            }
        }
        for (Object[] command : new Object[][] {{"ZADD", "z"}, {"ZADD", "z", "1"}, {"ZINCRBY", "z", "1"},
                {"ZSCORE", "z"}, {"ZMSCORE", "z"}, {"ZCARD"}, {"ZCOUNT", "z", "0"}, {"ZLEXCOUNT", "z", "-"},
                {"ZRANK", "z"}, {"ZRANGE", "z", "0"}, {"ZRANGESTORE", "d", "z", "0"}, {"ZREVRANGE", "z", "0"},
                {"ZRANGEBYSCORE", "z", "0"}, {"ZREVRANGEBYLEX", "z", "+"}, {"ZREM", "z"},
                {"ZREMRANGEBYRANK", "z", "0"}, {"ZPOPMIN"}, {"BZPOPMIN", "z"}, {"BZMPOP", "0", "1", "z"},
                {"ZMPOP", "1", "z"}, {"ZRANDMEMBER"}, {"ZUNION", "1"}, {"ZUNIONSTORE", "d", "1"},
                {"ZINTERCARD", "1"}, {"ZSCAN", "z"}, {"ZDIFFSTORE", "d"}}) {
            same(command);
        }
        same("TYPE", "str");
        same("GET", "str");
    }

    @Test
    void encodingBoundaries() throws IOException {
        // 128 entries stay a listpack (ZSCAN whole in one call); the 129th converts it.
        List<Object> add = new ArrayList<>(List.of("ZADD", "z"));
        for (int i = 0; i < 128; i++) {
            add.add(Integer.toString(i));
            add.add("m" + i);
        }
        same(add.toArray());
        same("ZSCAN", "z", "0", "COUNT", "1");
        same("ZADD", "z", "200", "x".repeat(64));
        same("ZREM", "z", "x".repeat(64));
        assertThat(fullScan(ours, "z")).isEqualTo(fullScan(reference, "z")).hasSize(128);
        same("ZADD", "long", "1", "y".repeat(65));
        assertThat(fullScan(ours, "long")).isEqualTo(fullScan(reference, "long"));
        same("ZREM", "long", "y".repeat(65));
        same("EXISTS", "long");
        // The STORE forms build a listpack again for a small result; a listpack scan is whole in one call.
        same("ZADD", "pair", "1", "m1", "2", "m2", "3", "nope");
        same("ZINTERSTORE", "small", "2", "z", "pair");
        same("ZSCAN", "small", "0", "COUNT", "1");
        same("ZUNIONSTORE", "small2", "1", "pair", "WEIGHTS", "-0");
        same("ZSCAN", "small2", "0", "COUNT", "1");
        same("ZRANGESTORE", "small3", "z", "2", "5", "BYSCORE");
        same("ZSCAN", "small3", "0", "COUNT", "1");
        same("ZRANGESTORE", "small4", "pair", "[m1", "[m2", "BYLEX");
        same("ZSCAN", "small4", "0", "COUNT", "1");
        same("ZRANGESTORE", "small5", "z", "0", "2");
        same("ZSCAN", "small5", "0", "COUNT", "1");
        same("ZDIFFSTORE", "small6", "2", "pair", "z");
        same("ZSCAN", "small6", "0", "COUNT", "1");
    }
}
