package io.github.primkit.server.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.server.internal.data.RedisStream.Nack;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The pending entries list's B+tree against a {@link TreeMap} model: a seeded random mix of puts, replaces, removes,
 * lookups, bounds and ordered walks over clustered IDs (sequential runs, as XREADGROUP delivers them) and random ones,
 * including milliseconds and sequence numbers above {@link Long#MAX_VALUE} (unsigned) and zero, growing the tree to
 * several levels, draining it to empty and filling it again, with the tree's own invariants checked along the way.
 * Rerun a failure with {@code -Dprimkit.seed=<seed>}.
 */
class PendingListTest {
    private static final int OPERATIONS = 200_000;

    private static Nack nack(long n) {
        return new Nack(null, n, n);
    }

    @Test
    void emptyList() {
        PendingList list = new PendingList();
        assertThat(list.isEmpty()).isTrue();
        assertThat(list.size()).isZero();
        assertThat(list.firstId()).isNull();
        assertThat(list.lastId()).isNull();
        assertThat(list.get(StreamId.MIN)).isNull();
        assertThat(list.remove(StreamId.MAX)).isNull();
        assertThat(list.ceilingId(StreamId.MIN)).isNull();
        assertThat(list.higherId(StreamId.MIN)).isNull();
        assertThat(list.cursorAtFirst().valid()).isFalse();
        assertThat(list.cursorFrom(StreamId.MIN).valid()).isFalse();
        assertThat(list.cursorInRange(StreamId.MIN, StreamId.MAX).valid()).isFalse();
        list.verify();
    }

    @Test
    void ordersUnsignedAndReplaces() {
        PendingList list = new PendingList();
        StreamId big = new StreamId(Long.MIN_VALUE, 0);
        StreamId max = StreamId.MAX;
        StreamId small = new StreamId(Long.MAX_VALUE, -1L);
        Nack a = nack(1);
        Nack b = nack(2);
        assertThat(list.put(max, a)).isNull();
        assertThat(list.put(StreamId.MIN, a)).isNull();
        assertThat(list.put(big, a)).isNull();
        assertThat(list.put(small, a)).isNull();
        assertThat(list.put(big, b)).isSameAs(a);
        assertThat(list.size()).isEqualTo(4);
        assertThat(list.get(big)).isSameAs(b);
        assertThat(list.firstId()).isEqualTo(StreamId.MIN);
        assertThat(list.lastId()).isEqualTo(max);
        assertThat(list.higherId(small)).isEqualTo(big);
        assertThat(list.ceilingId(new StreamId(Long.MAX_VALUE, 0))).isEqualTo(small);
        assertThat(list.higherId(max)).isNull();
        List<StreamId> order = new ArrayList<>();
        for (PendingList.Cursor c = list.cursorAtFirst(); c.valid(); c.next()) {
            order.add(c.id());
        }
        assertThat(order).containsExactly(StreamId.MIN, small, big, max);
        assertThat(list.remove(big)).isSameAs(b);
        assertThat(list.remove(big)).isNull();
        list.verify();
    }

    @Test
    void cursorFailsFastOnAStructuralChangeButNotOnAReplace() {
        PendingList list = new PendingList();
        for (long i = 0; i < 200; i++) {
            list.put(new StreamId(i, 0), nack(i));
        }
        PendingList.Cursor c = list.cursorAtFirst();
        list.put(new StreamId(5, 0), nack(50));
        c.next();
        assertThat(c.id()).isEqualTo(new StreamId(1, 0));
        list.remove(new StreamId(7, 0));
        assertThatThrownBy(c::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void deletionsGiveLeafMemoryBack() {
        PendingList list = new PendingList();
        int leaves = 1_000;
        int perLeaf = PendingList.LEAF_MAX;
        for (long i = 0; i < (long) leaves * perLeaf; i++) { // ascending, as XREADGROUP delivers: full leaves
            list.put(new StreamId(i, 0), nack(i));
        }
        assertThat(list.leafSlots()).isEqualTo(leaves * perLeaf);
        // Acknowledge all but one entry of every other leaf: those leaves are too full together with their
        // neighbours to merge, and must not keep 64 slots for one entry.
        for (int leaf = 0; leaf < leaves; leaf += 2) {
            for (int j = 1; j < perLeaf; j++) {
                assertThat(list.remove(new StreamId((long) leaf * perLeaf + j, 0))).isNotNull();
            }
        }
        list.verify();
        int kept = leaves / 2 * perLeaf + leaves / 2;
        assertThat(list.size()).isEqualTo(kept);
        assertThat(list.leafSlots()).as("slots for %d entries", kept).isEqualTo(leaves / 2 * perLeaf + leaves / 2 * 4);
        // The sparse leaves still take inserts, and grow again.
        for (int j = 1; j < perLeaf; j++) {
            list.put(new StreamId(j, 0), nack(j));
        }
        list.verify();
        assertThat(list.size()).isEqualTo(kept + perLeaf - 1);
        assertThat(list.get(new StreamId(perLeaf - 1, 0))).isNotNull();
    }

    @Test
    void randomOperationsMatchTheModel() {
        long seed = Long.getLong("primkit.seed", System.nanoTime());
        try {
            run(new Random(seed));
        } catch (Throwable e) {
            throw new AssertionError("PendingListTest failed with seed " + seed + " (rerun with -Dprimkit.seed="
                    + seed + ")", e);
        }
    }

    /** IDs as a stream's PEL sees them: sequential runs, a few hot ranges, and anywhere in the unsigned space. */
    private static final class Ids {
        private final Random random;
        private long runMs;
        private long runSeq;
        private int runLeft;

        Ids(Random random) {
            this.random = random;
        }

        StreamId next() {
            int kind = random.nextInt(10);
            if (kind < 5) {
                if (runLeft-- <= 0) {
                    runMs = edgy();
                    runSeq = random.nextInt(4) == 0 ? -1L - random.nextInt(3) : random.nextInt(3);
                    runLeft = 1 + random.nextInt(300);
                }
                // Next ID as XADD would give it: the sequence number wraps into the next millisecond.
                if (runSeq == -1L) {
                    runMs++;
                    runSeq = 0;
                } else {
                    runSeq++;
                }
                if (random.nextInt(4) == 0) {
                    runMs += 1 + random.nextInt(3);
                    runSeq = 0;
                }
                return new StreamId(runMs, runSeq);
            }
            if (kind < 8) {
                return new StreamId(edgy(), random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(8));
            }
            return new StreamId(random.nextLong(), random.nextLong());
        }

        /** Milliseconds near 0, near Long.MAX_VALUE (either side, so the unsigned order matters), or near -1. */
        private long edgy() {
            long base = switch (random.nextInt(5)) {
                case 0 -> 0;
                case 1 -> Long.MAX_VALUE - 500;
                case 2 -> -1000;
                case 3 -> 1_700_000_000_000L;
                default -> Long.MIN_VALUE;
            };
            return base + random.nextInt(1000);
        }
    }

    private static void run(Random random) {
        PendingList list = new PendingList();
        TreeMap<StreamId, Nack> model = new TreeMap<>();
        Ids ids = new Ids(random);
        int target = 25_000;
        boolean draining = false;
        int drained = 0;
        int height = 0;
        for (int op = 0; op < OPERATIONS; op++) {
            if (!draining && model.size() >= target) {
                draining = true;
            } else if (draining && model.isEmpty()) {
                // Drained: the tree is a single empty leaf again; fill it up to a different size next.
                list.verify();
                assertThat(list.isEmpty()).isTrue();
                assertThat(list.firstId()).isNull();
                draining = false;
                drained++;
                target = 1_000 + random.nextInt(30_000);
            }
            int kind = random.nextInt(100);
            if (draining && kind < 70) {
                // Bulk deletes: mostly existing IDs, from the front, the back or anywhere.
                StreamId id = switch (random.nextInt(4)) {
                    case 0 -> model.firstKey();
                    case 1 -> model.lastKey();
                    case 2 -> randomKey(model, random, ids);
                    default -> ids.next();
                };
                assertThat(list.remove(id)).isSameAs(model.remove(id));
            } else if (kind < 45) {
                StreamId id = random.nextInt(8) == 0 ? randomKey(model, random, ids) : ids.next();
                Nack nack = nack(op);
                assertThat(list.put(id, nack)).isSameAs(model.put(id, nack));
            } else if (kind < 60) {
                StreamId id = random.nextBoolean() ? randomKey(model, random, ids) : ids.next();
                assertThat(list.remove(id)).isSameAs(model.remove(id));
            } else if (kind < 72) {
                StreamId id = random.nextBoolean() ? randomKey(model, random, ids) : ids.next();
                assertThat(list.get(id)).isSameAs(model.get(id));
            } else if (kind < 80) {
                StreamId id = probe(model, random, ids);
                assertThat(list.ceilingId(id)).isEqualTo(model.ceilingKey(id));
            } else if (kind < 88) {
                StreamId id = probe(model, random, ids);
                assertThat(list.higherId(id)).isEqualTo(model.higherKey(id));
            } else if (kind < 90) {
                assertThat(list.firstId()).isEqualTo(model.isEmpty() ? null : model.firstKey());
                assertThat(list.lastId()).isEqualTo(model.isEmpty() ? null : model.lastKey());
            } else if (kind < 95) {
                StreamId start = probe(model, random, ids);
                walk(list.cursorFrom(start), model.tailMap(start, true), random.nextInt(300));
            } else if (kind < 99) {
                StreamId start = probe(model, random, ids);
                StreamId end = random.nextInt(4) == 0 ? probe(model, random, ids) : advance(model, start, random);
                NavigableMap<StreamId, Nack> range = start.compareTo(end) <= 0
                        ? model.subMap(start, true, end, true) : new TreeMap<>();
                walk(list.cursorInRange(start, end), range, Integer.MAX_VALUE);
            } else {
                walk(list.cursorAtFirst(), model, random.nextInt(300));
            }
            assertThat(list.size()).isEqualTo(model.size());
            assertThat(list.isEmpty()).isEqualTo(model.isEmpty());
            if (op % 5_000 == 0) {
                height = Math.max(height, list.verify());
            }
        }
        list.verify();
        assertThat(drained).as("drained to empty").isPositive();
        assertThat(height).as("tree height").isGreaterThanOrEqualTo(3);
        walk(list.cursorAtFirst(), model, Integer.MAX_VALUE);
        // A final bulk delete to empty, in random order, and a refill in ascending order.
        List<StreamId> keys = new ArrayList<>(model.keySet());
        java.util.Collections.shuffle(keys, random);
        for (int i = 0; i < keys.size(); i++) {
            assertThat(list.remove(keys.get(i))).isSameAs(model.remove(keys.get(i)));
            if (i % 4_999 == 0) {
                list.verify();
            }
        }
        list.verify();
        assertThat(list.size()).isZero();
        assertThat(list.cursorAtFirst().valid()).isFalse();
        for (long i = 0; i < 50_000; i++) {
            StreamId id = new StreamId(Long.MAX_VALUE - 20_000 + i, i % 3);
            Nack nack = nack(i);
            assertThat(list.put(id, nack)).isSameAs(model.put(id, nack));
        }
        assertThat(list.verify()).isEqualTo(3);
        walk(list.cursorAtFirst(), model, Integer.MAX_VALUE);
    }

    /** Walks the cursor alongside the model's entries, up to {@code limit} steps. */
    private static void walk(PendingList.Cursor cursor, NavigableMap<StreamId, Nack> expected, int limit) {
        int steps = 0;
        for (Map.Entry<StreamId, Nack> e : expected.entrySet()) {
            if (steps++ >= limit) {
                return;
            }
            assertThat(cursor.valid()).isTrue();
            assertThat(cursor.id()).isEqualTo(e.getKey());
            assertThat(cursor.ms()).isEqualTo(e.getKey().ms());
            assertThat(cursor.seq()).isEqualTo(e.getKey().seq());
            assertThat(cursor.nack()).isSameAs(e.getValue());
            cursor.next();
        }
        assertThat(cursor.valid()).isFalse();
    }

    /** An ID in the model (when there is one), or a fresh one. */
    private static StreamId randomKey(TreeMap<StreamId, Nack> model, Random random, Ids ids) {
        if (model.isEmpty()) {
            return ids.next();
        }
        StreamId probe = new StreamId(random.nextLong(), random.nextLong());
        StreamId key = model.ceilingKey(probe);
        return key != null ? key : model.floorKey(probe);
    }

    /** A lookup key: an existing ID, one next to it, a fresh one, or an extreme. */
    private static StreamId probe(TreeMap<StreamId, Nack> model, Random random, Ids ids) {
        return switch (random.nextInt(6)) {
            case 0 -> StreamId.MIN;
            case 1 -> StreamId.MAX;
            case 2 -> {
                StreamId next = randomKey(model, random, ids).next();
                yield next == null ? StreamId.MAX : next;
            }
            case 3 -> {
                StreamId prev = randomKey(model, random, ids).previous();
                yield prev == null ? StreamId.MIN : prev;
            }
            case 4 -> randomKey(model, random, ids);
            default -> ids.next();
        };
    }

    /** An ID some entries after {@code start} in the model, or the largest ID. */
    private static StreamId advance(TreeMap<StreamId, Nack> model, StreamId start, Random random) {
        StreamId id = start;
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
            StreamId next = model.higherKey(id);
            if (next == null) {
                return StreamId.MAX;
            }
            id = next;
        }
        return id;
    }
}
