package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListDifferentialTest extends DifferentialTest {
    private static final String[] COMMANDS = {"lpush", "rpush", "lpushx", "rpushx", "lpop", "rpop", "llen", "lrange",
        "lindex", "lset", "lrem", "ltrim", "linsert", "lpos", "lmove", "rpoplpush", "lmpop", "blpop", "brpop",
        "brpoplpush", "blmove", "blmpop"};

    @Test
    void commandTableMetadataMatches() throws IOException {
        for (String name : COMMANDS) {
            Resp expected = reference.call("COMMAND", "INFO", name).elements().get(0);
            Resp actual = ours.call("COMMAND", "INFO", name).elements().get(0);
            assertThat(metadata(actual)).as("COMMAND INFO %s", name).isEqualTo(metadata(expected));
        }
    }

    /** Name, arity, flags (sorted), first key, last key, step. */
    private static List<String> metadata(Resp info) {
        List<String> out = new ArrayList<>();
        out.add(info.elements().get(0).toString());
        out.add(info.elements().get(1).toString());
        out.add(info.elements().get(2).sorted().elements().toString());
        for (int i = 3; i < 6; i++) {
            out.add(info.elements().get(i).toString());
        }
        return out;
    }

    @Test
    void pushesAndLength() throws IOException {
        same("LPUSH", "l", "a");
        same("LPUSH", "l", "b", "c", "d");
        same("RPUSH", "l", "x", "y");
        same("LRANGE", "l", "0", "-1");
        same("LLEN", "l");
        same("LLEN", "missing");
        same("LPUSHX", "missing", "a", "b");
        same("RPUSHX", "missing", "a");
        same("EXISTS", "missing");
        same("LPUSHX", "l", "h1", "h2");
        same("RPUSHX", "l", "t1", "t2");
        same("LRANGE", "l", "0", "-1");
        same("TYPE", "l");
        same("RPUSH", "empty", "");
        same("LRANGE", "empty", "0", "-1");
        same("RPUSH", "bin", new byte[] {0, (byte) 0xff, '\r', '\n'});
        same("LINDEX", "bin", "0");
        // arity
        same("LPUSH", "l");
        same("RPUSH");
        same("LPUSHX", "l");
        same("RPUSHX", "l");
        same("LLEN");
        same("LLEN", "l", "extra");
        // wrong type
        same("SET", "s", "v");
        same("LPUSH", "s", "a");
        same("RPUSH", "s", "a");
        same("LPUSHX", "s", "a");
        same("RPUSHX", "s", "a");
        same("LLEN", "s");
    }

    @Test
    void popsWithAndWithoutCount() throws IOException {
        same("RPUSH", "l", "a", "b", "c", "d", "e");
        same("LPOP", "l");
        same("RPOP", "l");
        same("LPOP", "l", "2");
        same("LPOP", "l", "0");
        same("RPOP", "l", "0");
        same("LRANGE", "l", "0", "-1");
        same("RPOP", "l", "100");
        same("EXISTS", "l");
        same("LPOP", "l");
        same("RPOP", "l");
        same("LPOP", "l", "1");
        same("RPOP", "l", "0");
        same("LPOP", "missing", "abc");
        same("LPOP", "missing", "-1");
        same("RPUSH", "l", "a");
        same("LPOP", "l", "-1");
        same("LPOP", "l", "abc");
        same("LPOP", "l", "1.5");
        same("LPOP", "l", "9223372036854775808");
        same("LPOP", "l", "9223372036854775807");
        same("EXISTS", "l");
        same("LPOP", "l", "1", "2");
        same("RPOP", "l", "1", "2");
        same("LPOP");
        same("SET", "s", "v");
        same("LPOP", "s");
        same("RPOP", "s");
        same("LPOP", "s", "1");
        same("LPOP", "s", "0");
        same("LPOP", "s", "-1");
    }

    @Test
    void popsInResp3() throws IOException {
        resp3();
        same("RPUSH", "l", "a", "b", "c");
        same("LPOP", "l");
        same("LPOP", "l", "1");
        same("LPOP", "l", "0");
        same("RPOP", "l", "5");
        same("LPOP", "l");
        same("LPOP", "l", "2");
        same("LPOP", "l", "0");
        same("LINDEX", "l", "0");
        same("LPOS", "l", "a");
        same("LPOS", "l", "a", "COUNT", "0");
        same("LRANGE", "l", "0", "-1");
        same("LMOVE", "l", "m", "LEFT", "LEFT");
        same("RPOPLPUSH", "l", "m");
        same("LMPOP", "1", "l", "LEFT");
        same("BLPOP", "l", "0.01");
        same("BRPOPLPUSH", "l", "m", "0.01");
        same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0.01");
        same("BLMPOP", "0.01", "1", "l", "LEFT");
        same("RPUSH", "l", "a", "b", "c");
        same("LMPOP", "1", "l", "RIGHT", "COUNT", "2");
        same("BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "2");
        same("RPUSH", "l", "a", "b", "c");
        same("BLPOP", "l", "0");
        same("BRPOP", "l", "0");
        same("LINSERT", "l", "BEFORE", "b", "x");
        same("LRANGE", "l", "0", "-1");
        same("LSET", "l", "0", "z");
        same("LTRIM", "l", "0", "0");
        same("LREM", "l", "0", "z");
        same("MULTI");
        same("BLPOP", "l", "0");
        same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0");
        same("BLMPOP", "0", "1", "l", "LEFT");
        same("EXEC");
    }

    @Test
    void rangesAndIndexes() throws IOException {
        same("RPUSH", "l", "a", "b", "c", "d", "e", "f");
        String[][] ranges = {{"0", "-1"}, {"0", "0"}, {"1", "3"}, {"-3", "-1"}, {"-100", "2"}, {"2", "100"},
            {"4", "2"}, {"6", "10"}, {"-1", "-3"}, {"-100", "-50"}, {"5", "5"}, {"-9223372036854775808", "-1"},
            {"0", "9223372036854775807"}, {"-1", "-1"}};
        for (String[] range : ranges) {
            same("LRANGE", "l", range[0], range[1]);
        }
        same("LRANGE", "missing", "0", "-1");
        same("LRANGE", "missing", "a", "b");
        same("LRANGE", "l", "a", "1");
        same("LRANGE", "l", "0", "1.0");
        same("LRANGE", "l", "0");
        for (String index : new String[] {"0", "5", "6", "-1", "-6", "-7", "100", "-9223372036854775808",
            "9223372036854775807"}) {
            same("LINDEX", "l", index);
        }
        same("LINDEX", "l", "abc");
        same("LINDEX", "missing", "abc");
        same("LINDEX", "missing", "0");
        same("LINDEX", "l");
        same("SET", "s", "v");
        same("LRANGE", "s", "0", "-1");
        same("LRANGE", "s", "x", "-1");
        same("LINDEX", "s", "0");
        same("LINDEX", "s", "abc");
    }

    @Test
    void lsetAndLtrim() throws IOException {
        same("RPUSH", "l", "a", "b", "c", "d", "e");
        same("LSET", "l", "0", "A");
        same("LSET", "l", "-1", "E");
        same("LSET", "l", "2", "");
        same("LSET", "l", "5", "x");
        same("LSET", "l", "-6", "x");
        same("LSET", "l", "abc", "x");
        // Valkey 8.0 narrows LSET's index to a C int: these name elements 0, -1, 1 and "out of range".
        same("LSET", "l", "4294967296", "wrapped0");
        same("LSET", "l", "9223372036854775807", "wrapped-1");
        same("LSET", "l", "-4294967295", "wrapped1");
        same("LSET", "l", "2147483648", "x");
        same("LSET", "l", "-9223372036854775808", "x");
        same("LSET", "missing", "0", "x");
        same("LSET", "missing", "abc", "x");
        same("LRANGE", "l", "0", "-1");
        same("LSET", "l", "0");
        same("LTRIM", "l", "1", "-2");
        same("LRANGE", "l", "0", "-1");
        same("LTRIM", "l", "-100", "100");
        same("LRANGE", "l", "0", "-1");
        same("LTRIM", "l", "1", "1");
        same("LRANGE", "l", "0", "-1");
        same("LTRIM", "l", "1", "0");
        same("EXISTS", "l");
        same("RPUSH", "l", "a", "b", "c");
        same("LTRIM", "l", "5", "10");
        same("EXISTS", "l");
        same("RPUSH", "l", "a", "b", "c");
        same("LTRIM", "l", "-1", "-2");
        same("EXISTS", "l");
        same("RPUSH", "l", "a", "b", "c");
        same("LTRIM", "l", "0", "-1");
        same("LTRIM", "l", "x", "1");
        same("LTRIM", "l", "0", "y");
        same("LTRIM", "missing", "0", "1");
        same("LTRIM", "missing", "x", "1");
        same("LTRIM", "l", "0");
        same("SET", "s", "v");
        same("LSET", "s", "0", "x");
        same("LSET", "s", "x", "x");
        same("LTRIM", "s", "0", "1");
        same("LTRIM", "s", "x", "1");
        same("LRANGE", "l", "0", "-1");
    }

    @Test
    void lremAndLinsert() throws IOException {
        same("RPUSH", "l", "x", "a", "x", "b", "x", "c", "x");
        same("LREM", "l", "2", "x");
        same("LRANGE", "l", "0", "-1");
        same("LREM", "l", "-1", "x");
        same("LRANGE", "l", "0", "-1");
        same("LREM", "l", "0", "missing");
        same("LREM", "l", "0", "x");
        same("LRANGE", "l", "0", "-1");
        same("LREM", "l", "-9223372036854775808", "a");
        same("LREM", "l", "abc", "a");
        same("LREM", "missing", "0", "a");
        same("LREM", "missing", "abc", "a");
        same("LREM", "l", "0", "b");
        same("LREM", "l", "0", "c");
        same("EXISTS", "l");
        same("LREM", "l", "0");
        same("RPUSH", "l", "a", "b", "c", "b");
        same("LINSERT", "l", "BEFORE", "b", "x");
        same("LINSERT", "l", "after", "b", "y");
        same("LINSERT", "l", "AFTER", "c", "z");
        same("LINSERT", "l", "before", "a", "first");
        same("LINSERT", "l", "BEFORE", "nope", "w");
        same("LRANGE", "l", "0", "-1");
        same("LINSERT", "l", "MIDDLE", "a", "w");
        same("LINSERT", "missing", "BEFORE", "a", "w");
        same("LINSERT", "missing", "MIDDLE", "a", "w");
        same("EXISTS", "missing");
        same("LINSERT", "l", "BEFORE", "a");
        same("SET", "s", "v");
        same("LREM", "s", "0", "v");
        same("LREM", "s", "x", "v");
        same("LINSERT", "s", "BEFORE", "v", "w");
        same("LINSERT", "s", "MIDDLE", "v", "w");
    }

    @Test
    void lposOptionsAndErrors() throws IOException {
        same("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c");
        same("LPOS", "l", "c");
        same("LPOS", "l", "missing");
        same("LPOS", "l", "c", "RANK", "2");
        same("LPOS", "l", "c", "RANK", "-1");
        same("LPOS", "l", "c", "RANK", "-3");
        same("LPOS", "l", "c", "RANK", "4");
        same("LPOS", "l", "c", "COUNT", "0");
        same("LPOS", "l", "c", "COUNT", "2");
        same("LPOS", "l", "c", "COUNT", "2", "RANK", "2");
        same("LPOS", "l", "c", "COUNT", "0", "RANK", "-1");
        same("LPOS", "l", "c", "COUNT", "1", "RANK", "-2");
        same("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7");
        same("LPOS", "l", "c", "MAXLEN", "2");
        same("LPOS", "l", "c", "MAXLEN", "3");
        same("LPOS", "l", "c", "RANK", "-1", "MAXLEN", "1");
        same("LPOS", "l", "a", "RANK", "-1", "MAXLEN", "1");
        same("LPOS", "l", "c", "RANK", "9223372036854775807");
        same("LPOS", "l", "c", "rank", "2", "count", "5", "maxlen", "0");
        same("LPOS", "l", "c", "COUNT", "100", "COUNT", "1");
        same("LPOS", "l", "c", "RANK", "0");
        same("LPOS", "l", "c", "RANK", "abc");
        same("LPOS", "l", "c", "RANK", "-9223372036854775808");
        same("LPOS", "l", "c", "COUNT", "-1");
        same("LPOS", "l", "c", "COUNT", "abc");
        same("LPOS", "l", "c", "MAXLEN", "-1");
        same("LPOS", "l", "c", "MAXLEN", "abc");
        same("LPOS", "l", "c", "RANK");
        same("LPOS", "l", "c", "FOO", "1");
        same("LPOS", "l");
        same("LPOS", "missing", "c");
        same("LPOS", "missing", "c", "COUNT", "0");
        same("LPOS", "missing", "c", "RANK", "0");
        same("SET", "s", "v");
        same("LPOS", "s", "v");
        same("LPOS", "s", "v", "COUNT", "1");
        same("LPOS", "s", "v", "RANK", "0");
    }

    @Test
    void lmoveAndRpoplpush() throws IOException {
        same("RPUSH", "src", "a", "b", "c");
        same("LMOVE", "src", "dst", "LEFT", "RIGHT");
        same("LMOVE", "src", "dst", "RIGHT", "LEFT");
        same("LMOVE", "src", "dst", "left", "left");
        same("EXISTS", "src");
        same("LRANGE", "dst", "0", "-1");
        same("LMOVE", "dst", "dst", "LEFT", "RIGHT");
        same("LRANGE", "dst", "0", "-1");
        same("LMOVE", "dst", "dst", "RIGHT", "RIGHT");
        same("LRANGE", "dst", "0", "-1");
        same("RPOPLPUSH", "dst", "other");
        same("RPOPLPUSH", "dst", "dst");
        same("LRANGE", "dst", "0", "-1");
        same("LRANGE", "other", "0", "-1");
        same("RPUSH", "one", "x");
        same("RPOPLPUSH", "one", "one");
        same("LRANGE", "one", "0", "-1");
        same("LMOVE", "one", "one", "LEFT", "LEFT");
        same("LMOVE", "missing", "dst", "LEFT", "RIGHT");
        same("RPOPLPUSH", "missing", "dst");
        same("LMOVE", "src", "dst", "UP", "RIGHT");
        same("LMOVE", "src", "dst", "LEFT", "DOWN");
        same("LMOVE", "missing", "dst", "UP", "RIGHT");
        same("LMOVE", "src", "dst", "LEFT");
        same("RPOPLPUSH", "src");
        same("SET", "s", "v");
        same("LMOVE", "s", "dst", "LEFT", "RIGHT");
        same("LMOVE", "dst", "s", "LEFT", "RIGHT");
        same("LMOVE", "missing", "s", "LEFT", "RIGHT");
        same("RPOPLPUSH", "s", "dst");
        same("RPOPLPUSH", "dst", "s");
        same("RPOPLPUSH", "missing", "s");
        same("LRANGE", "dst", "0", "-1");
    }

    @Test
    void lmpop() throws IOException {
        same("RPUSH", "a", "1", "2", "3");
        same("RPUSH", "b", "x", "y");
        same("LMPOP", "2", "missing", "a", "LEFT");
        same("LMPOP", "2", "missing", "a", "RIGHT", "COUNT", "5");
        same("LMPOP", "3", "a", "missing", "b", "right", "count", "1");
        same("LMPOP", "1", "missing", "LEFT");
        same("LMPOP", "2", "b", "b", "LEFT", "COUNT", "10");
        same("EXISTS", "a", "b");
        same("RPUSH", "a", "1");
        same("LMPOP", "0", "a", "LEFT");
        same("LMPOP", "-1", "a", "LEFT");
        same("LMPOP", "abc", "a", "LEFT");
        same("LMPOP", "2", "a", "LEFT");
        same("LMPOP", "5", "a", "LEFT");
        same("LMPOP", "9223372036854775807", "a", "LEFT");
        same("LMPOP", "1", "a", "MIDDLE");
        same("LMPOP", "1", "a", "LEFT", "COUNT");
        same("LMPOP", "1", "a", "LEFT", "COUNT", "0");
        same("LMPOP", "1", "a", "LEFT", "COUNT", "-1");
        same("LMPOP", "1", "a", "LEFT", "COUNT", "x");
        same("LMPOP", "1", "a", "LEFT", "COUNT", "1", "COUNT", "1");
        same("LMPOP", "1", "a", "LEFT", "FOO");
        same("LMPOP", "1", "a");
        same("LMPOP", "1");
        same("SET", "s", "v");
        same("LMPOP", "2", "missing", "s", "LEFT");
        same("LMPOP", "2", "s", "a", "LEFT");
        same("LMPOP", "2", "a", "s", "LEFT");
        same("LRANGE", "a", "0", "-1");
    }

    @Test
    void blockingCommandsThatNeedNotBlock() throws IOException {
        same("RPUSH", "a", "1", "2", "3");
        same("BLPOP", "missing", "a", "0");
        same("BRPOP", "missing", "a", "0");
        same("BRPOPLPUSH", "a", "b", "0");
        same("BLMOVE", "b", "a", "LEFT", "RIGHT", "0");
        same("BLMPOP", "0", "2", "missing", "a", "RIGHT", "COUNT", "9");
        same("EXISTS", "a");
        same("SET", "s", "v");
        same("BLPOP", "missing", "s", "0");
        same("BLPOP", "s", "missing", "0");
        same("BRPOP", "s", "0");
        same("RPUSH", "a", "1");
        same("BLPOP", "a", "s", "0");
        same("BRPOPLPUSH", "s", "a", "0");
        same("RPUSH", "a", "1");
        same("BRPOPLPUSH", "a", "s", "0");
        same("BLMOVE", "a", "s", "LEFT", "LEFT", "0");
        same("BLMPOP", "0", "2", "missing", "s", "LEFT");
        same("LRANGE", "a", "0", "-1");
    }

    @Test
    void blockingArgumentErrors() throws IOException {
        for (String timeout : new String[] {"abc", "-1", "-0.5", "inf", "-inf", "+inf", "1e20", "9.3e15", "nan",
            " 1", "1 ", "", "1e", "0x", "9223372036854775807", "9223372036854776000"}) {
            same("BLPOP", "l", timeout);
            same("BRPOP", "l", "m", timeout);
            same("BRPOPLPUSH", "l", "m", timeout);
            same("BLMOVE", "l", "m", "LEFT", "RIGHT", timeout);
            same("BLMPOP", timeout, "1", "l", "LEFT");
        }
        same("SET", "s", "v");
        same("BLPOP", "s", "abc");
        same("BLMOVE", "s", "m", "LEFT", "RIGHT", "abc");
        same("BLMOVE", "l", "m", "UP", "RIGHT", "abc");
        same("BLMOVE", "l", "m", "LEFT", "DOWN", "-1");
        same("BLMPOP", "abc", "0", "l", "LEFT");
        same("BLMPOP", "abc", "1", "l", "MIDDLE");
        same("BLMPOP", "abc", "1", "l", "LEFT", "COUNT", "0");
        same("BLMPOP", "abc", "1", "l", "LEFT");
        same("BLMPOP", "-1", "1", "s", "LEFT");
        same("BLMPOP", "0", "2", "l", "LEFT");
        same("BLPOP", "l");
        same("BRPOPLPUSH", "l", "0");
        same("BLMOVE", "l", "m", "LEFT", "0");
        same("BLMPOP", "0", "1", "l");
    }

    @Test
    void blockingCommandsInsideMultiAnswerAtOnce() throws IOException {
        same("MULTI");
        same("BLPOP", "l", "0");
        same("BRPOP", "l", "m", "10");
        same("BRPOPLPUSH", "l", "m", "0");
        same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0");
        same("BLMPOP", "0", "1", "l", "LEFT");
        same("BLPOP", "l", "-1");
        same("RPUSH", "l", "a", "b");
        same("BLPOP", "l", "0");
        same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0");
        same("BLPOP", "l", "0");
        same("EXEC");
        same("LRANGE", "m", "0", "-1");
    }

    @Test
    void watchSeesListChanges() throws IOException {
        same("RPUSH", "l", "a", "b");
        for (Object[] change : new Object[][] {{"RPUSH", "l", "c"}, {"LPOP", "l"}, {"LSET", "l", "0", "z"},
            {"LINSERT", "l", "BEFORE", "z", "y"}, {"LREM", "l", "0", "y"}, {"LTRIM", "l", "0", "0"},
            {"RPOPLPUSH", "l", "l"}, {"LMOVE", "l", "other", "LEFT", "LEFT"}}) {
            same("RPUSH", "l", "a", "b");
            same("WATCH", "l");
            same(change);
            same("MULTI");
            same("LLEN", "l");
            same("EXEC");
        }
        same("WATCH", "l");
        same("LREM", "l", "0", "nothing");
        same("LPOP", "l", "0");
        same("LINSERT", "l", "BEFORE", "nothing", "x");
        same("MULTI");
        same("LLEN", "l");
        same("EXEC");
    }

    @Test
    void copyAndRenameOfLists() throws IOException {
        same("RPUSH", "l", "a", "b", "c");
        same("COPY", "l", "c");
        same("RPUSH", "c", "d");
        same("LRANGE", "l", "0", "-1");
        same("LRANGE", "c", "0", "-1");
        same("RENAME", "c", "r");
        same("LRANGE", "r", "0", "-1");
        same("TYPE", "r");
    }
}
