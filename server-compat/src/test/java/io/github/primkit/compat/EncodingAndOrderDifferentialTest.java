package io.github.primkit.compat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OBJECT ENCODING, and the reply order that follows from the encoding: a small hash or set (listpack) answers in
 * insertion order, an integer set (intset) in value order. Compared exactly, order included.
 */
class EncodingAndOrderDifferentialTest extends DifferentialTest {
    @Test
    void smallHashesAnswerInInsertionOrder() throws IOException {
        same("HSET", "h", "zeta", "1", "alpha", "2", "mid", "3");
        same("HGETALL", "h");
        same("HSET", "h", "alpha", "changed", "beta", "4");
        same("HKEYS", "h");
        same("HVALS", "h");
        same("HDEL", "h", "zeta");
        same("HSET", "h", "zeta", "back");
        same("HGETALL", "h");
        same("HSCAN", "h", "0");
        same("HSCAN", "h", "0", "MATCH", "*a*");
        same("HRANDFIELD", "h", "10", "WITHVALUES");
        same("OBJECT", "ENCODING", "h");
        resp3();
        same("HGETALL", "h");
        same("HRANDFIELD", "h", "4", "WITHVALUES");
    }

    @Test
    void aHashThatOutgrowsItsListpackSaysSo() throws IOException {
        same("HSET", "long-value", "f", "x".repeat(64));
        same("OBJECT", "ENCODING", "long-value");
        same("HSET", "long-value", "g", "x".repeat(65));
        same("OBJECT", "ENCODING", "long-value");
        List<Object> many = new ArrayList<>(List.of("HSET", "many"));
        for (int i = 0; i < 513; i++) {
            many.add("f" + i);
            many.add("v");
        }
        same(many.toArray());
        same("OBJECT", "ENCODING", "many");
        same("HDEL", "many", "f0");
        same("OBJECT", "ENCODING", "many"); // a hash table never turns back
    }

    @Test
    void integerSetsAnswerInValueOrderAndListpackSetsInInsertionOrder() throws IOException {
        same("SADD", "ints", "10", "-3", "7", "0", "9223372036854775807", "-9223372036854775808");
        same("SMEMBERS", "ints");
        same("OBJECT", "ENCODING", "ints");
        same("SSCAN", "ints", "0");
        same("SADD", "words", "pear", "apple", "fig");
        same("SMEMBERS", "words");
        same("OBJECT", "ENCODING", "words");
        same("SREM", "words", "apple");
        same("SADD", "words", "apple", "kiwi");
        same("SMEMBERS", "words");
        // an intset that meets a non-integer becomes a listpack: its sorted members first
        same("SADD", "ints", "banana", "5");
        same("OBJECT", "ENCODING", "ints");
        same("SMEMBERS", "ints");
        same("SRANDMEMBER", "ints", "100");
        same("SRANDMEMBER", "words", "4");
        same("SADD", "leading-zero", "007", "7");
        same("OBJECT", "ENCODING", "leading-zero");
        same("SMEMBERS", "leading-zero");
        resp3();
        same("SMEMBERS", "ints");
    }

    @Test
    void setOperationsAnswerInTheOrderRedisBuildsThem() throws IOException {
        same("SADD", "a", "5", "1", "3", "x", "y");
        same("SADD", "b", "y", "3", "x", "9");
        same("SADD", "c", "3", "2", "1");
        // SINTER answers while walking the smallest set; SUNION and SDIFF (without STORE) collect into a hash table
        // first, whose order Redis randomises per process, so only their STORE forms have a defined order
        same("SINTER", "a", "b");
        same("SINTER", "b", "a");
        same("SINTER", "a", "c");
        sameUnordered("SUNION", "a", "b");
        sameUnordered("SUNION", "c", "a");
        sameUnordered("SUNION", "c");
        sameUnordered("SDIFF", "a", "b");
        sameUnordered("SDIFF", "a", "c");
        sameUnordered("SDIFF", "c", "b");
        same("SINTERSTORE", "d", "a", "b");
        same("SMEMBERS", "d");
        same("OBJECT", "ENCODING", "d");
        same("SUNIONSTORE", "e", "c", "a");
        same("SMEMBERS", "e");
        same("OBJECT", "ENCODING", "e");
        same("SDIFFSTORE", "f", "c", "b");
        same("SMEMBERS", "f");
        same("OBJECT", "ENCODING", "f");
        same("SPOP", "c", "10");
    }

    @Test
    void setEncodingBoundaries() throws IOException {
        List<Object> ints = new ArrayList<>(List.of("SADD", "ints"));
        for (int i = 0; i < 512; i++) {
            ints.add(Integer.toString(512 - i));
        }
        same(ints.toArray());
        same("OBJECT", "ENCODING", "ints");
        same("SADD", "ints", "513");
        same("OBJECT", "ENCODING", "ints");
        List<Object> words = new ArrayList<>(List.of("SADD", "words"));
        for (int i = 0; i < 128; i++) {
            words.add("w" + i);
        }
        same(words.toArray());
        same("OBJECT", "ENCODING", "words");
        same("SADD", "words", "one-more");
        same("OBJECT", "ENCODING", "words");
        same("SADD", "long", "x".repeat(65));
        same("OBJECT", "ENCODING", "long");
    }

    @Test
    void stringAndListEncodings() throws IOException {
        same("SET", "n", "12345");
        same("OBJECT", "ENCODING", "n");
        same("SET", "neg", "-9223372036854775808");
        same("OBJECT", "ENCODING", "neg");
        same("SET", "big", "9223372036854775808");
        same("OBJECT", "ENCODING", "big");
        same("SET", "zero-padded", "0123");
        same("OBJECT", "ENCODING", "zero-padded");
        same("SET", "short", "x".repeat(44));
        same("OBJECT", "ENCODING", "short");
        same("SET", "long", "x".repeat(45));
        same("OBJECT", "ENCODING", "long");
        same("INCR", "counter");
        same("OBJECT", "ENCODING", "counter");
        same("RPUSH", "list", "a", "1", "-70000", "x".repeat(100));
        same("OBJECT", "ENCODING", "list");
        same("RPUSH", "biglist", "x".repeat(9000));
        same("OBJECT", "ENCODING", "biglist");
        same("OBJECT", "ENCODING", "missing");
    }

    @Test
    void objectRefcountFreqHelpAndErrors() throws IOException {
        same("SET", "small", "100");
        same("OBJECT", "REFCOUNT", "small");
        same("SET", "large", "10000");
        same("OBJECT", "REFCOUNT", "large");
        same("SET", "text", "hello");
        same("OBJECT", "REFCOUNT", "text");
        same("OBJECT", "REFCOUNT", "missing");
        same("OBJECT", "FREQ", "text");
        same("OBJECT", "FREQ", "missing");
        same("OBJECT", "HELP");
        same("OBJECT");
        same("OBJECT", "ENCODING");
        same("OBJECT", "ENCODING", "a", "b");
        same("OBJECT", "NOPE", "x");
    }
}
