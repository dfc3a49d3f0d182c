package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HashDifferentialTest extends DifferentialTest {
    @Test
    void setGetAndDelete() throws IOException {
        same("HSET", "h", "f1", "v1", "f2", "v2");
        same("HSET", "h", "f1", "new", "f3", "v3");
        same("HGET", "h", "f1");
        same("HGET", "h", "missing");
        same("HGET", "nokey", "f1");
        same("HMGET", "h", "f1", "missing", "f3", "f1");
        same("HMGET", "nokey", "a", "b");
        same("HLEN", "h");
        same("HLEN", "nokey");
        same("HEXISTS", "h", "f2");
        same("HEXISTS", "h", "nope");
        same("HEXISTS", "nokey", "f2");
        same("HSTRLEN", "h", "f1");
        same("HSTRLEN", "h", "nope");
        same("HSTRLEN", "nokey", "f1");
        sameUnordered("HGETALL", "h");
        sameUnordered("HKEYS", "h");
        sameUnordered("HVALS", "h");
        same("HGETALL", "nokey");
        same("HKEYS", "nokey");
        same("HVALS", "nokey");
        same("HSETNX", "h", "f1", "x");
        same("HSETNX", "h", "f9", "x");
        same("HSETNX", "fresh", "f", "x");
        same("HGET", "fresh", "f");
        same("HMSET", "h", "f4", "v4", "f5", "v5");
        same("HMSET", "m", "a", "1");
        same("TYPE", "m");
        same("HDEL", "h", "f1", "f1", "missing", "f2");
        same("HDEL", "h", "nope");
        same("HDEL", "nokey", "f");
        same("HLEN", "h");
        // Deleting the last fields deletes the key: Redis never keeps an empty hash.
        same("HDEL", "h", "f3", "f4", "f5", "f9", "extra");
        same("EXISTS", "h");
        same("TYPE", "h");
        same("HGETALL", "h");
        same("HDEL", "fresh", "f");
        same("EXISTS", "fresh");
        same("DBSIZE");
    }

    @Test
    void emptyStringsAndBinarySafeFieldsAndValues() throws IOException {
        byte[] binaryField = {0, 1, (byte) 0xff, '\r', '\n', ' '};
        byte[] binaryValue = {(byte) 0x80, 0, 0, '\n', (byte) 0xfe};
        same("HSET", "h", binaryField, binaryValue, "", "", "é", "ü");
        same("HGET", "h", binaryField);
        same("HGET", "h", "");
        same("HSTRLEN", "h", binaryField);
        same("HSTRLEN", "h", "é");
        same("HEXISTS", "h", "");
        sameUnordered("HGETALL", "h");
        same("HSET", "h", "", "now-set");
        same("HMGET", "h", "", binaryField);
        same("HDEL", "h", "", binaryField);
        sameUnordered("HKEYS", "h");
    }

    @Test
    void arityAndWrongType() throws IOException {
        same("SET", "s", "x");
        same("HSET", "h", "f");
        same("HSET", "h", "f", "v", "g");
        same("HSET", "h");
        same("HSET", "s", "f");
        same("HMSET", "h", "f");
        same("HMSET", "h", "f", "v", "g");
        same("HSETNX", "h", "f");
        same("HGET", "h");
        same("HMGET", "h");
        same("HDEL", "h");
        same("HGETALL");
        same("HINCRBY", "h", "f");
        same("HINCRBYFLOAT", "h", "f", "1", "2");
        same("HSTRLEN", "h");
        same("HRANDFIELD");
        same("HSCAN", "h");
        for (String[] command : new String[][] {{"HSET", "s", "f", "v"}, {"HSETNX", "s", "f", "v"}, {"HGET", "s", "f"},
                {"HMGET", "s", "f"}, {"HMSET", "s", "f", "v"}, {"HGETALL", "s"}, {"HDEL", "s", "f"},
                {"HEXISTS", "s", "f"}, {"HLEN", "s"}, {"HKEYS", "s"}, {"HVALS", "s"}, {"HSTRLEN", "s", "f"},
                {"HINCRBY", "s", "f", "1"}, {"HINCRBYFLOAT", "s", "f", "1"}, {"HRANDFIELD", "s"},
                {"HRANDFIELD", "s", "1"}, {"HRANDFIELD", "s", "-1", "WITHVALUES"}, {"HSCAN", "s", "0"}}) {
            same((Object[]) command);
        }
        same("GET", "s");
        same("HSET", "h", "f", "v");
        same("GET", "h");
        same("INCR", "h");
        same("APPEND", "h", "x");
        same("SADD", "h", "x");
        same("TYPE", "h");
    }

    @Test
    void integerIncrements() throws IOException {
        same("HINCRBY", "h", "n", "5");
        same("HINCRBY", "h", "n", "-7");
        same("HINCRBY", "h", "n", "0");
        same("HGET", "h", "n");
        same("HINCRBY", "h", "n", "abc");
        same("HINCRBY", "h", "n", "1.5");
        same("HINCRBY", "h", "n", " 1");
        same("HINCRBY", "h", "n", "9223372036854775808");
        same("HSET", "h", "max", "9223372036854775807", "min", "-9223372036854775808");
        same("HINCRBY", "h", "max", "1");
        same("HINCRBY", "h", "max", "0");
        same("HINCRBY", "h", "min", "-1");
        same("HINCRBY", "h", "min", "9223372036854775807");
        same("HINCRBY", "h", "n", "-9223372036854775808");
        same("HINCRBY", "h", "n", "-9223372036854775808");
        for (String text : new String[] {"abc", "", "01", "-0", "+1", " 1", "1 ", "1.0", "1e3", "0x10",
                "99999999999999999999"}) {
            same("HSET", "h", "bad", text);
            same("HINCRBY", "h", "bad", "1");
        }
        same("HINCRBY", "fresh", "f", "-9223372036854775808");
        same("HGETALL", "fresh");
        same("HINCRBY", "h", "n", "1", "2");
    }

    @Test
    void floatIncrementsUseLongDoubleArithmetic() throws IOException {
        same("HINCRBYFLOAT", "h", "f", "10.5");
        same("HINCRBYFLOAT", "h", "f", "0.1");
        same("HINCRBYFLOAT", "h", "f", "-5");
        same("HINCRBYFLOAT", "h", "g", "0.1");
        same("HINCRBYFLOAT", "h", "g", "0.2");
        same("HINCRBYFLOAT", "h", "g", "1e3");
        same("HINCRBYFLOAT", "h", "g", "-1000.3");
        same("HINCRBYFLOAT", "h", "z", "-0.0");
        same("HINCRBYFLOAT", "h", "e", "5.0e3");
        same("HINCRBYFLOAT", "h", "e", "3.0e-5");
        same("HINCRBYFLOAT", "h", "e", "1e-4940");
        same("HINCRBYFLOAT", "h", "x", "0x1p-3");
        same("HINCRBYFLOAT", "h", "x", "0X1P4");
        same("HINCRBYFLOAT", "h", "x", "+.5");
        same("HINCRBYFLOAT", "h", "x", "5.");
        same("HINCRBYFLOAT", "h", "x", "-.5e-1");
        same("HGET", "h", "x");
        // Bad increments: checked before the key's type.
        same("SET", "s", "x");
        for (String increment : new String[] {"abc", "", " 1", "1 ", "nan", "NaN", "1e", "e1", ".", "0x", "1_0",
                "1e-5000", "1e5000", "0x1p", "--1"}) {
            same("HINCRBYFLOAT", "h", "f", increment);
            same("HINCRBYFLOAT", "s", "f", increment);
        }
        for (String increment : new String[] {"inf", "-inf", "+INF", "Infinity", "-infinity"}) {
            same("HINCRBYFLOAT", "h", "f", increment);
            same("HINCRBYFLOAT", "s", "f", increment);
        }
        // Stored values strtold reads, and values it does not.
        for (String stored : new String[] {"0x10", "1e2", "0x.8", "0x1.", " 1", "1 ", "abc", "", "nan", "infinity",
                "-inf", "1e4932", "1.18973149535723176502e4933", "1e-5000", "0x1p", "1e+", "12345678901234567890"}) {
            same("HSET", "h", "v", stored);
            same("HINCRBYFLOAT", "h", "v", "1");
            same("HGET", "h", "v");
        }
        same("HSET", "h", "big", "1e4900");
        same("HINCRBYFLOAT", "h", "big", "1e4900");
        same("HINCRBYFLOAT", "h", "big", "-1e4900");
        same("HSET", "h", "huge", "1e4932");
        same("HINCRBYFLOAT", "h", "huge", "1e4932");
        same("HGET", "h", "huge");
    }

    @Test
    void randomFieldsWithoutCount() throws IOException {
        same("HRANDFIELD", "nokey");
        same("HSET", "h", "a", "1", "b", "2", "c", "3");
        for (int i = 0; i < 20; i++) {
            assertThat(ours.call("HRANDFIELD", "h").text()).isIn("a", "b", "c");
        }
    }

    @Test
    void randomFieldsWithCountFollowRedisRules() throws IOException {
        Map<String, String> hash = new TreeMap<>();
        List<Object> command = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 30; i++) {
            hash.put("f" + i, "v" + i);
            command.add("f" + i);
            command.add("v" + i);
        }
        same(command.toArray());
        for (RespConnection connection : List.of(ours, reference)) {
            // Positive count: distinct fields, at most the hash's size.
            for (int count : new int[] {1, 5, 15, 29, 30, 31, 1000}) {
                List<String> fields = texts(connection.call("HRANDFIELD", "h", count));
                assertThat(fields).hasSize(Math.min(count, 30)).doesNotHaveDuplicates();
                assertThat(hash.keySet()).containsAll(fields);
                List<String> pairs = texts(connection.call("HRANDFIELD", "h", count, "WITHVALUES"));
                assertThat(pairs).hasSize(2 * Math.min(count, 30));
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < pairs.size(); i += 2) {
                    assertThat(hash).containsEntry(pairs.get(i), pairs.get(i + 1));
                    assertThat(seen.add(pairs.get(i))).isTrue();
                }
            }
            // Negative count: exactly that many, repeats allowed.
            List<String> repeated = texts(connection.call("HRANDFIELD", "h", -100));
            assertThat(repeated).hasSize(100);
            assertThat(hash.keySet()).containsAll(repeated);
            List<String> repeatedPairs = texts(connection.call("HRANDFIELD", "h", "-50", "withvalues"));
            assertThat(repeatedPairs).hasSize(100);
            for (int i = 0; i < repeatedPairs.size(); i += 2) {
                assertThat(hash).containsEntry(repeatedPairs.get(i), repeatedPairs.get(i + 1));
            }
        }
        // A single-field hash makes the whole reply predictable.
        same("HSET", "one", "f", "v");
        same("HRANDFIELD", "one", "-3");
        same("HRANDFIELD", "one", "-3", "WITHVALUES");
        same("HRANDFIELD", "one", "5", "WITHVALUES");
        same("HRANDFIELD", "one", "9223372036854775807");
        same("HRANDFIELD", "one", "4611686018427387903", "WITHVALUES");
        same("HRANDFIELD", "one", "1");
        same("HRANDFIELD", "one");
        same("HRANDFIELD", "h", "0");
        same("HRANDFIELD", "h", "0", "WITHVALUES");
        same("HRANDFIELD", "nokey", "5");
        same("HRANDFIELD", "nokey", "-5", "WITHVALUES");
        same("HRANDFIELD", "nokey", "-9223372036854775807");
        // Errors, in Redis's order of checks.
        same("SET", "s", "x");
        same("HRANDFIELD", "h", "x");
        same("HRANDFIELD", "nokey", "x");
        same("HRANDFIELD", "nokey", "x", "y");
        same("HRANDFIELD", "nokey", "1", "y");
        same("HRANDFIELD", "s", "1", "y");
        same("HRANDFIELD", "h", "1", "WITHVALUES", "x");
        same("HRANDFIELD", "nokey", "x", "WITHVALUES", "x");
        same("HRANDFIELD", "h", "-9223372036854775808");
        same("HRANDFIELD", "h", "9223372036854775807", "WITHVALUES");
        same("HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES");
        same("HRANDFIELD", "h", "4611686018427387904", "WITHVALUES");
        same("HRANDFIELD", "s", "9223372036854775807", "WITHVALUES");
        same("HRANDFIELD", "s", "0");
    }

    @Test
    void scanSmallHashesWhole() throws IOException {
        same("HSCAN", "nokey", "0");
        same("HSCAN", "nokey", "0", "COUNT", "0");
        same("HSCAN", "nokey", "x");
        same("HSET", "h", "a1", "1", "a2", "2", "b1", "3", "c", "4");
        // Redis returns a small (listpack) hash whole, with cursor 0, whatever the cursor and COUNT.
        sameUnordered("HSCAN", "h", "0");
        sameUnordered("HSCAN", "h", "0", "COUNT", "1");
        sameUnordered("HSCAN", "h", "7");
        sameUnordered("HSCAN", "h", "0", "MATCH", "a*");
        sameUnordered("HSCAN", "h", "0", "MATCH", "a*", "COUNT", "1", "MATCH", "b*");
        sameUnordered("HSCAN", "h", "0", "MATCH", "zz*");
        same("HSCAN", "h", "-1");
        same("HSCAN", "h", "18446744073709551616");
        sameUnordered("HSCAN", "h", "18446744073709551615");
        same("HSCAN", "h", "0", "COUNT", "0");
        same("HSCAN", "h", "0", "COUNT", "-1");
        same("HSCAN", "h", "0", "COUNT", "x");
        same("HSCAN", "h", "0", "COUNT");
        same("HSCAN", "h", "0", "MATCH");
        same("HSCAN", "h", "0", "TYPE", "string");
        same("HSCAN", "h", "0", "BOGUS", "1");
        // NOVALUES came with Redis 7.4 (valkey 8.0 has it too); Redis 7.2, the bundled server's target, refuses it.
        assertThat(ours.call("HSCAN", "h", "0", "NOVALUES").toString()).isEqualTo("-ERR syntax error");
        same("HSCAN", "nokey", "0", "NOVALUES");
        // Fields up to 512 and values up to 64 bytes still make a listpack.
        List<Object> command = new ArrayList<>(List.of("HSET", "big"));
        for (int i = 0; i < 512; i++) {
            command.add("f" + i);
            command.add("v".repeat(i % 65));
        }
        same(command.toArray());
        sameUnordered("HSCAN", "big", "0", "COUNT", "3");
        sameUnordered("HSCAN", "big", "0", "MATCH", "f1*");
    }

    @Test
    void scanLargeHashesByCursor() throws IOException {
        List<Object> command = new ArrayList<>(List.of("HSET", "h"));
        for (int i = 0; i < 600; i++) {
            command.add("field:" + i);
            command.add("value:" + i);
        }
        same(command.toArray());
        // Past 512 fields Redis uses a hash table: a COUNT 10 step returns part of it, and a full scan returns all.
        Map<String, String> ourFields = scanAll(ours, "h", "COUNT", "10");
        Map<String, String> theirFields = scanAll(reference, "h", "COUNT", "10");
        assertThat(ourFields).hasSize(600).isEqualTo(theirFields);
        assertThat(scanAll(ours, "h", "MATCH", "field:1*")).isEqualTo(scanAll(reference, "h", "MATCH", "field:1*"))
                .hasSize(111);
        Resp step = ours.call("HSCAN", "h", "0");
        assertThat(step.elements().get(0).text()).isNotEqualTo("0");
        // Shrinking does not turn a hash table back into a listpack (nor do scans).
        List<Object> delete = new ArrayList<>(List.of("HDEL", "h"));
        for (int i = 5; i < 600; i++) {
            delete.add("field:" + i);
        }
        same(delete.toArray());
        assertThat(scanAll(ours, "h")).isEqualTo(scanAll(reference, "h")).hasSize(5);
        // Long values make a hash table too, whatever the size.
        same("HSET", "long", "f", "v".repeat(65), "g", "w");
        assertThat(scanAll(ours, "long", "COUNT", "1")).isEqualTo(scanAll(reference, "long", "COUNT", "1"));
        same("HDEL", "long", "f");
        same("HSET", "long2", "f".repeat(65), "v");
        same("HSET", "long3", "f", "1");
        same("HINCRBYFLOAT", "long3", "f", "1e70");
        assertThat(scanAll(ours, "long3")).isEqualTo(scanAll(reference, "long3"));
    }

    @Test
    void resp3ReplyTypes() throws IOException {
        resp3();
        same("HSET", "h", "a", "1", "b", "2");
        sameUnordered("HGETALL", "h");
        same("HGETALL", "nokey");
        same("HGET", "h", "nope");
        same("HMGET", "h", "a", "nope");
        same("HRANDFIELD", "nokey");
        same("HRANDFIELD", "nokey", "3", "WITHVALUES");
        same("HRANDFIELD", "h", "0", "WITHVALUES");
        sameUnordered("HRANDFIELD", "h", "2", "WITHVALUES");
        sameUnordered("HRANDFIELD", "h", "5", "WITHVALUES");
        same("HSET", "one", "f", "v");
        same("HRANDFIELD", "one", "-3", "WITHVALUES");
        same("HRANDFIELD", "one", "-2");
        sameUnordered("HKEYS", "h");
        sameUnordered("HVALS", "h");
        sameUnordered("HSCAN", "h", "0");
        same("HINCRBYFLOAT", "h", "a", "1.5");
        same("HINCRBY", "h", "b", "1");
        same("HEXISTS", "h", "a");
        same("HSTRLEN", "h", "a");
    }

    @Test
    void commandInfoMatchesRedis() throws IOException {
        for (String name : new String[] {"hset", "hsetnx", "hget", "hmget", "hmset", "hgetall", "hdel", "hexists",
                "hlen", "hkeys", "hvals", "hstrlen", "hincrby", "hincrbyfloat", "hrandfield", "hscan"}) {
            assertThat(commandInfoHead(ours, name)).as(name).isEqualTo(commandInfoHead(reference, name));
        }
    }

    @Test
    void writesBreakWatch() throws IOException {
        same("HSET", "h", "f", "v");
        for (Object[] write : new Object[][] {{"HSET", "h", "f", "v"}, {"HSETNX", "h", "g", "v"},
                {"HINCRBY", "h", "n", "1"}, {"HINCRBYFLOAT", "h", "n", "1.5"}, {"HDEL", "h", "g"},
                {"HMSET", "h", "x", "y"}}) {
            try (RespConnection other = newOurs(); RespConnection otherReference = newReference()) {
                same("WATCH", "h");
                other.call(write);
                otherReference.call(write);
                same("MULTI");
                same("HGET", "h", "f");
                same("EXEC");
            }
        }
        // Writes that change nothing leave the watch alone.
        for (Object[] noop : new Object[][] {{"HSETNX", "h", "f", "other"}, {"HDEL", "h", "nope"},
                {"HDEL", "nokey", "f"}}) {
            try (RespConnection other = newOurs(); RespConnection otherReference = newReference()) {
                same("WATCH", "h", "nokey");
                other.call(noop);
                otherReference.call(noop);
                same("MULTI");
                same("HGET", "h", "f");
                same("EXEC");
            }
        }
    }

    @Test
    void expiryAndCopy() throws IOException {
        same("HSET", "h", "f", "v");
        same("EXPIRE", "h", "100");
        same("HSET", "h", "g", "w");
        same("TTL", "h");
        same("HDEL", "h", "f", "g");
        same("TTL", "h");
        same("HSET", "h", "f", "v");
        same("TTL", "h");
        // A time in the past deletes the hash at once.
        same("PEXPIREAT", "h", "1");
        same("HGET", "h", "f");
        same("HLEN", "h");
        same("HSET", "src", "a", "1", "b", "2");
        same("COPY", "src", "dst");
        same("HSET", "dst", "a", "changed");
        same("HGET", "src", "a");
        sameUnordered("HGETALL", "dst");
        same("RENAME", "dst", "moved");
        sameUnordered("HGETALL", "moved");
    }

    static List<Object> commandInfoHead(RespConnection connection, String name) throws IOException {
        Resp info = connection.call("COMMAND", "INFO", name).elements().get(0);
        List<Object> head = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Resp element = info.elements().get(i);
            head.add(element.elements() == null ? element.text() : element.sorted().toString());
        }
        return head;
    }

    static List<String> texts(Resp reply) {
        List<String> texts = new ArrayList<>();
        for (Resp element : reply.elements()) {
            texts.add(element.text());
        }
        return texts;
    }

    /** HSCAN from cursor 0 until it returns 0; fails on a field returned with two different values. */
    static Map<String, String> scanAll(RespConnection connection, String key, String... options) throws IOException {
        Map<String, String> fields = new HashMap<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<Object> command = new ArrayList<>(List.of("HSCAN", key, cursor));
            command.addAll(List.of(options));
            Resp reply = connection.call(command.toArray());
            cursor = reply.elements().get(0).text();
            List<Resp> flat = reply.elements().get(1).elements();
            for (int i = 0; i < flat.size(); i += 2) {
                String previous = fields.put(flat.get(i).text(), flat.get(i + 1).text());
                assertThat(previous == null || previous.equals(flat.get(i + 1).text())).isTrue();
            }
            assertThat(++steps).as("scan of %s terminates", key).isLessThan(100_000);
        } while (!cursor.equals("0"));
        return fields;
    }
}
