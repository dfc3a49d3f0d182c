package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteKeyMapRandomTest {
    private static byte[] key(int i) {
        return ("key:" + i).getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteKeyMap<Integer> mapOf(int n) {
        ByteKeyMap<Integer> map = new ByteKeyMap<>();
        for (int i = 0; i < n; i++) {
            map.put(key(i), i);
        }
        return map;
    }

    private static Set<String> names(List<byte[]> keys) {
        Set<String> names = new HashSet<>();
        keys.forEach(k -> names.add(new String(k, StandardCharsets.US_ASCII)));
        return names;
    }

    @Test
    void uniformRandomKeyOfAnEmptyMapIsNull() {
        assertThat(new ByteKeyMap<Integer>().uniformRandomKey(new Random(1))).isNull();
        ByteKeyMap<Integer> map = mapOf(3);
        for (int i = 0; i < 3; i++) {
            map.remove(key(i));
        }
        assertThat(map.uniformRandomKey(new Random(1))).isNull();
    }

    @Test
    void uniformRandomKeyPicksEveryKeyAboutEquallyOften() {
        // Keys clustered by deletes: the slot-walking randomKey would favour keys after gaps; this one must not.
        ByteKeyMap<Integer> map = mapOf(64);
        for (int i = 0; i < 64; i += 2) {
            map.remove(key(i));
        }
        Random random = new Random(42);
        Map<String, Integer> counts = new HashMap<>();
        int draws = 32 * 2000;
        for (int i = 0; i < draws; i++) {
            counts.merge(new String(map.uniformRandomKey(random), StandardCharsets.US_ASCII), 1, Integer::sum);
        }
        assertThat(counts).hasSize(32);
        // Expected 2000 each; a binomial standard deviation is about 44, so 1750..2250 is over 5 sigma.
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1750, 2250));
    }

    @Test
    void uniformRandomKeyOfASparseMapStillFindsItsKeys() {
        ByteKeyMap<Integer> sparse = new ByteKeyMap<>(1 << 16);
        sparse.put(key(1), 1);
        sparse.put(key(2), 2);
        Random random = new Random(7);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            seen.add(new String(sparse.uniformRandomKey(random), StandardCharsets.US_ASCII));
        }
        assertThat(seen).containsExactlyInAnyOrder("key:1", "key:2");
    }

    @Test
    void randomDistinctKeysReturnsDistinctKeysOfTheMapInEveryRegime() {
        ByteKeyMap<Integer> map = mapOf(100);
        Random random = new Random(3);
        // 0, few of many (rejection sampling), most of them (partial shuffle), all, more than all.
        for (int count : new int[] {0, 1, 10, 33, 34, 50, 99, 100, 101, 1000}) {
            List<byte[]> keys = map.randomDistinctKeys(random, count);
            assertThat(keys).hasSize(Math.min(count, 100));
            Set<String> names = names(keys);
            assertThat(names).hasSize(keys.size());
            for (byte[] k : keys) {
                assertThat(map.containsKey(k)).isTrue();
            }
        }
        assertThat(map.randomDistinctKeys(random, -5)).isEmpty();
        assertThat(new ByteKeyMap<Integer>().randomDistinctKeys(random, 5)).isEmpty();
    }

    @Test
    void randomDistinctKeysPicksEachKeyAboutEquallyOften() {
        ByteKeyMap<Integer> map = mapOf(20);
        Random random = new Random(11);
        for (int count : new int[] {3, 12}) {
            Map<String, Integer> counts = new HashMap<>();
            int rounds = 10_000;
            for (int i = 0; i < rounds; i++) {
                for (String name : names(map.randomDistinctKeys(random, count))) {
                    counts.merge(name, 1, Integer::sum);
                }
            }
            int expected = rounds * count / 20;
            assertThat(counts).hasSize(20);
            assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(expected * 85 / 100,
                    expected * 115 / 100));
        }
    }

    @Test
    void theMapIsUnchangedBySampling() {
        ByteKeyMap<Integer> map = mapOf(50);
        Random random = new Random(5);
        for (int i = 0; i < 100; i++) {
            map.randomDistinctKeys(random, i % 60);
            map.uniformRandomKey(random);
        }
        assertThat(map.size()).isEqualTo(50);
        for (int i = 0; i < 50; i++) {
            assertThat(map.get(key(i))).isEqualTo(i);
        }
    }
}
