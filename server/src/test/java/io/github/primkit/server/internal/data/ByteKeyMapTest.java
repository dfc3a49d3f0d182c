package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ByteKeyMapTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void behavesLikeAHashMapUnderRandomOperations() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        ByteKeyMap<Integer> map = new ByteKeyMap<>();
        Map<String, Integer> model = new HashMap<>();
        for (int step = 0; step < 200_000; step++) {
            String key = "k" + random.nextInt(2_000);
            switch (random.nextInt(4)) {
                case 0, 1 -> assertThat(map.put(b(key), step)).as("seed %d step %d", seed, step)
                        .isEqualTo(model.put(key, step));
                case 2 -> assertThat(map.remove(b(key))).as("seed %d step %d", seed, step)
                        .isEqualTo(model.remove(key));
                default -> assertThat(map.get(b(key))).as("seed %d step %d", seed, step).isEqualTo(model.get(key));
            }
            assertThat(map.size()).as("seed %d step %d", seed, step).isEqualTo(model.size());
        }
        Map<String, Integer> seen = new HashMap<>();
        map.forEach((k, v) -> seen.put(new String(k, StandardCharsets.UTF_8), v));
        assertThat(seen).as("seed %d", seed).isEqualTo(model);
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileTheTableGrowsAndShrinks() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int trial = 0; trial < 10; trial++) {
            ByteKeyMap<Boolean> map = new ByteKeyMap<>();
            Set<String> stable = new HashSet<>();
            for (int i = 0; i < 500; i++) {
                map.put(b("stable" + i), true);
                stable.add("stable" + i);
            }
            Set<String> returned = new HashSet<>();
            Set<Integer> resizes = new HashSet<>();
            long cursor = 0;
            boolean churned = false;
            int step = 0;
            do {
                cursor = map.scan(cursor, 1 + random.nextInt(20),
                        (k, v) -> returned.add(new String(k, StandardCharsets.UTF_8)));
                // Between steps, 20,000 other keys come or go at once: the table grows to 32K slots and shrinks
                // back (below 10% full), so the cursor crosses resizes in both directions.
                if (++step % 7 == 0) {
                    resizes.add(map.capacity());
                    for (int i = 0; i < 20_000; i++) {
                        if (churned) {
                            map.remove(b("churn" + i));
                        } else {
                            map.put(b("churn" + i), true);
                        }
                    }
                    churned = !churned;
                }
            } while (cursor != 0);
            assertThat(returned).as("seed %d trial %d", seed, trial).containsAll(stable);
            assertThat(resizes).as("capacities seen during the scan").isNotEmpty();
        }
    }

    @Test
    void randomKeyAndClear() {
        ByteKeyMap<Boolean> map = new ByteKeyMap<>();
        assertThat(map.randomKey(new Random(1))).isNull();
        map.put(b("only"), true);
        assertThat(map.randomKey(new Random(1))).isEqualTo(b("only"));
        map.clear();
        assertThat(map.size()).isZero();
        assertThat(map.get(b("only"))).isNull();
    }

    @Test
    void tombstonesAreReusedAndDoNotFillTheTable() {
        ByteKeyMap<Integer> map = new ByteKeyMap<>();
        for (int round = 0; round < 100_000; round++) {
            map.put(b("a" + round), round);
            map.remove(b("a" + round));
        }
        assertThat(map.size()).isZero();
        assertThat(map.capacity()).isLessThanOrEqualTo(16);
    }
}
