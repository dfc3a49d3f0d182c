package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedisListTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> contents(RedisList list) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new String(list.get(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static RedisList of(String... elements) {
        RedisList list = new RedisList();
        for (String e : elements) {
            list.addLast(b(e));
        }
        return list;
    }

    @Test
    void pushesAndPopsAtBothEndsAcrossTheWrapAround() {
        RedisList list = new RedisList();
        for (int i = 0; i < 5; i++) {
            list.addFirst(b("f" + i));
            list.addLast(b("l" + i));
        }
        assertThat(contents(list)).containsExactly("f4", "f3", "f2", "f1", "f0", "l0", "l1", "l2", "l3", "l4");
        assertThat(new String(list.removeFirst(), StandardCharsets.UTF_8)).isEqualTo("f4");
        assertThat(new String(list.removeLast(), StandardCharsets.UTF_8)).isEqualTo("l4");
        assertThat(list.size()).isEqualTo(8);
    }

    @Test
    void popsOfAnEmptyListAndBadIndexesThrow() {
        RedisList list = new RedisList();
        assertThatThrownBy(list::removeFirst).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(list::removeLast).isInstanceOf(NoSuchElementException.class);
        list.addLast(b("a"));
        assertThatThrownBy(() -> list.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.insert(2, b("x"))).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.removeAt(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> list.retain(0, 1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void insertAndRemoveInTheMiddleShiftTheShorterSide() {
        RedisList list = of("a", "b", "c", "d", "e", "f");
        list.insert(1, b("x")); // near the head
        list.insert(6, b("y")); // near the tail
        list.insert(0, b("first"));
        list.insert(list.size(), b("last"));
        assertThat(contents(list)).containsExactly("first", "a", "x", "b", "c", "d", "e", "y", "f", "last");
        assertThat(new String(list.removeAt(2), StandardCharsets.UTF_8)).isEqualTo("x");
        assertThat(new String(list.removeAt(6), StandardCharsets.UTF_8)).isEqualTo("y");
        assertThat(new String(list.removeAt(0), StandardCharsets.UTF_8)).isEqualTo("first");
        assertThat(new String(list.removeAt(list.size() - 1), StandardCharsets.UTF_8)).isEqualTo("last");
        assertThat(contents(list)).containsExactly("a", "b", "c", "d", "e", "f");
        RedisList empty = new RedisList();
        empty.insert(0, b("only"));
        assertThat(contents(empty)).containsExactly("only");
    }

    @Test
    void removeFollowsLremCountSemantics() {
        RedisList fromHead = of("x", "a", "x", "b", "x", "c", "x");
        assertThat(fromHead.remove(b("x"), 2)).isEqualTo(2);
        assertThat(contents(fromHead)).containsExactly("a", "b", "x", "c", "x");

        RedisList fromTail = of("x", "a", "x", "b", "x", "c", "x");
        assertThat(fromTail.remove(b("x"), -3)).isEqualTo(3);
        assertThat(contents(fromTail)).containsExactly("x", "a", "b", "c");
        fromTail.addFirst(b("h"));
        fromTail.addLast(b("t"));
        assertThat(contents(fromTail)).containsExactly("h", "x", "a", "b", "c", "t");

        RedisList all = of("x", "a", "x", "b", "x", "c", "x");
        assertThat(all.remove(b("x"), 0)).isEqualTo(4);
        assertThat(contents(all)).containsExactly("a", "b", "c");
        assertThat(all.remove(b("missing"), 0)).isZero();
        assertThat(all.remove(b("a"), Long.MIN_VALUE)).isEqualTo(1);
        assertThat(contents(all)).containsExactly("b", "c");
    }

    @Test
    void retainKeepsARangeAndEmptiesOnAnInvertedOne() {
        RedisList list = of("a", "b", "c", "d", "e");
        list.retain(1, 3);
        assertThat(contents(list)).containsExactly("b", "c", "d");
        list.addFirst(b("z"));
        assertThat(contents(list)).containsExactly("z", "b", "c", "d");
        list.retain(2, 1);
        assertThat(list.isEmpty()).isTrue();
    }

    @Test
    void growsAndShrinksAsAPowerOfTwo() {
        RedisList list = new RedisList();
        for (int i = 0; i < 1000; i++) {
            list.addLast(b(Integer.toString(i)));
        }
        assertThat(list.capacity()).isEqualTo(1024);
        while (list.size() > 3) {
            list.removeFirst();
        }
        assertThat(list.capacity()).isEqualTo(8);
        assertThat(contents(list)).containsExactly("997", "998", "999");
        for (int i = 0; i < 1000; i++) {
            list.addFirst(b("x"));
        }
        list.retain(1000, 1002);
        assertThat(list.capacity()).isEqualTo(8);
        assertThat(contents(list)).containsExactly("997", "998", "999");
        for (int i = 0; i < 100; i++) {
            list.addLast(b("y"));
        }
        assertThat(list.remove(b("y"), 0)).isEqualTo(100);
        assertThat(list.capacity()).isEqualTo(8);
    }

    @Test
    void copyIsIndependent() {
        RedisList list = of("a", "b");
        list.addFirst(b("z"));
        RedisList copy = list.copy();
        copy.addLast(b("c"));
        list.set(0, b("changed"));
        assertThat(contents(list)).containsExactly("changed", "a", "b");
        assertThat(contents(copy)).containsExactly("z", "a", "b", "c");
        assertThat(list.indexOf(b("b"))).isEqualTo(2);
        assertThat(list.indexOf(b("nope"))).isEqualTo(-1);
        assertThat(copy.toString()).isEqualTo("RedisList[z, a, b, c]");
    }

    /** Random operations against java.util.ArrayList as the model. */
    @Test
    void behavesLikeAnArrayListUnderRandomOperations() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        RedisList list = new RedisList();
        List<String> model = new ArrayList<>();
        for (int step = 0; step < 20_000; step++) {
            String value = Integer.toString(random.nextInt(6));
            int op = random.nextInt(10);
            int n = model.size();
            switch (op) {
                case 0 -> {
                    list.addFirst(b(value));
                    model.add(0, value);
                }
                case 1 -> {
                    list.addLast(b(value));
                    model.add(value);
                }
                case 2 -> {
                    if (n > 0) {
                        assertThat(new String(list.removeFirst(), StandardCharsets.UTF_8))
                                .as("seed %d step %d", seed, step).isEqualTo(model.remove(0));
                    }
                }
                case 3 -> {
                    if (n > 0) {
                        assertThat(new String(list.removeLast(), StandardCharsets.UTF_8))
                                .as("seed %d step %d", seed, step).isEqualTo(model.remove(n - 1));
                    }
                }
                case 4 -> {
                    int at = random.nextInt(n + 1);
                    list.insert(at, b(value));
                    model.add(at, value);
                }
                case 5 -> {
                    if (n > 0) {
                        int at = random.nextInt(n);
                        assertThat(new String(list.removeAt(at), StandardCharsets.UTF_8))
                                .as("seed %d step %d", seed, step).isEqualTo(model.remove(at));
                    }
                }
                case 6 -> {
                    if (n > 0) {
                        int at = random.nextInt(n);
                        list.set(at, b(value));
                        model.set(at, value);
                    }
                }
                case 7 -> {
                    long count = random.nextInt(5) - 2;
                    int expected = modelRemove(model, value, count);
                    assertThat(list.remove(b(value), count)).as("seed %d step %d", seed, step).isEqualTo(expected);
                }
                case 8 -> {
                    if (n > 0 && random.nextInt(8) == 0) {
                        int from = random.nextInt(n);
                        int to = from + random.nextInt(n - from);
                        list.retain(from, to);
                        List<String> kept = new ArrayList<>(model.subList(from, to + 1));
                        model.clear();
                        model.addAll(kept);
                    }
                }
                default -> {
                    for (int i = random.nextInt(40); i > 0; i--) {
                        list.addLast(b(value));
                        model.add(value);
                    }
                }
            }
            assertThat(contents(list)).as("seed %d step %d", seed, step).isEqualTo(model);
            assertThat(list.capacity()).as("seed %d step %d", seed, step)
                    .isGreaterThanOrEqualTo(list.size()).isEqualTo(Integer.highestOneBit(list.capacity()));
        }
    }

    private static int modelRemove(List<String> model, String value, long count) {
        int removed = 0;
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        if (count >= 0) {
            for (int i = 0; i < model.size() && removed < limit; ) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = model.size() - 1; i >= 0 && removed < limit; i--) {
                if (model.get(i).equals(value)) {
                    model.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }
}
