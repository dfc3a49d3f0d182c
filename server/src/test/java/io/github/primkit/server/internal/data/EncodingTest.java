package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The encodings RedisSet and RedisHash track follow Redis's rules (checked against valkey 8.0's OBJECT ENCODING). */
class EncodingTest {
    private static byte[] b(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static RedisSet setOf(String... members) {
        RedisSet set = RedisSet.create(b(members[0]), members.length);
        for (String member : members) {
            set.add(b(member));
        }
        return set;
    }

    @Test
    void integersMakeAnIntsetUpTo512Members() {
        RedisSet set = RedisSet.create(b("1"), 1);
        for (int i = 0; i < 512; i++) {
            assertThat(set.add(b(Integer.toString(i - 100)))).isTrue();
        }
        assertThat(set.encodingName()).isEqualTo("intset");
        assertThat(set.add(b("0"))).isFalse();
        assertThat(set.encodingName()).isEqualTo("intset");
        set.add(b("100000"));
        assertThat(set.encodingName()).isEqualTo("hashtable");
        assertThat(set.compact()).isFalse();
    }

    @Test
    void onlyCanonicalIntegersCountAsIntegers() {
        for (String integer : new String[] {"0", "-1", "9223372036854775807", "-9223372036854775808", "42"}) {
            assertThat(RedisSet.isInteger(b(integer))).as(integer).isTrue();
        }
        for (String other : new String[] {"", "-", "007", "-0", "+1", " 1", "1.0", "9223372036854775808",
                "-9223372036854775809", "1e3", "abc"}) {
            assertThat(RedisSet.isInteger(b(other))).as(other).isFalse();
        }
    }

    @Test
    void aStringTurnsASmallIntsetIntoAListpackAndALargeOneIntoAHashTable() {
        RedisSet small = RedisSet.create(b("1"), 1);
        for (int i = 0; i < 127; i++) {
            small.add(b(Integer.toString(i)));
        }
        small.add(b("x"));
        assertThat(small.encodingName()).isEqualTo("listpack");
        RedisSet large = RedisSet.create(b("1"), 1);
        for (int i = 0; i < 128; i++) {
            large.add(b(Integer.toString(i)));
        }
        large.add(b("x"));
        assertThat(large.encodingName()).isEqualTo("hashtable");
        RedisSet longMember = setOf("1", "2");
        longMember.add(b("x".repeat(65)));
        assertThat(longMember.encodingName()).isEqualTo("hashtable");
    }

    @Test
    void aListpackHolds128ShortMembers() {
        RedisSet set = RedisSet.create(b("m"), 1);
        for (int i = 0; i < 128; i++) {
            set.add(b("m" + i));
        }
        assertThat(set.encodingName()).isEqualTo("listpack");
        set.add(b("m5"));
        assertThat(set.encodingName()).isEqualTo("listpack");
        set.add(b("one more"));
        assertThat(set.encodingName()).isEqualTo("hashtable");
        set.remove(b("one more"));
        set.remove(b("m1"));
        assertThat(set.encodingName()).as("never turns back").isEqualTo("hashtable");
        RedisSet exactly64 = setOf("x".repeat(64));
        assertThat(exactly64.encodingName()).isEqualTo("listpack");
        RedisSet over64 = setOf("x".repeat(65));
        assertThat(over64.encodingName()).isEqualTo("hashtable");
    }

    @Test
    void creationFollowsTheSizeHint() {
        assertThat(RedisSet.create(b("1"), 512).encodingName()).isEqualTo("intset");
        assertThat(RedisSet.create(b("1"), 513).encodingName()).isEqualTo("hashtable");
        assertThat(RedisSet.create(b("a"), 128).encodingName()).isEqualTo("listpack");
        assertThat(RedisSet.create(b("a"), 129).encodingName()).isEqualTo("hashtable");
        assertThat(new RedisSet().encodingName()).isEqualTo("intset");
    }

    @Test
    void reencodeDerivesTheEncodingFromTheMembers() {
        RedisSet set = RedisSet.create(b("a"), 1000);
        set.add(b("1"));
        set.add(b("2"));
        set.reencode();
        assertThat(set.encodingName()).isEqualTo("intset");
        set.add(b("x".repeat(70)));
        set.reencode();
        assertThat(set.encodingName()).isEqualTo("hashtable");
        set.remove(b("x".repeat(70)));
        set.add(b("x"));
        set.reencode();
        assertThat(set.encodingName()).isEqualTo("listpack");
    }

    @Test
    void copiesKeepMembersAndEncodingAndAreIndependent() {
        RedisSet set = setOf("x".repeat(65), "a");
        RedisSet copy = set.copy();
        assertThat(copy.encodingName()).isEqualTo("hashtable");
        copy.add(b("b"));
        assertThat(set.size()).isEqualTo(2);
        assertThat(copy.size()).isEqualTo(3);

        RedisHash hash = new RedisHash();
        hash.put(b("f"), b("v".repeat(65)));
        RedisHash hashCopy = hash.copy();
        assertThat(hashCopy.encodingName()).isEqualTo("hashtable");
        hashCopy.put(b("g"), b("w"));
        assertThat(hash.size()).isEqualTo(1);
        assertThat(hashCopy.get(b("f"))).isEqualTo(b("v".repeat(65)));
    }

    @Test
    void hashesAreListpacksUpTo512FieldsOf64Bytes() {
        RedisHash hash = new RedisHash();
        for (int i = 0; i < 512; i++) {
            assertThat(hash.put(b("f" + i), b("v".repeat(i % 65)))).isTrue();
        }
        assertThat(hash.put(b("f0"), b("again"))).isFalse();
        assertThat(hash.encodingName()).isEqualTo("listpack");
        hash.put(b("f512"), b("v"));
        assertThat(hash.encodingName()).isEqualTo("hashtable");
        hash.remove(b("f512"));
        assertThat(hash.compact()).isFalse();

        RedisHash longField = new RedisHash();
        longField.put(b("f".repeat(65)), b("v"));
        assertThat(longField.compact()).isFalse();
        RedisHash longValue = new RedisHash();
        longValue.put(b("f"), b("v".repeat(65)));
        assertThat(longValue.compact()).isFalse();
        RedisHash manyPairs = new RedisHash();
        manyPairs.expectPairs(513);
        manyPairs.put(b("f"), b("v"));
        assertThat(manyPairs.compact()).as("HSET with more pairs than a listpack holds").isFalse();
        RedisHash fewPairs = new RedisHash();
        fewPairs.expectPairs(512);
        assertThat(fewPairs.compact()).isTrue();
    }
}
