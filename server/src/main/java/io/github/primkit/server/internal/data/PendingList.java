package io.github.primkit.server.internal.data;

import io.github.primkit.server.internal.data.RedisStream.Nack;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Objects;

/**
 * A pending entries list (PEL): stream IDs mapped to their {@link Nack}s, ordered by ID as {@link StreamId} orders
 * them (milliseconds, then sequence number, both unsigned).
 *
 * <p>Why not a {@code TreeMap<StreamId, Nack>}: a lookup there walks a red-black tree whose every level is an entry
 * object pointing to a separate key object, two cache misses per level, and XACK on a large PEL spent most of its
 * time there. This is a B+tree in the style of {@link ZSetTree}: a leaf holds up to {@value #LEAF_MAX} IDs inline in
 * one {@code long[]} (milliseconds and sequence number side by side) with their Nacks in a parallel array, and is
 * linked to its neighbours for ordered walks; an inner node holds up to {@value #INNER_MAX} children and their
 * separators inline in the same way. Every search inside a node is a binary search over a primitive array.
 *
 * <p>Separators: an inner node keeps, for each child but the first, an ID greater than every ID of the previous child
 * and at most every ID of this child. It is the child's first ID when the child is created by a split and stays valid
 * when IDs are removed, so removal never updates separators. A child left empty is dropped at once, and an underfull
 * child merges with a neighbour when both fit in one node, so the tree never keeps empty nodes and shrinks in height
 * as it empties; a leaf that deletions left three quarters empty gives back its unused slots. Owned by the event loop: not thread-safe.
 */
public final class PendingList {
    static final int LEAF_MAX = 64;
    static final int INNER_MAX = 64;
    private static final int MERGE_BELOW = 16;
    private static final int INITIAL_LEAF = 4;

    /** A node: a leaf of entries or an inner node of children. */
    private abstract static class Node {
        int size;
    }

    /** IDs in order, entry i's milliseconds at {@code ids[2i]} and sequence at {@code ids[2i + 1]}, and their Nacks. */
    private static final class Leaf extends Node {
        long[] ids;
        Nack[] nacks;
        Leaf prev;
        Leaf next;

        Leaf(int capacity) {
            ids = new long[2 * capacity];
            nacks = new Nack[capacity];
        }

        /**
         * Gives back the slots of a leaf that deletions left three quarters empty (down to twice what it holds), so a
         * PEL that was once large keeps no more than a few times the memory its entries need. Growing back takes
         * doubling from there, so a leaf never shrinks and grows on alternate calls.
         */
        void shrinkIfSparse() {
            if (nacks.length > INITIAL_LEAF && size > 0 && size * 4 <= nacks.length) {
                int n = Math.max(INITIAL_LEAF, size * 2);
                ids = Arrays.copyOf(ids, 2 * n);
                nacks = Arrays.copyOf(nacks, n);
            }
        }

        void ensure(int capacity) {
            if (nacks.length < capacity) {
                int n = Math.min(LEAF_MAX, Math.max(capacity, nacks.length * 2));
                ids = Arrays.copyOf(ids, 2 * n);
                nacks = Arrays.copyOf(nacks, n);
            }
        }
    }

    /** Children and, for each but the first, its separator ID inline as in a leaf. */
    private static final class Inner extends Node {
        final Node[] children = new Node[INNER_MAX];
        final long[] separators = new long[2 * INNER_MAX];
    }

    private Node root = new Leaf(INITIAL_LEAF);
    private Leaf first = (Leaf) root;
    private Leaf last = (Leaf) root;
    private int size;
    /** Counts insertions and removals of IDs, so a cursor notices a structural change under it. */
    private int modCount;
    /** The Nack a {@link #put} replaced, passed up from the leaf. */
    private Nack replaced;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    // ---- Lookup ------------------------------------------------------------------------------------------------

    /** The Nack of an ID, or null if the ID is not pending. */
    public Nack get(StreamId id) {
        return get(id.ms(), id.seq());
    }

    public Nack get(long ms, long seq) {
        Leaf leaf = leafFor(ms, seq);
        int i = search(leaf, ms, seq);
        return i >= 0 ? leaf.nacks[i] : null;
    }

    /** The smallest ID, or null if the list is empty. */
    public StreamId firstId() {
        return size == 0 ? null : new StreamId(first.ids[0], first.ids[1]);
    }

    /** The largest ID, or null if the list is empty. */
    public StreamId lastId() {
        return size == 0 ? null : new StreamId(last.ids[2 * last.size - 2], last.ids[2 * last.size - 1]);
    }

    /** The smallest ID at least {@code id}, or null if there is none. */
    public StreamId ceilingId(StreamId id) {
        Cursor c = cursorFrom(id);
        return c.valid() ? c.id() : null;
    }

    /** The smallest ID greater than {@code id}, or null if there is none. */
    public StreamId higherId(StreamId id) {
        Leaf leaf = leafFor(id.ms(), id.seq());
        int i = search(leaf, id.ms(), id.seq());
        i = i >= 0 ? i + 1 : -i - 1;
        if (i >= leaf.size) {
            leaf = leaf.next;
            i = 0;
        }
        return leaf == null ? null : new StreamId(leaf.ids[2 * i], leaf.ids[2 * i + 1]);
    }

    /** The leaf whose range holds the ID. */
    private Leaf leafFor(long ms, long seq) {
        Node node = root;
        while (node instanceof Inner inner) {
            node = inner.children[childIndex(inner, ms, seq)];
        }
        return (Leaf) node;
    }

    /** The child whose range holds the ID: the last one whose separator is at most the ID (else the first). */
    private static int childIndex(Inner inner, long ms, long seq) {
        long[] seps = inner.separators;
        int lo = 1;
        int hi = inner.size - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (StreamId.compare(seps[2 * mid], seps[2 * mid + 1], ms, seq) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The ID's index in the leaf if present, else {@code -(insertion point) - 1}, as {@link Arrays#binarySearch}. */
    private static int search(Leaf leaf, long ms, long seq) {
        long[] ids = leaf.ids;
        int lo = 0;
        int hi = leaf.size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = StreamId.compare(ids[2 * mid], ids[2 * mid + 1], ms, seq);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -lo - 1;
    }

    // ---- Put ---------------------------------------------------------------------------------------------------

    /** Maps the ID to the Nack, inserting it or replacing its Nack; returns the replaced Nack or null. */
    public Nack put(StreamId id, Nack nack) {
        return put(id.ms(), id.seq(), nack);
    }

    public Nack put(long ms, long seq, Nack nack) {
        Objects.requireNonNull(nack, "nack");
        replaced = null;
        Node split = insert(root, ms, seq, nack);
        if (split != null) {
            Inner top = new Inner();
            top.children[0] = root;
            top.children[1] = split;
            setSeparator(top, 1, split);
            top.size = 2;
            root = top;
        }
        Nack old = replaced;
        replaced = null;
        if (old == null) {
            size++;
            modCount++;
        }
        return old;
    }

    /** Inserts below {@code node} (or replaces, leaving the old Nack in {@link #replaced}); returns a split or null. */
    private Node insert(Node node, long ms, long seq, Nack nack) {
        if (node instanceof Leaf leaf) {
            int i = search(leaf, ms, seq);
            if (i >= 0) {
                replaced = leaf.nacks[i];
                leaf.nacks[i] = nack;
                return null;
            }
            i = -i - 1;
            if (leaf.size < LEAF_MAX) {
                leaf.ensure(leaf.size + 1);
                insertAt(leaf, i, ms, seq, nack);
                return null;
            }
            return splitLeaf(leaf, i, ms, seq, nack);
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, ms, seq);
        Node split = insert(inner.children[c], ms, seq, nack);
        return split == null ? null : addChild(inner, c + 1, split);
    }

    private static void insertAt(Leaf leaf, int i, long ms, long seq, Nack nack) {
        int tail = leaf.size - i;
        if (tail > 0) {
            System.arraycopy(leaf.ids, 2 * i, leaf.ids, 2 * i + 2, 2 * tail);
            System.arraycopy(leaf.nacks, i, leaf.nacks, i + 1, tail);
        }
        leaf.ids[2 * i] = ms;
        leaf.ids[2 * i + 1] = seq;
        leaf.nacks[i] = nack;
        leaf.size++;
    }

    private Leaf splitLeaf(Leaf leaf, int i, long ms, long seq, Nack nack) {
        // Appending at the very end (XREADGROUP's ascending IDs) or front splits off just the new entry, so those
        // loads fill their leaves; otherwise the leaf splits in half.
        int keep;
        if (i == LEAF_MAX && leaf.next == null) {
            keep = LEAF_MAX;
        } else if (i == 0 && leaf.prev == null) {
            keep = 0;
        } else {
            keep = LEAF_MAX / 2;
        }
        Leaf right = new Leaf(keep == LEAF_MAX ? INITIAL_LEAF : LEAF_MAX);
        int moved = LEAF_MAX - keep;
        System.arraycopy(leaf.ids, 2 * keep, right.ids, 0, 2 * moved);
        System.arraycopy(leaf.nacks, keep, right.nacks, 0, moved);
        Arrays.fill(leaf.nacks, keep, LEAF_MAX, null);
        right.size = moved;
        leaf.size = keep;
        right.next = leaf.next;
        right.prev = leaf;
        if (leaf.next != null) {
            leaf.next.prev = right;
        } else {
            last = right;
        }
        leaf.next = right;
        if (keep == LEAF_MAX) {
            insertAt(right, 0, ms, seq, nack);
        } else if (i <= keep) {
            insertAt(leaf, i, ms, seq, nack);
        } else {
            insertAt(right, i - keep, ms, seq, nack);
        }
        return right;
    }

    /** Adds a child at {@code at}; returns the new right sibling if the node split, else null. */
    private static Node addChild(Inner inner, int at, Node child) {
        if (inner.size < INNER_MAX) {
            shiftIn(inner, at, child);
            return null;
        }
        Inner right = new Inner();
        int keep = INNER_MAX / 2;
        int moved = INNER_MAX - keep;
        System.arraycopy(inner.children, keep, right.children, 0, moved);
        System.arraycopy(inner.separators, 2 * keep, right.separators, 0, 2 * moved);
        Arrays.fill(inner.children, keep, INNER_MAX, null);
        inner.size = keep;
        right.size = moved;
        if (at <= keep) {
            shiftIn(inner, at, child);
        } else {
            shiftIn(right, at - keep, child);
        }
        return right;
    }

    private static void shiftIn(Inner inner, int at, Node child) {
        int tail = inner.size - at;
        if (tail > 0) {
            System.arraycopy(inner.children, at, inner.children, at + 1, tail);
            System.arraycopy(inner.separators, 2 * at, inner.separators, 2 * at + 2, 2 * tail);
        }
        inner.children[at] = child;
        setSeparator(inner, at, child);
        inner.size++;
    }

    /** Sets child {@code at}'s separator to a lower bound of the child: its first ID, or its own first separator. */
    private static void setSeparator(Inner inner, int at, Node child) {
        long[] from = child instanceof Leaf leaf ? leaf.ids : ((Inner) child).separators;
        inner.separators[2 * at] = from[0];
        inner.separators[2 * at + 1] = from[1];
    }

    /** The entry slots of all leaves, used or not (tests check that deletions give memory back). */
    int leafSlots() {
        int slots = 0;
        for (Leaf l = first; l != null; l = l.next) {
            slots += l.nacks.length;
        }
        return slots;
    }

    // ---- Remove ------------------------------------------------------------------------------------------------

    /** Removes the ID; returns its Nack, or null if it was not pending. */
    public Nack remove(StreamId id) {
        return remove(id.ms(), id.seq());
    }

    public Nack remove(long ms, long seq) {
        Nack removed = remove(root, ms, seq);
        if (removed == null) {
            return null;
        }
        size--;
        modCount++;
        while (root instanceof Inner inner && inner.size == 1) {
            root = inner.children[0];
        }
        if (size == 0) {
            Leaf empty = new Leaf(INITIAL_LEAF);
            root = empty;
            first = empty;
            last = empty;
        }
        return removed;
    }

    private Nack remove(Node node, long ms, long seq) {
        if (node instanceof Leaf leaf) {
            int i = search(leaf, ms, seq);
            if (i < 0) {
                return null;
            }
            Nack nack = leaf.nacks[i];
            int tail = leaf.size - i - 1;
            if (tail > 0) {
                System.arraycopy(leaf.ids, 2 * i + 2, leaf.ids, 2 * i, 2 * tail);
                System.arraycopy(leaf.nacks, i + 1, leaf.nacks, i, tail);
            }
            leaf.size--;
            leaf.nacks[leaf.size] = null;
            leaf.shrinkIfSparse();
            return nack;
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, ms, seq);
        Nack removed = remove(inner.children[c], ms, seq);
        if (removed != null) {
            rebalance(inner, c);
        }
        return removed;
    }

    /** After a removal below child {@code c}: drops it if empty, or merges it with a neighbour if both fit. */
    private void rebalance(Inner inner, int c) {
        Node child = inner.children[c];
        if (child.size == 0) {
            if (child instanceof Leaf leaf) {
                unlink(leaf);
            }
            removeChild(inner, c);
            return;
        }
        if (child.size >= MERGE_BELOW) {
            return;
        }
        int max = child instanceof Leaf ? LEAF_MAX : INNER_MAX;
        if (c + 1 < inner.size && inner.children[c + 1].size + child.size <= max * 3 / 4) {
            merge(inner, c);
        } else if (c > 0 && inner.children[c - 1].size + child.size <= max * 3 / 4) {
            merge(inner, c - 1);
        }
    }

    /** Moves child {@code c + 1}'s content into child {@code c} and removes it. */
    private void merge(Inner inner, int c) {
        Node left = inner.children[c];
        Node right = inner.children[c + 1];
        if (left instanceof Leaf l) {
            Leaf r = (Leaf) right;
            l.ensure(l.size + r.size);
            System.arraycopy(r.ids, 0, l.ids, 2 * l.size, 2 * r.size);
            System.arraycopy(r.nacks, 0, l.nacks, l.size, r.size);
            l.size += r.size;
            unlink(r);
        } else {
            Inner l = (Inner) left;
            Inner r = (Inner) right;
            // The right node's first child now follows the left's last: its separator is the right node's own.
            r.separators[0] = inner.separators[2 * c + 2];
            r.separators[1] = inner.separators[2 * c + 3];
            System.arraycopy(r.children, 0, l.children, l.size, r.size);
            System.arraycopy(r.separators, 0, l.separators, 2 * l.size, 2 * r.size);
            l.size += r.size;
        }
        removeChild(inner, c + 1);
    }

    private static void removeChild(Inner inner, int c) {
        int tail = inner.size - c - 1;
        if (tail > 0) {
            System.arraycopy(inner.children, c + 1, inner.children, c, tail);
            System.arraycopy(inner.separators, 2 * c + 2, inner.separators, 2 * c, 2 * tail);
        }
        inner.size--;
        inner.children[inner.size] = null;
        // A new first child keeps its separator in slot 0, unused for routing: the node's own lower bound holds.
    }

    private void unlink(Leaf leaf) {
        if (leaf.prev != null) {
            leaf.prev.next = leaf.next;
        } else {
            first = leaf.next;
        }
        if (leaf.next != null) {
            leaf.next.prev = leaf.prev;
        } else {
            last = leaf.prev;
        }
    }

    // ---- Ordered walks -----------------------------------------------------------------------------------------

    /** A cursor at the smallest ID, walking to the end. */
    public Cursor cursorAtFirst() {
        return new Cursor(size == 0 ? null : first, 0, false, 0, 0);
    }

    /** A cursor at the smallest ID at least {@code start}, walking to the end. */
    public Cursor cursorFrom(StreamId start) {
        return cursorFrom(start, false, 0, 0);
    }

    /** A cursor over the IDs from {@code start} to {@code end}, both inclusive (none if start is above end). */
    public Cursor cursorInRange(StreamId start, StreamId end) {
        return cursorFrom(start, true, end.ms(), end.seq());
    }

    private Cursor cursorFrom(StreamId start, boolean bounded, long endMs, long endSeq) {
        Leaf leaf = leafFor(start.ms(), start.seq());
        int i = search(leaf, start.ms(), start.seq());
        i = i >= 0 ? i : -i - 1;
        if (i >= leaf.size) {
            leaf = leaf.next;
            i = 0;
        }
        return new Cursor(leaf, i, bounded, endMs, endSeq);
    }

    /**
     * A position in the list walking forwards in ID order, O(1) per step. The Nack it shows may be changed or
     * replaced while walking, but inserting or removing an ID of this list makes it fail fast with a
     * {@link ConcurrentModificationException}: a loop that does that walks by {@link #higherId} instead.
     */
    public final class Cursor {
        private Leaf leaf;
        private int index;
        private final boolean bounded;
        private final long endMs;
        private final long endSeq;
        private final int expectedModCount = modCount;

        Cursor(Leaf leaf, int index, boolean bounded, long endMs, long endSeq) {
            this.leaf = leaf;
            this.index = index;
            this.bounded = bounded;
            this.endMs = endMs;
            this.endSeq = endSeq;
            stopPastEnd();
        }

        public boolean valid() {
            return leaf != null;
        }

        public long ms() {
            checkUnchanged();
            return leaf.ids[2 * index];
        }

        public long seq() {
            checkUnchanged();
            return leaf.ids[2 * index + 1];
        }

        public StreamId id() {
            return new StreamId(ms(), seq());
        }

        public Nack nack() {
            checkUnchanged();
            return leaf.nacks[index];
        }

        public void next() {
            checkUnchanged();
            if (++index >= leaf.size) {
                leaf = leaf.next;
                index = 0;
            }
            stopPastEnd();
        }

        private void stopPastEnd() {
            if (bounded && leaf != null
                    && StreamId.compare(leaf.ids[2 * index], leaf.ids[2 * index + 1], endMs, endSeq) > 0) {
                leaf = null;
            }
        }

        private void checkUnchanged() {
            if (modCount != expectedModCount) {
                throw new ConcurrentModificationException("pending list changed under a cursor");
            }
        }
    }

    // ---- Checks ------------------------------------------------------------------------------------------------

    /**
     * Checks the structure (tests): order, separators, no empty nodes, leaves at one depth, links, size. Throws on the
     * first broken invariant; returns the height (1 for a lone leaf).
     */
    int verify() {
        int[] seen = {0};
        int[] leafDepth = {-1};
        check(root, false, 0, 0, false, 0, 0, 0, leafDepth, seen);
        if (seen[0] != size) {
            throw new IllegalStateException("size " + size + " but " + seen[0] + " entries");
        }
        if (size == 0 && !(root instanceof Leaf)) {
            throw new IllegalStateException("empty list with inner nodes");
        }
        if (root instanceof Inner inner && inner.size < 2) {
            throw new IllegalStateException("root with a single child");
        }
        int walked = 0;
        Leaf prev = null;
        for (Leaf l = first; l != null; l = l.next) {
            if (l.prev != prev) {
                throw new IllegalStateException("broken prev link");
            }
            if (prev != null && prev.size > 0 && l.size > 0 && StreamId.compare(prev.ids[2 * prev.size - 2],
                    prev.ids[2 * prev.size - 1], l.ids[0], l.ids[1]) >= 0) {
                throw new IllegalStateException("leaves out of order");
            }
            walked += l.size;
            prev = l;
        }
        if (prev != last || walked != size) {
            throw new IllegalStateException("leaf chain holds " + walked + " of " + size);
        }
        return leafDepth[0] + 1;
    }

    private static void check(Node node, boolean hasLo, long loMs, long loSeq, boolean hasHi, long hiMs, long hiSeq,
            int depth, int[] leafDepth, int[] seen) {
        if (node instanceof Leaf leaf) {
            if (leafDepth[0] == -1) {
                leafDepth[0] = depth;
            } else if (leafDepth[0] != depth) {
                throw new IllegalStateException("leaves at depths " + leafDepth[0] + " and " + depth);
            }
            if (leaf.size > LEAF_MAX || leaf.nacks.length > LEAF_MAX) {
                throw new IllegalStateException("leaf over capacity");
            }
            for (int i = 0; i < leaf.size; i++) {
                long ms = leaf.ids[2 * i];
                long seq = leaf.ids[2 * i + 1];
                if (i > 0 && StreamId.compare(leaf.ids[2 * i - 2], leaf.ids[2 * i - 1], ms, seq) >= 0) {
                    throw new IllegalStateException("leaf out of order");
                }
                if (hasLo && StreamId.compare(ms, seq, loMs, loSeq) < 0) {
                    throw new IllegalStateException("entry below its separator");
                }
                if (hasHi && StreamId.compare(ms, seq, hiMs, hiSeq) >= 0) {
                    throw new IllegalStateException("entry not below the next separator");
                }
                if (leaf.nacks[i] == null) {
                    throw new IllegalStateException("null nack");
                }
            }
            for (int i = leaf.size; i < leaf.nacks.length; i++) {
                if (leaf.nacks[i] != null) {
                    throw new IllegalStateException("stale nack past the leaf's size");
                }
            }
            seen[0] += leaf.size;
            return;
        }
        Inner inner = (Inner) node;
        if (inner.size == 0) {
            throw new IllegalStateException("empty inner node");
        }
        long[] seps = inner.separators;
        for (int c = 0; c < inner.size; c++) {
            if (c > 0 && hasLo && StreamId.compare(seps[2 * c], seps[2 * c + 1], loMs, loSeq) < 0) {
                throw new IllegalStateException("separator below the node's lower bound");
            }
            if (c > 1 && StreamId.compare(seps[2 * c - 2], seps[2 * c - 1], seps[2 * c], seps[2 * c + 1]) >= 0) {
                throw new IllegalStateException("separators out of order");
            }
            boolean lo = c > 0 || hasLo;
            long lm = c == 0 ? loMs : seps[2 * c];
            long ls = c == 0 ? loSeq : seps[2 * c + 1];
            boolean hi = c + 1 < inner.size || hasHi;
            long hm = c + 1 < inner.size ? seps[2 * c + 2] : hiMs;
            long hs = c + 1 < inner.size ? seps[2 * c + 3] : hiSeq;
            int before = seen[0];
            check(inner.children[c], lo, lm, ls, hi, hm, hs, depth + 1, leafDepth, seen);
            if (seen[0] == before) {
                throw new IllegalStateException("empty child");
            }
        }
        for (int c = inner.size; c < INNER_MAX; c++) {
            if (inner.children[c] != null) {
                throw new IllegalStateException("stale child past the node's size");
            }
        }
    }
}
