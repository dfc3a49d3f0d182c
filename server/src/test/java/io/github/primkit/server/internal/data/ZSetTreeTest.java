package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The order-statistic B+tree against a {@link TreeSet} model: seeded random inserts and deletes (ascending,
 * descending and random loads, growth to several levels and shrinking back), checking order, ranks, select, lower
 * bounds and the tree's own invariants as it goes.
 */
class ZSetTreeTest {
    private record Entry(double score, byte[] member) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            return ZSetTree.compare(score, member, o.score, o.member);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && compareTo(e) == 0;
        }

        @Override
        public int hashCode() {
            return Double.hashCode(score) * 31 + Arrays.hashCode(member);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void orderIsScoreThenUnsignedMemberBytes() {
        ZSetTree tree = new ZSetTree();
        tree.insert(1, bytes("b"));
        tree.insert(1, new byte[] {(byte) 0xff});
        tree.insert(1, bytes("a"));
        tree.insert(1, bytes("ab"));
        tree.insert(0, bytes("z"));
        tree.insert(-0.0, bytes("y"));
        List<String> order = new ArrayList<>();
        for (ZSetTree.Cursor c = tree.at(0); c.valid(); c.next()) {
            order.add(new String(c.member(), StandardCharsets.ISO_8859_1));
        }
        // -0 and 0 are equal scores, as in C, so y comes before z by member.
        assertThat(order).containsExactly("y", "z", "a", "ab", "b", "\u00ff");
        tree.verify();
    }

    @Test
    void randomOperationsMatchTheModel() {
        long seed = Long.getLong("primkit.seed", System.nanoTime());
        Random random = new Random(seed);
        for (int round = 0; round < 6; round++) {
            ZSetTree tree = new ZSetTree();
            TreeSet<Entry> model = new TreeSet<>();
            int target = 1 + random.nextInt(round < 3 ? 300 : 8000);
            int mode = random.nextInt(3); // 0 random, 1 ascending, 2 descending
            int counter = 0;
            for (int step = 0; step < target * 4; step++) {
                boolean grow = step < target * 2 ? random.nextInt(10) < 8 : random.nextInt(10) < 2;
                if (grow || model.isEmpty()) {
                    double score = switch (mode) {
                        case 1 -> counter++;
                        case 2 -> -(counter++);
                        default -> random.nextInt(50);
                    };
                    Entry e = new Entry(score, bytes("m" + random.nextInt(target * 2)));
                    if (model.add(e)) {
                        tree.insert(e.score, e.member);
                    }
                } else {
                    Entry e = random.nextBoolean() ? model.first() : pick(model, random);
                    model.remove(e);
                    assertThat(tree.delete(e.score, e.member)).as("seed %d", seed).isTrue();
                    assertThat(tree.delete(e.score, e.member)).as("seed %d", seed).isFalse();
                }
                if (step % (model.size() < 400 ? 31 : 1009) == 0 || model.size() < 5) {
                    check(tree, model, random, seed);
                }
            }
            check(tree, model, random, seed);
        }
    }

    private static Entry pick(TreeSet<Entry> model, Random random) {
        Entry probe = new Entry(random.nextInt(50), bytes("m" + random.nextInt(100)));
        Entry e = model.ceiling(probe);
        return e == null ? model.last() : e;
    }

    private static void check(ZSetTree tree, TreeSet<Entry> model, Random random, long seed) {
        tree.verify();
        assertThat(tree.size()).as("seed %d", seed).isEqualTo(model.size());
        List<Entry> all = new ArrayList<>(model);
        if (all.isEmpty()) {
            return;
        }
        for (int k = 0; k < 10; k++) {
            int r = random.nextInt(all.size());
            Entry e = all.get(r);
            assertThat(tree.rank(e.score, e.member)).as("seed %d", seed).isEqualTo(r);
            ZSetTree.Cursor c = tree.at(r);
            assertThat(c.score()).isEqualTo(e.score);
            assertThat(c.member()).isEqualTo(e.member);
            double bound = random.nextInt(52) - 1;
            int expected = (int) all.stream().filter(x -> x.score < bound).count();
            assertThat(tree.lowerBound((s, m) -> s >= bound)).as("seed %d", seed).isEqualTo(expected);
        }
        int i = 0;
        for (ZSetTree.Cursor c = tree.at(0); c.valid(); c.next()) {
            assertThat(c.member()).as("seed %d", seed).isEqualTo(all.get(i++).member);
        }
        assertThat(i).isEqualTo(all.size());
        for (ZSetTree.Cursor c = tree.at(all.size() - 1); c.valid(); c.prev()) {
            assertThat(c.member()).as("seed %d", seed).isEqualTo(all.get(--i).member);
        }
        assertThat(tree.firstMember()).isEqualTo(all.get(0).member);
        assertThat(tree.lastMember()).isEqualTo(all.get(all.size() - 1).member);
    }
}
