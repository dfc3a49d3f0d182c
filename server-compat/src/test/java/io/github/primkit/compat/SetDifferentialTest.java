package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SetDifferentialTest extends DifferentialTest {
    @Test
    void addRemoveAndMembership() throws IOException {
        same("SADD", "s", "a", "b", "c", "a");
        same("SADD", "s", "a", "d");
        same("SADD", "s", "a");
        same("SCARD", "s");
        same("SCARD", "nokey");
        same("SISMEMBER", "s", "a");
        same("SISMEMBER", "s", "z");
        same("SISMEMBER", "nokey", "a");
        same("SMISMEMBER", "s", "a", "z", "d", "a");
        same("SMISMEMBER", "nokey", "a", "b");
        sameUnordered("SMEMBERS", "s");
        same("SMEMBERS", "nokey");
        same("SREM", "s", "a", "a", "z");
        same("SREM", "s", "z");
        same("SREM", "nokey", "a");
        // Removing the last members deletes the key: Redis never keeps an empty set.
        same("SREM", "s", "b", "c", "d", "e");
        same("EXISTS", "s");
        same("TYPE", "s");
        same("SMEMBERS", "s");
        same("SADD", "ints", "1", "2", "3", "-5", "007");
        sameUnordered("SMEMBERS", "ints");
        same("SISMEMBER", "ints", "7");
        same("SISMEMBER", "ints", "007");
        same("TYPE", "ints");
        same("DBSIZE");
    }

    @Test
    void binarySafeMembers() throws IOException {
        byte[] binary = {0, (byte) 0xff, '\r', '\n', 1};
        same("SADD", "s", binary, "", "é");
        same("SISMEMBER", "s", binary);
        same("SISMEMBER", "s", "");
        same("SMISMEMBER", "s", "", "é", "e");
        sameUnordered("SMEMBERS", "s");
        same("SREM", "s", binary, "");
        sameUnordered("SMEMBERS", "s");
        same("SADD", "t", binary);
        sameUnordered("SUNION", "s", "t");
        same("SMOVE", "t", "s", binary);
        sameUnordered("SMEMBERS", "s");
    }

    @Test
    void arityAndWrongType() throws IOException {
        same("SET", "str", "x");
        same("HSET", "h", "f", "v");
        same("SADD", "s");
        same("SADD", "s", "a");
        same("SREM", "s");
        same("SISMEMBER", "s");
        same("SISMEMBER", "s", "a", "b");
        same("SMISMEMBER", "s");
        same("SMEMBERS");
        same("SCARD", "s", "x");
        same("SPOP");
        same("SRANDMEMBER");
        same("SMOVE", "s", "t");
        same("SINTER");
        same("SINTERSTORE", "d");
        same("SUNIONSTORE", "d");
        same("SDIFFSTORE", "d");
        same("SINTERCARD", "1");
        same("SSCAN", "s");
        for (String key : new String[] {"str", "h"}) {
            for (Object[] command : new Object[][] {{"SADD", key, "a"}, {"SREM", key, "a"}, {"SISMEMBER", key, "a"},
                    {"SMISMEMBER", key, "a"}, {"SMEMBERS", key}, {"SCARD", key}, {"SPOP", key}, {"SPOP", key, "1"},
                    {"SPOP", key, "0"}, {"SRANDMEMBER", key}, {"SRANDMEMBER", key, "1"}, {"SRANDMEMBER", key, "0"},
                    {"SRANDMEMBER", key, "-1"}, {"SSCAN", key, "0"}, {"SINTER", key}, {"SUNION", key},
                    {"SDIFF", key}}) {
                same(command);
            }
        }
        same("GET", "s");
        same("HGET", "s", "f");
        same("INCR", "s");
        same("TYPE", "s");
        same("GET", "str");
    }

    @Test
    void popAndRandomMemberErrorsAndEdges() throws IOException {
        same("SET", "str", "x");
        same("SPOP", "nokey");
        same("SPOP", "nokey", "3");
        same("SPOP", "nokey", "0");
        for (String bad : new String[] {"-1", "x", "1.5", "-9223372036854775808", "9223372036854775808", ""}) {
            same("SPOP", "nokey", bad);
            same("SPOP", "str", bad);
        }
        same("SPOP", "nokey", "1", "2");
        same("SPOP", "str", "x", "y");
        same("SRANDMEMBER", "nokey");
        same("SRANDMEMBER", "nokey", "3");
        same("SRANDMEMBER", "nokey", "-3");
        same("SRANDMEMBER", "nokey", "0");
        same("SRANDMEMBER", "nokey", "-9223372036854775807");
        for (String bad : new String[] {"x", "1.5", "-9223372036854775808", "9223372036854775808", ""}) {
            same("SRANDMEMBER", "nokey", bad);
            same("SRANDMEMBER", "str", bad);
        }
        same("SRANDMEMBER", "nokey", "1", "2");
        same("SRANDMEMBER", "nokey", "x", "2");
        // A one-member set makes every random reply predictable.
        same("SADD", "one", "m");
        same("SRANDMEMBER", "one");
        same("SRANDMEMBER", "one", "-4");
        same("SRANDMEMBER", "one", "4");
        same("SRANDMEMBER", "one", "9223372036854775807");
        same("SRANDMEMBER", "one", "0");
        // A reply of billions of elements cannot be built here (Redis would try until memory runs out): refused.
        assertThat(ours.call("SRANDMEMBER", "one", "-3000000000").toString()).isEqualTo("-ERR value is out of range");
        assertThat(ours.call("SRANDMEMBER", "one", "-2147483640").toString()).isEqualTo("-ERR value is out of range");
        assertThat(ours.call("HSET", "hash", "f", "v").text()).isEqualTo("1");
        assertThat(ours.call("HRANDFIELD", "hash", "-1073741820", "WITHVALUES").toString())
                .isEqualTo("-ERR value is out of range");
        assertThat(ours.call("DEL", "hash").text()).isEqualTo("1");
        same("SPOP", "one", "0");
        same("SPOP", "one", "9223372036854775807");
        same("EXISTS", "one");
        same("SADD", "one", "m");
        same("SPOP", "one");
        same("EXISTS", "one");
        same("SADD", "two", "a", "b");
        for (RespConnection connection : List.of(ours, reference)) {
            assertThat(HashDifferentialTest.texts(connection.call("SPOP", "two", "1"))).hasSize(1);
            assertThat(connection.call("SCARD", "two").text()).isEqualTo("1");
            assertThat(HashDifferentialTest.texts(connection.call("SPOP", "two", "1"))).hasSize(1);
        }
        same("EXISTS", "two");
    }

    @Test
    void randomMembersFollowRedisRules() throws IOException {
        Set<String> all = new TreeSet<>();
        List<Object> command = new ArrayList<>(List.of("SADD", "s"));
        for (int i = 0; i < 40; i++) {
            all.add("m" + i);
            command.add("m" + i);
        }
        same(command.toArray());
        for (RespConnection connection : List.of(ours, reference)) {
            for (int count : new int[] {1, 3, 13, 14, 39, 40, 41, 1000}) {
                List<String> members = HashDifferentialTest.texts(connection.call("SRANDMEMBER", "s", count));
                assertThat(members).hasSize(Math.min(count, 40)).doesNotHaveDuplicates();
                assertThat(all).containsAll(members);
            }
            List<String> repeated = HashDifferentialTest.texts(connection.call("SRANDMEMBER", "s", -200));
            assertThat(repeated).hasSize(200);
            assertThat(all).containsAll(repeated);
            assertThat(new HashSet<>(repeated).size()).as("200 picks of 40 repeat").isLessThan(200);
            assertThat(all).contains(connection.call("SRANDMEMBER", "s").text());
            assertThat(connection.call("SCARD", "s").text()).isEqualTo("40");
        }
        // SPOP takes distinct members out, on both servers alike in number.
        for (RespConnection connection : List.of(ours, reference)) {
            Set<String> left = new TreeSet<>(all);
            String one = connection.call("SPOP", "s").text();
            assertThat(left.remove(one)).isTrue();
            for (int count : new int[] {1, 5, 20}) {
                List<String> popped = HashDifferentialTest.texts(connection.call("SPOP", "s", count));
                assertThat(popped).hasSize(count).doesNotHaveDuplicates();
                assertThat(left).containsAll(popped);
                left.removeAll(popped);
                assertThat(new TreeSet<>(HashDifferentialTest.texts(connection.call("SMEMBERS", "s"))))
                        .isEqualTo(left);
            }
            List<String> rest = HashDifferentialTest.texts(connection.call("SPOP", "s", 100));
            assertThat(new TreeSet<>(rest)).isEqualTo(left);
            assertThat(connection.call("EXISTS", "s").text()).isEqualTo("0");
        }
    }

    @Test
    void move() throws IOException {
        same("SET", "str", "x");
        same("SADD", "a", "1", "2", "x");
        same("SADD", "b", "2");
        same("SMOVE", "a", "b", "1");
        same("SMOVE", "a", "b", "1");
        same("SMOVE", "a", "b", "2");
        sameUnordered("SMEMBERS", "a");
        sameUnordered("SMEMBERS", "b");
        same("SMOVE", "a", "a", "x");
        same("SMOVE", "a", "a", "nope");
        same("SMOVE", "a", "new", "x");
        same("EXISTS", "a");
        same("TYPE", "new");
        same("SMOVE", "nokey", "b", "1");
        same("SMOVE", "nokey", "str", "1");
        same("SMOVE", "str", "b", "1");
        same("SMOVE", "b", "str", "1");
        same("SMOVE", "b", "str", "nope");
        same("SMOVE", "b", "b", "1");
        sameUnordered("SMEMBERS", "b");
    }

    @Test
    void algebra() throws IOException {
        same("SET", "str", "x");
        same("SADD", "a", "1", "2", "3", "x", "y");
        same("SADD", "b", "2", "3", "4", "y", "z");
        same("SADD", "c", "3", "y", "q");
        sameUnordered("SINTER", "a", "b");
        sameUnordered("SINTER", "a", "b", "c");
        sameUnordered("SINTER", "a");
        sameUnordered("SINTER", "a", "a");
        same("SINTER", "a", "nokey");
        same("SINTER", "nokey", "a");
        sameUnordered("SUNION", "a", "b", "c");
        sameUnordered("SUNION", "a", "nokey");
        same("SUNION", "nokey", "nokey2");
        sameUnordered("SDIFF", "a", "b");
        sameUnordered("SDIFF", "a", "b", "c");
        sameUnordered("SDIFF", "a", "nokey");
        same("SDIFF", "nokey", "a");
        same("SDIFF", "a", "a");
        // Every key is type-checked, even after a missing one.
        for (String command : new String[] {"SINTER", "SUNION", "SDIFF"}) {
            same(command, "a", "nokey", "str");
            same(command, "nokey", "str");
            same(command, "str", "nokey");
            same(command, "a", "str");
        }
        same("SINTERCARD", "2", "a", "b");
        same("SINTERCARD", "3", "a", "b", "c");
        same("SINTERCARD", "2", "a", "nokey");
        same("SINTERCARD", "1", "a", "LIMIT", "2");
        same("SINTERCARD", "1", "a", "LIMIT", "0");
        same("SINTERCARD", "1", "a", "limit", "100");
        same("SINTERCARD", "1", "a", "LIMIT", "1", "LIMIT", "3");
        same("SINTERCARD", "2", "a", "b", "LIMIT", "1");
        same("SINTERCARD", "1", "a", "LIMIT", "9223372036854775807");
    }

    @Test
    void sintercardErrors() throws IOException {
        same("SET", "str", "x");
        same("SADD", "a", "1");
        for (String numKeys : new String[] {"0", "-1", "x", "", "-9223372036854775808", "1.0"}) {
            same("SINTERCARD", numKeys, "a");
        }
        same("SINTERCARD", "3", "a");
        same("SINTERCARD", "2", "a");
        same("SINTERCARD", "9223372036854775807", "a");
        same("SINTERCARD", "2147483648", "a");
        same("SINTERCARD", "1", "a", "LIMIT");
        same("SINTERCARD", "1", "a", "LIMIT", "-1");
        same("SINTERCARD", "1", "a", "LIMIT", "x");
        same("SINTERCARD", "1", "a", "FOO", "2");
        same("SINTERCARD", "1", "a", "a");
        same("SINTERCARD", "2", "a", "str");
        same("SINTERCARD", "2", "nokey", "str");
        same("SINTERCARD", "1", "str", "LIMIT", "-1");
        same("SINTERCARD", "1", "str", "BOGUS");
    }

    @Test
    void storeOverwritesTheDestination() throws IOException {
        same("SET", "str", "x");
        same("SADD", "a", "1", "2", "3", "x");
        same("SADD", "b", "2", "3", "4");
        same("SINTERSTORE", "d", "a", "b");
        sameUnordered("SMEMBERS", "d");
        same("SUNIONSTORE", "d", "a", "b");
        sameUnordered("SMEMBERS", "d");
        same("SDIFFSTORE", "d", "a", "b");
        sameUnordered("SMEMBERS", "d");
        // A destination of another type is replaced, and its TTL goes.
        same("SET", "dest", "x", "EX", "100");
        same("SUNIONSTORE", "dest", "a");
        same("TYPE", "dest");
        same("TTL", "dest");
        same("HSET", "hdest", "f", "v");
        same("SINTERSTORE", "hdest", "a", "b");
        same("TYPE", "hdest");
        // An empty result deletes the destination.
        same("SINTERSTORE", "d", "a", "nokey");
        same("EXISTS", "d");
        same("SET", "str2", "x");
        same("SDIFFSTORE", "str2", "a", "a");
        same("EXISTS", "str2");
        same("SUNIONSTORE", "none", "nokey", "nokey2");
        same("EXISTS", "none");
        // The destination may be a source.
        same("SDIFFSTORE", "a", "a", "b");
        sameUnordered("SMEMBERS", "a");
        same("SUNIONSTORE", "a", "a", "b");
        sameUnordered("SMEMBERS", "a");
        same("SINTERSTORE", "b", "a", "b");
        sameUnordered("SMEMBERS", "b");
        // Sources are all type-checked; the destination is not.
        same("SINTERSTORE", "d", "a", "nokey", "str");
        same("SUNIONSTORE", "d", "str", "a");
        same("SDIFFSTORE", "d", "nokey", "str");
        same("SINTERSTORE", "str", "a", "b");
        same("TYPE", "str");
    }

    @Test
    void scanSmallSetsWhole() throws IOException {
        same("SSCAN", "nokey", "0");
        same("SSCAN", "nokey", "x");
        same("SSCAN", "nokey", "0", "COUNT", "0");
        same("SADD", "ints", "1", "2", "3", "10", "20");
        sameUnordered("SSCAN", "ints", "0");
        sameUnordered("SSCAN", "ints", "0", "COUNT", "1");
        sameUnordered("SSCAN", "ints", "5", "MATCH", "1*");
        same("SADD", "s", "a1", "a2", "b1");
        sameUnordered("SSCAN", "s", "0", "COUNT", "1");
        sameUnordered("SSCAN", "s", "0", "MATCH", "a*");
        same("SSCAN", "s", "-1");
        same("SSCAN", "s", "0", "COUNT", "0");
        same("SSCAN", "s", "0", "COUNT", "x");
        same("SSCAN", "s", "0", "MATCH");
        same("SSCAN", "s", "0", "TYPE", "set");
        // Up to 512 integers stay an intset, up to 128 short strings a listpack: still returned whole.
        List<Object> command = new ArrayList<>(List.of("SADD", "manyints"));
        for (int i = 0; i < 512; i++) {
            command.add(Integer.toString(i * 7 - 100));
        }
        same(command.toArray());
        sameUnordered("SSCAN", "manyints", "0", "COUNT", "2");
        command = new ArrayList<>(List.of("SADD", "strings"));
        for (int i = 0; i < 128; i++) {
            command.add("m".repeat(i % 64) + i % 10);
        }
        same(command.toArray());
        sameUnordered("SSCAN", "strings", "0", "COUNT", "2");
        // An integer set turned listpack by a string, and results of the algebra, also stay compact.
        same("SADD", "mixed", "1", "2", "3");
        same("SADD", "mixed", "x");
        sameUnordered("SSCAN", "mixed", "0", "COUNT", "1");
        same("SINTERSTORE", "inter", "manyints", "manyints");
        sameUnordered("SSCAN", "inter", "0", "COUNT", "1");
        same("SUNIONSTORE", "union", "ints", "s");
        sameUnordered("SSCAN", "union", "0", "COUNT", "1");
        same("SMOVE", "s", "moved", "a1");
        sameUnordered("SSCAN", "moved", "0", "COUNT", "1");
    }

    @Test
    void scanLargeSetsByCursor() throws IOException {
        List<Object> command = new ArrayList<>(List.of("SADD", "s"));
        for (int i = 0; i < 300; i++) {
            command.add("member:" + i);
        }
        same(command.toArray());
        assertThat(scanAll(ours, "s", "COUNT", "7")).isEqualTo(scanAll(reference, "s", "COUNT", "7")).hasSize(300);
        assertThat(scanAll(ours, "s", "MATCH", "member:2*")).isEqualTo(scanAll(reference, "s", "MATCH", "member:2*"))
                .hasSize(111);
        assertThat(ours.call("SSCAN", "s", "0").elements().get(0).text()).isNotEqualTo("0");
        // Encodings Redis switches to a hash table, and keeps there after shrinking.
        command = new ArrayList<>(List.of("SADD", "ints"));
        for (int i = 0; i < 513; i++) {
            command.add(Integer.toString(i));
        }
        same(command.toArray());
        assertThat(scanAll(ours, "ints", "COUNT", "5")).isEqualTo(scanAll(reference, "ints", "COUNT", "5"));
        same("SADD", "long", "x".repeat(65));
        same("SADD", "long", "short");
        assertThat(scanAll(ours, "long", "COUNT", "1")).isEqualTo(scanAll(reference, "long", "COUNT", "1"));
        same("SREM", "long", "x".repeat(65));
        assertThat(scanAll(ours, "long", "COUNT", "1")).isEqualTo(scanAll(reference, "long", "COUNT", "1"));
        // 128 integers plus a string: too many for a listpack.
        command = new ArrayList<>(List.of("SADD", "grown"));
        for (int i = 0; i < 128; i++) {
            command.add(Integer.toString(i));
        }
        same(command.toArray());
        same("SADD", "grown", "x");
        assertThat(scanAll(ours, "grown", "COUNT", "1")).isEqualTo(scanAll(reference, "grown", "COUNT", "1"));
        // SPOP of most of a hash-table set rebuilds it compact.
        assertThat(HashDifferentialTest.texts(ours.call("SPOP", "grown", "120"))).hasSize(120);
        assertThat(HashDifferentialTest.texts(reference.call("SPOP", "grown", "120"))).hasSize(120);
        assertThat(scanAll(ours, "grown", "COUNT", "1")).hasSameSizeAs(scanAll(reference, "grown", "COUNT", "1"));
        assertThat(ours.call("SSCAN", "grown", "0", "COUNT", "1").elements().get(0).text()).isEqualTo("0");
    }

    @Test
    void resp3ReplyTypes() throws IOException {
        resp3();
        same("SADD", "a", "1", "2", "x");
        same("SADD", "b", "2", "x", "y");
        sameUnordered("SMEMBERS", "a");
        same("SMEMBERS", "nokey");
        sameUnordered("SINTER", "a", "b");
        same("SINTER", "a", "nokey");
        sameUnordered("SUNION", "a", "b");
        sameUnordered("SDIFF", "a", "b");
        same("SDIFF", "nokey", "a");
        same("SMISMEMBER", "a", "1", "z");
        same("SISMEMBER", "a", "1");
        same("SPOP", "nokey");
        same("SPOP", "nokey", "2");
        same("SPOP", "a", "0");
        same("SRANDMEMBER", "nokey");
        same("SRANDMEMBER", "nokey", "2");
        same("SRANDMEMBER", "a", "0");
        same("SADD", "one", "m");
        same("SRANDMEMBER", "one", "3");
        same("SRANDMEMBER", "one", "-3");
        same("SPOP", "one", "5");
        same("SADD", "one", "m", "n");
        assertThat(ours.call("SPOP", "one", "1").toString()).matches("~\\[\\$[mn]\\]");
        assertThat(reference.call("SPOP", "one", "1").toString()).matches("~\\[\\$[mn]\\]");
        sameUnordered("SSCAN", "a", "0");
        same("SINTERCARD", "2", "a", "b");
        same("SINTERSTORE", "d", "a", "b");
    }

    @Test
    void commandInfoMatchesRedis() throws IOException {
        for (String name : new String[] {"sadd", "srem", "sismember", "smismember", "smembers", "scard", "spop",
                "srandmember", "smove", "sinter", "sunion", "sdiff", "sinterstore", "sunionstore", "sdiffstore",
                "sintercard", "sscan"}) {
            assertThat(HashDifferentialTest.commandInfoHead(ours, name)).as(name)
                    .isEqualTo(HashDifferentialTest.commandInfoHead(reference, name));
        }
    }

    @Test
    void writesBreakWatchAndNoopsDoNot() throws IOException {
        same("SADD", "s", "a", "b", "c");
        same("SADD", "t", "z");
        for (Object[] write : new Object[][] {{"SADD", "s", "d"}, {"SREM", "s", "d"},
                {"SMOVE", "t", "s", "z"}, {"SMOVE", "s", "t", "z"}, {"SINTERSTORE", "s", "s", "s"},
                {"SUNIONSTORE", "s", "s"}}) {
            try (RespConnection other = newOurs(); RespConnection otherReference = newReference()) {
                same("WATCH", "s");
                other.call(write);
                otherReference.call(write);
                same("MULTI");
                same("SCARD", "s");
                same("EXEC");
            }
        }
        for (Object[] noop : new Object[][] {{"SADD", "s", "a"}, {"SREM", "s", "nope"}, {"SPOP", "s", "0"},
                {"SMOVE", "s", "s", "a"}, {"SMOVE", "nokey", "s", "a"}, {"SINTERSTORE", "nokey", "nokey2"}}) {
            try (RespConnection other = newOurs(); RespConnection otherReference = newReference()) {
                same("WATCH", "s", "nokey");
                other.call(noop);
                otherReference.call(noop);
                same("MULTI");
                same("SCARD", "s");
                same("EXEC");
            }
        }
    }

    /** SSCAN from cursor 0 until it returns 0. */
    static Set<String> scanAll(RespConnection connection, String key, String... options) throws IOException {
        Set<String> members = new TreeSet<>();
        String cursor = "0";
        int steps = 0;
        do {
            List<Object> command = new ArrayList<>(List.of("SSCAN", key, cursor));
            command.addAll(List.of(options));
            Resp reply = connection.call(command.toArray());
            cursor = reply.elements().get(0).text();
            reply.elements().get(1).elements().forEach(e -> members.add(e.text()));
            assertThat(++steps).as("scan of %s terminates", key).isLessThan(100_000);
        } while (!cursor.equals("0"));
        return members;
    }
}
