package io.github.primkit.server.internal.data;

import java.util.Arrays;

/**
 * The ordered half of a sorted set: an order-statistic B+tree of (score, member) entries, ordered by score and, for
 * equal scores, by member bytes compared unsigned (shorter first on a common prefix), as Redis orders its skip list.
 *
 * <p>Why a B+tree and not Redis's skip list: in Java a skip-list node is three objects, and measured at 1.7x Redis's
 * memory per member and 6-15x slower than this layout (see SERVER-NOTES). Here a leaf holds up to {@value #LEAF_MAX}
 * entries in two parallel arrays (unboxed scores, member references) and is linked to its neighbours, so a range of
 * M entries costs O(log N + M); an inner node holds up to {@value #INNER_MAX} children with their entry counts, so
 * rank and select are O(log N).
 *
 * <p>Separators: an inner node keeps, for each child but the first, a key that is greater than every entry of the
 * previous child and at most every entry of this child. It is the child's first entry when the child is created by a
 * split, and stays valid when entries are deleted (it may then lie below the child's first entry), so deletion never
 * updates separators. Underfull nodes merge with a neighbour when both fit in one. Scores are compared with the
 * primitive operators, so -0 and 0 are equal, as in C; NaN is never stored. Not thread-safe.
 */
public final class ZSetTree {
    static final int LEAF_MAX = 64;
    static final int INNER_MAX = 64;
    private static final int MERGE_BELOW = 16;
    private static final int INITIAL_LEAF = 4;

    /** A node: a leaf of entries or an inner node of children. */
    private abstract static class Node {
        int size;
    }

    /** Entries in order; linked to the neighbouring leaves for range walks. */
    public static final class Leaf extends Node {
        double[] scores;
        byte[][] members;
        Leaf prev;
        Leaf next;

        Leaf(int capacity) {
            scores = new double[capacity];
            members = new byte[capacity][];
        }

        void ensure(int capacity) {
            if (scores.length < capacity) {
                int n = Math.min(LEAF_MAX, Math.max(capacity, scores.length * 2));
                scores = Arrays.copyOf(scores, n);
                members = Arrays.copyOf(members, n);
            }
        }
    }

    private static final class Inner extends Node {
        final Node[] children = new Node[INNER_MAX];
        final int[] counts = new int[INNER_MAX];
        final double[] sepScores = new double[INNER_MAX];
        final byte[][] sepMembers = new byte[INNER_MAX][];
    }

    /** Tests entries; must be monotone over the order (false for a prefix, true after it) where it is used. */
    @FunctionalInterface
    public interface EntryPredicate {
        boolean test(double score, byte[] member);
    }

    private Node root = new Leaf(INITIAL_LEAF);
    private Leaf first = (Leaf) root;
    private Leaf last = (Leaf) root;
    private int size;

    public int size() {
        return size;
    }

    /** Compares (s1, m1) with (s2, m2) in the sorted set's order. */
    public static int compare(double s1, byte[] m1, double s2, byte[] m2) {
        if (s1 < s2) {
            return -1;
        }
        if (s1 > s2) {
            return 1;
        }
        return Arrays.compareUnsigned(m1, m2);
    }

    // ---- Insert ------------------------------------------------------------------------------------------------

    /** Inserts an entry that is not in the tree. */
    public void insert(double score, byte[] member) {
        Node split = insert(root, score, member);
        if (split != null) {
            Inner top = new Inner();
            top.children[0] = root;
            top.counts[0] = count(root);
            top.children[1] = split;
            top.counts[1] = count(split);
            top.sepScores[1] = firstScore(split);
            top.sepMembers[1] = firstMember(split);
            top.size = 2;
            root = top;
        }
        size++;
    }

    /** Inserts below {@code node}; returns the new right sibling if the node split, else null. */
    private Node insert(Node node, double score, byte[] member) {
        if (node instanceof Leaf leaf) {
            int i = leafIndex(leaf, score, member);
            if (leaf.size < LEAF_MAX) {
                leaf.ensure(leaf.size + 1);
                insertAt(leaf, i, score, member);
                return null;
            }
            return splitLeaf(leaf, i, score, member);
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, score, member);
        Node split = insert(inner.children[c], score, member);
        inner.counts[c]++;
        if (split == null) {
            return null;
        }
        int moved = count(split);
        inner.counts[c] -= moved;
        return addChild(inner, c + 1, split, moved, firstScore(split), firstMember(split));
    }

    private static void insertAt(Leaf leaf, int i, double score, byte[] member) {
        int tail = leaf.size - i;
        if (tail > 0) {
            System.arraycopy(leaf.scores, i, leaf.scores, i + 1, tail);
            System.arraycopy(leaf.members, i, leaf.members, i + 1, tail);
        }
        leaf.scores[i] = score;
        leaf.members[i] = member;
        leaf.size++;
    }

    private Leaf splitLeaf(Leaf leaf, int i, double score, byte[] member) {
        // Appending at the very end or front (ascending or descending loads) splits off just the new entry, so those
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
        System.arraycopy(leaf.scores, keep, right.scores, 0, moved);
        System.arraycopy(leaf.members, keep, right.members, 0, moved);
        Arrays.fill(leaf.members, keep, LEAF_MAX, null);
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
            insertAt(right, 0, score, member);
        } else if (i <= keep) {
            insertAt(leaf, i, score, member);
        } else {
            insertAt(right, i - keep, score, member);
        }
        return right;
    }

    private static Node addChild(Inner inner, int at, Node child, int count, double sepScore, byte[] sepMember) {
        if (inner.size < INNER_MAX) {
            shiftIn(inner, at, child, count, sepScore, sepMember);
            return null;
        }
        Inner right = new Inner();
        int keep = INNER_MAX / 2;
        int moved = INNER_MAX - keep;
        System.arraycopy(inner.children, keep, right.children, 0, moved);
        System.arraycopy(inner.counts, keep, right.counts, 0, moved);
        System.arraycopy(inner.sepScores, keep, right.sepScores, 0, moved);
        System.arraycopy(inner.sepMembers, keep, right.sepMembers, 0, moved);
        Arrays.fill(inner.children, keep, INNER_MAX, null);
        Arrays.fill(inner.sepMembers, keep, INNER_MAX, null);
        inner.size = keep;
        right.size = moved;
        if (at <= keep) {
            shiftIn(inner, at, child, count, sepScore, sepMember);
        } else {
            shiftIn(right, at - keep, child, count, sepScore, sepMember);
        }
        return right;
    }

    private static void shiftIn(Inner inner, int at, Node child, int count, double sepScore, byte[] sepMember) {
        int tail = inner.size - at;
        if (tail > 0) {
            System.arraycopy(inner.children, at, inner.children, at + 1, tail);
            System.arraycopy(inner.counts, at, inner.counts, at + 1, tail);
            System.arraycopy(inner.sepScores, at, inner.sepScores, at + 1, tail);
            System.arraycopy(inner.sepMembers, at, inner.sepMembers, at + 1, tail);
        }
        inner.children[at] = child;
        inner.counts[at] = count;
        inner.sepScores[at] = sepScore;
        inner.sepMembers[at] = sepMember;
        inner.size++;
    }

    /** A lower bound of the node's entries: its first entry, or for an inner node its first separator. */
    private static double firstScore(Node node) {
        return node instanceof Leaf leaf ? leaf.scores[0] : ((Inner) node).sepScores[0];
    }

    private static byte[] firstMember(Node node) {
        return node instanceof Leaf leaf ? leaf.members[0] : ((Inner) node).sepMembers[0];
    }

    private static int count(Node node) {
        if (node instanceof Leaf) {
            return node.size;
        }
        Inner inner = (Inner) node;
        int n = 0;
        for (int i = 0; i < inner.size; i++) {
            n += inner.counts[i];
        }
        return n;
    }

    /** The child whose range holds the key: the last one whose separator is at most the key. */
    private static int childIndex(Inner inner, double score, byte[] member) {
        int lo = 1;
        int hi = inner.size - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(inner.sepScores[mid], inner.sepMembers[mid], score, member) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The index of the first entry of the leaf not below the key. */
    private static int leafIndex(Leaf leaf, double score, byte[] member) {
        int lo = 0;
        int hi = leaf.size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(leaf.scores[mid], leaf.members[mid], score, member) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    // ---- Delete ------------------------------------------------------------------------------------------------

    /** Deletes an entry; false if it is not in the tree. */
    public boolean delete(double score, byte[] member) {
        if (!delete(root, score, member)) {
            return false;
        }
        size--;
        while (root instanceof Inner inner && inner.size == 1) {
            root = inner.children[0];
        }
        if (size == 0) {
            Leaf empty = new Leaf(INITIAL_LEAF);
            root = empty;
            first = empty;
            last = empty;
        }
        return true;
    }

    private boolean delete(Node node, double score, byte[] member) {
        if (node instanceof Leaf leaf) {
            int i = leafIndex(leaf, score, member);
            if (i >= leaf.size || compare(leaf.scores[i], leaf.members[i], score, member) != 0) {
                return false;
            }
            int tail = leaf.size - i - 1;
            if (tail > 0) {
                System.arraycopy(leaf.scores, i + 1, leaf.scores, i, tail);
                System.arraycopy(leaf.members, i + 1, leaf.members, i, tail);
            }
            leaf.size--;
            leaf.members[leaf.size] = null;
            return true;
        }
        Inner inner = (Inner) node;
        int c = childIndex(inner, score, member);
        if (!delete(inner.children[c], score, member)) {
            return false;
        }
        inner.counts[c]--;
        rebalance(inner, c);
        return true;
    }

    /** After a deletion below child {@code c}: drops it if empty, or merges it with a neighbour if both fit. */
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
            System.arraycopy(r.scores, 0, l.scores, l.size, r.size);
            System.arraycopy(r.members, 0, l.members, l.size, r.size);
            l.size += r.size;
            unlink(r);
        } else {
            Inner l = (Inner) left;
            Inner r = (Inner) right;
            // The right node's first child now follows the left's last: its separator is the right node's own.
            r.sepScores[0] = inner.sepScores[c + 1];
            r.sepMembers[0] = inner.sepMembers[c + 1];
            System.arraycopy(r.children, 0, l.children, l.size, r.size);
            System.arraycopy(r.counts, 0, l.counts, l.size, r.size);
            System.arraycopy(r.sepScores, 0, l.sepScores, l.size, r.size);
            System.arraycopy(r.sepMembers, 0, l.sepMembers, l.size, r.size);
            l.size += r.size;
        }
        inner.counts[c] += inner.counts[c + 1];
        removeChild(inner, c + 1);
    }

    private static void removeChild(Inner inner, int c) {
        int tail = inner.size - c - 1;
        if (tail > 0) {
            System.arraycopy(inner.children, c + 1, inner.children, c, tail);
            System.arraycopy(inner.counts, c + 1, inner.counts, c, tail);
            System.arraycopy(inner.sepScores, c + 1, inner.sepScores, c, tail);
            System.arraycopy(inner.sepMembers, c + 1, inner.sepMembers, c, tail);
        }
        inner.size--;
        inner.children[inner.size] = null;
        inner.sepMembers[inner.size] = null;
        if (c == 0 && inner.size > 0) {
            // The new first child's separator is now the node's lower bound; keep it (still a valid bound).
            return;
        }
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

    // ---- Rank, select, bounds ----------------------------------------------------------------------------------

    /** The 0-based rank of an entry known to be in the tree. */
    public int rank(double score, byte[] member) {
        Node node = root;
        int rank = 0;
        while (node instanceof Inner inner) {
            int c = childIndex(inner, score, member);
            for (int i = 0; i < c; i++) {
                rank += inner.counts[i];
            }
            node = inner.children[c];
        }
        return rank + leafIndex((Leaf) node, score, member);
    }

    /** The number of entries for which a monotone predicate is false: the rank of the first entry where it holds. */
    public int lowerBound(EntryPredicate predicate) {
        Node node = root;
        int rank = 0;
        while (node instanceof Inner inner) {
            // The first child whose separator satisfies the predicate starts a run of matches; the first match is in
            // the child before it (or is that child's first entry).
            int lo = 1;
            int hi = inner.size - 1;
            int target = inner.size - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (predicate.test(inner.sepScores[mid], inner.sepMembers[mid])) {
                    target = mid - 1;
                    hi = mid - 1;
                } else {
                    lo = mid + 1;
                }
            }
            for (int i = 0; i < target; i++) {
                rank += inner.counts[i];
            }
            node = inner.children[target];
        }
        Leaf leaf = (Leaf) node;
        int lo = 0;
        int hi = leaf.size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (predicate.test(leaf.scores[mid], leaf.members[mid])) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return rank + lo;
    }

    /** A cursor at the entry of 0-based rank {@code rank} (which must be below {@link #size()}). */
    public Cursor at(int rank) {
        if (rank < 0 || rank >= size) {
            throw new IndexOutOfBoundsException(rank + " of " + size);
        }
        if (rank == 0) {
            return new Cursor(first, 0);
        }
        if (rank == size - 1) {
            return new Cursor(last, last.size - 1);
        }
        Node node = root;
        int r = rank;
        while (node instanceof Inner inner) {
            int c = 0;
            while (r >= inner.counts[c]) {
                r -= inner.counts[c];
                c++;
            }
            node = inner.children[c];
        }
        return new Cursor((Leaf) node, r);
    }

    public double firstScore() {
        return first.scores[0];
    }

    public byte[] firstMember() {
        return first.members[0];
    }

    public double lastScore() {
        return last.scores[last.size - 1];
    }

    public byte[] lastMember() {
        return last.members[last.size - 1];
    }

    /** A position in the tree that walks forwards or backwards in O(1) per step. Invalid after a change. */
    public static final class Cursor {
        private Leaf leaf;
        private int index;

        Cursor(Leaf leaf, int index) {
            this.leaf = leaf;
            this.index = index;
        }

        public boolean valid() {
            return leaf != null;
        }

        public double score() {
            return leaf.scores[index];
        }

        public byte[] member() {
            return leaf.members[index];
        }

        public void next() {
            if (++index >= leaf.size) {
                leaf = leaf.next;
                index = 0;
            }
        }

        public void prev() {
            if (--index < 0) {
                leaf = leaf.prev;
                index = leaf == null ? 0 : leaf.size - 1;
            }
        }
    }

    /** Checks the structure (tests): order, counts, separators, links. Throws on the first broken invariant. */
    void verify() {
        int[] seen = {0};
        check(root, null, Double.NaN, null, Double.NaN, seen);
        if (seen[0] != size) {
            throw new IllegalStateException("size " + size + " but " + seen[0] + " entries");
        }
        int walked = 0;
        Leaf prev = null;
        for (Leaf l = first; l != null; l = l.next) {
            if (l.prev != prev) {
                throw new IllegalStateException("broken prev link");
            }
            walked += l.size;
            prev = l;
        }
        if (prev != last || walked != size) {
            throw new IllegalStateException("leaf chain holds " + walked + " of " + size);
        }
    }

    private static int check(Node node, byte[] loM, double loS, byte[] hiM, double hiS, int[] seen) {
        if (node instanceof Leaf leaf) {
            for (int i = 0; i < leaf.size; i++) {
                if (i > 0 && compare(leaf.scores[i - 1], leaf.members[i - 1], leaf.scores[i], leaf.members[i]) >= 0) {
                    throw new IllegalStateException("leaf out of order");
                }
                if (loM != null && compare(leaf.scores[i], leaf.members[i], loS, loM) < 0) {
                    throw new IllegalStateException("entry below its separator");
                }
                if (hiM != null && compare(leaf.scores[i], leaf.members[i], hiS, hiM) >= 0) {
                    throw new IllegalStateException("entry not below the next separator");
                }
            }
            seen[0] += leaf.size;
            return leaf.size;
        }
        Inner inner = (Inner) node;
        int total = 0;
        for (int c = 0; c < inner.size; c++) {
            byte[] lm = c == 0 ? loM : inner.sepMembers[c];
            double ls = c == 0 ? loS : inner.sepScores[c];
            byte[] hm = c + 1 < inner.size ? inner.sepMembers[c + 1] : hiM;
            double hs = c + 1 < inner.size ? inner.sepScores[c + 1] : hiS;
            int n = check(inner.children[c], lm, ls, hm, hs, seen);
            if (n != inner.counts[c]) {
                throw new IllegalStateException("count " + inner.counts[c] + " but " + n + " entries");
            }
            if (n == 0) {
                throw new IllegalStateException("empty child");
            }
            total += n;
        }
        return total;
    }
}
