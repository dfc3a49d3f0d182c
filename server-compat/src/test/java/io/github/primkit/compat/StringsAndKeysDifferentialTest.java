package io.github.primkit.compat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class StringsAndKeysDifferentialTest extends DifferentialTest {
    @Test
    void setAndGetWithEveryOption() throws IOException {
        same("SET", "k", "v");
        same("GET", "k");
        same("GET", "missing");
        same("SET", "k", "v2", "NX");
        same("SET", "k", "v2", "XX");
        same("SET", "n", "1", "XX");
        same("SET", "k", "v3", "GET");
        same("SET", "new", "v", "NX", "GET");
        same("SET", "k", "v4", "XX", "GET");
        same("SET", "k", "v", "EX", "100");
        same("TTL", "k");
        same("SET", "k", "v", "PX", "100000");
        same("SET", "k", "v", "KEEPTTL");
        same("TTL", "k");
        same("SET", "k", "v", "EX", "0");
        same("SET", "k", "v", "EX", "-5");
        same("SET", "k", "v", "EX", "abc");
        same("SET", "k", "v", "EX", "9223372036854775807");
        same("SET", "k", "v", "NX", "XX");
        same("SET", "k", "v", "EX", "10", "PX", "100");
        same("SET", "k", "v", "EX", "10", "KEEPTTL");
        same("SET", "k", "v", "EX");
        same("SET", "k", "v", "BOGUS");
        same("SET", "k", "v", "EXAT", "1");
        same("EXISTS", "k");
        same("SET", "k", "v", "PXAT", "99999999999999");
        sameWithin(50, "PTTL", "k");
        same("PEXPIRETIME", "k");
        same("SET", "k");
    }

    @Test
    void counters() throws IOException {
        same("INCR", "c");
        same("INCRBY", "c", "41");
        same("DECR", "c");
        same("DECRBY", "c", "10");
        same("INCRBY", "c", "abc");
        same("INCRBY", "c", " 1");
        same("INCRBY", "c", "+1");
        same("INCRBY", "c", "01");
        same("SET", "big", "9223372036854775807");
        same("INCR", "big");
        same("SET", "small", "-9223372036854775808");
        same("DECR", "small");
        same("DECRBY", "c", "-9223372036854775808");
        same("SET", "s", "hello");
        same("INCR", "s");
        same("SET", "f", "10.5");
        same("INCRBYFLOAT", "f", "0.1");
        same("INCRBYFLOAT", "f", "-5");
        same("INCRBYFLOAT", "g", "0.1");
        same("INCRBYFLOAT", "g", "0.2");
        same("INCRBYFLOAT", "g", "1e3");
        same("INCRBYFLOAT", "g", "abc");
        same("INCRBYFLOAT", "g", "inf");
        same("INCRBYFLOAT", "g", "3.0e-5");
        same("INCRBYFLOAT", "h", "5.0e3");
        same("INCRBYFLOAT", "i", "-0.0");
        same("INCRBYFLOAT", "x", "0x10");
        same("INCRBYFLOAT", "x", "0x1p-3");
        same("INCRBYFLOAT", "x", "1e-5000");
        same("INCRBYFLOAT", "x", "1e5000");
        same("INCRBYFLOAT", "x", " 1");
        same("INCRBYFLOAT", "x", "nan");
        same("SET", "y", "0x20");
        same("INCRBYFLOAT", "y", "1");
        same("GET", "i");
        same("INCR", "f");
    }

    @Test
    void byteRanges() throws IOException {
        same("APPEND", "s", "Hello");
        same("APPEND", "s", " World");
        same("STRLEN", "s");
        same("STRLEN", "missing");
        for (String[] range : new String[][] {{"0", "3"}, {"-3", "-1"}, {"0", "-1"}, {"10", "100"}, {"5", "2"},
                {"-100", "3"}, {"-1", "-5"}, {"0", "0"}}) {
            same("GETRANGE", "s", range[0], range[1]);
        }
        same("GETRANGE", "missing", "0", "-1");
        same("SETRANGE", "s", "6", "Redis");
        same("GET", "s");
        same("SETRANGE", "t", "5", "x");
        same("GET", "t");
        same("SETRANGE", "u", "0", "");
        same("EXISTS", "u");
        same("SETRANGE", "s", "-1", "x");
        same("SETRANGE", "s", "536870912", "x");
        same("MSET", "a", "1", "b", "2");
        same("MSET", "a", "1", "b");
        same("MGET", "a", "b", "missing", "s");
        same("MSETNX", "a", "9", "zz", "9");
        same("MSETNX", "y", "9", "zz", "9");
        same("MGET", "y", "zz");
        same("GETSET", "a", "new");
        same("GETDEL", "a");
        same("GETDEL", "a");
        same("SETNX", "b", "x");
        same("SETNX", "fresh", "x");
        same("SETEX", "e", "100", "v");
        same("TTL", "e");
        same("SETEX", "e", "0", "v");
        same("PSETEX", "e", "-1", "v");
        same("GETEX", "e", "PERSIST");
        same("TTL", "e");
        same("GETEX", "e", "EX", "50");
        same("TTL", "e");
        same("GETEX", "e", "EX", "0");
        same("GETEX", "e", "PERSIST", "EX", "10");
    }

    @Test
    void keysAndExpiry() throws IOException {
        same("MSET", "a", "1", "b", "2", "c", "3");
        same("DEL", "a", "missing", "b");
        same("EXISTS", "a", "c", "c");
        same("TYPE", "c");
        same("TYPE", "missing");
        same("EXPIRE", "c", "100");
        same("TTL", "c");
        same("EXPIRE", "c", "200", "NX");
        same("EXPIRE", "c", "200", "XX");
        same("EXPIRE", "c", "100", "GT");
        same("EXPIRE", "c", "300", "GT");
        same("EXPIRE", "c", "400", "LT");
        same("EXPIRE", "c", "10", "LT");
        same("TTL", "c");
        same("EXPIRE", "c", "10", "NX", "XX");
        same("EXPIRE", "c", "10", "GT", "LT");
        same("EXPIRE", "c", "10", "FOO");
        same("EXPIRE", "c", "9223372036854775807");
        same("EXPIRE", "missing", "10");
        same("PERSIST", "c");
        same("PERSIST", "c");
        same("TTL", "c");
        same("EXPIRE", "c", "100", "GT");
        same("EXPIRE", "c", "100", "LT");
        same("PEXPIRE", "c", "100000");
        sameWithin(50, "PTTL", "c");
        same("EXPIREAT", "c", "99999999999");
        same("EXPIRETIME", "c");
        same("PEXPIRETIME", "c");
        same("EXPIRETIME", "missing");
        same("SET", "d", "x");
        same("EXPIRETIME", "d");
        same("PEXPIREAT", "d", "1");
        same("EXISTS", "d");
        same("EXPIRE", "c", "-1");
        same("EXISTS", "c");
        same("TTL", "missing");
        same("PTTL", "missing");
    }

    @Test
    void renameAndCopy() throws IOException {
        same("SET", "a", "1");
        same("EXPIRE", "a", "100");
        same("RENAME", "a", "b");
        same("TTL", "b");
        same("EXISTS", "a");
        same("RENAME", "missing", "x");
        same("RENAME", "b", "b");
        same("SET", "c", "3");
        same("RENAMENX", "b", "c");
        same("RENAMENX", "b", "d");
        same("RENAMENX", "missing", "d");
        same("COPY", "d", "e");
        same("COPY", "d", "e");
        same("COPY", "d", "e", "REPLACE");
        same("COPY", "d", "d");
        same("COPY", "d", "f", "DB", "1");
        same("COPY", "d", "f", "DB", "99");
        same("COPY", "d", "f", "BOGUS");
        same("COPY", "missing", "f");
        same("SELECT", "1");
        same("GET", "f");
        same("SELECT", "16");
        same("SELECT", "x");
        same("SELECT", "0");
        same("DBSIZE");
        sameUnordered("KEYS", "*");
        sameUnordered("KEYS", "[cd]");
        String random = ours.call("RANDOMKEY").text();
        org.assertj.core.api.Assertions.assertThat(java.util.List.of("c", "d", "e")).contains(random);
        same("FLUSHDB");
        same("RANDOMKEY");
        same("FLUSHALL", "BOGUS");
    }

    @Test
    void scanReturnsEveryKeyExactlyAsMatchAndTypeFilter() throws IOException {
        for (int i = 0; i < 300; i++) {
            same("SET", "key:" + i, "v");
        }
        java.util.Set<String> ours = scanAll(this.ours, "MATCH", "key:1*");
        java.util.Set<String> reference = scanAll(this.reference, "MATCH", "key:1*");
        org.assertj.core.api.Assertions.assertThat(ours).isEqualTo(reference).hasSize(111);
        org.assertj.core.api.Assertions.assertThat(scanAll(this.ours, "TYPE", "string")).hasSize(300);
        org.assertj.core.api.Assertions.assertThat(scanAll(this.ours, "TYPE", "hash")).isEmpty();
        same("SCAN", "abc");
        same("SCAN", "0", "COUNT", "0");
        same("SCAN", "0", "COUNT");
        same("SCAN", "0", "BOGUS", "1");
    }

    private static java.util.Set<String> scanAll(RespConnection connection, String... options) throws IOException {
        java.util.Set<String> keys = new java.util.TreeSet<>();
        String cursor = "0";
        do {
            Object[] command = new Object[2 + options.length];
            command[0] = "SCAN";
            command[1] = cursor;
            System.arraycopy(options, 0, command, 2, options.length);
            Resp reply = connection.call(command);
            cursor = reply.elements().get(0).text();
            reply.elements().get(1).elements().forEach(e -> keys.add(e.text()));
        } while (!cursor.equals("0"));
        return keys;
    }

}
