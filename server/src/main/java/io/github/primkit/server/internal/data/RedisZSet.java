package io.github.primkit.server.internal.data;

import java.util.Random;

/**
 * A sorted set value: a member-to-score hash map ({@link ScoreMap}) for O(1) score lookups, and an order-statistic
 * B+tree ({@link ZSetTree}) of (score, member) for O(log N) insert, delete, rank and select and O(log N + M) ranges.
 * Both share each member's byte array.
 *
 * <p>It also tracks the encoding Redis would give the same set, because it is visible to clients: ZSCAN returns a
 * listpack whole (cursor 0, whatever COUNT says), and a listpack keeps scores as text, which turns -0 into 0. Redis
 * creates a listpack when the command adds at most {@value #MAX_LISTPACK_ENTRIES} elements none longer than
 * {@value #MAX_LISTPACK_VALUE} bytes ({@code zsetTypeCreate}), and converts it to a skip list (reported here as
 * {@code skiplist}) before it would pass either bound; only the set-algebra STORE commands build a listpack again for
 * a small result. Change members through {@link #add}, {@link #update} and {@link #remove} so both halves and the
 * encoding follow. Not thread-safe.
 */
public final class RedisZSet {
    /** Redis's default {@code zset-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    /** Redis's default {@code zset-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    private final ScoreMap dict;
    private final ZSetTree tree = new ZSetTree();
    private boolean listpack;

    private RedisZSet(int expected, boolean listpack) {
        this.dict = new ScoreMap(expected);
        this.listpack = listpack;
    }

    /** An empty set for a command about to add {@code sizeHint} elements, the longest {@code longestMember} bytes. */
    public static RedisZSet create(long sizeHint, long longestMember) {
        boolean small = sizeHint <= MAX_LISTPACK_ENTRIES && longestMember <= MAX_LISTPACK_VALUE;
        return new RedisZSet(small ? (int) Math.max(sizeHint, 0) : 16, small);
    }

    public int size() {
        return dict.size();
    }

    /** The member's score, or NaN when it is not a member. */
    public double score(byte[] member) {
        return dict.get(member);
    }

    public boolean contains(byte[] member) {
        return !Double.isNaN(dict.get(member));
    }

    /** Adds a member that is not in the set; the encoding converts first if the set would outgrow a listpack. */
    public void add(byte[] member, double score) {
        if (listpack && (dict.size() + 1 > MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE)) {
            listpack = false;
        }
        double stored = listpack && score == 0 ? 0.0 : score;
        dict.put(member, stored);
        tree.insert(stored, member);
    }

    /** Changes an existing member's score from {@code old} (its current score) to {@code score}. */
    public void update(byte[] member, double old, double score) {
        byte[] stored = dict.storedKey(member);
        double value = listpack && score == 0 ? 0.0 : score;
        tree.delete(old, stored);
        tree.insert(value, stored);
        dict.put(stored, value);
    }

    /** Removes a member; false if it was not in the set. */
    public boolean remove(byte[] member) {
        byte[] stored = dict.storedKey(member);
        if (stored == null) {
            return false;
        }
        double score = dict.remove(stored);
        tree.delete(score, stored);
        return true;
    }

    /** The 0-based rank of a member known to be in the set, in ascending order. */
    public int rank(byte[] member, double score) {
        return tree.rank(score, member);
    }

    /** The number of entries before the first one for which the monotone predicate holds. */
    public int lowerBound(ZSetTree.EntryPredicate predicate) {
        return tree.lowerBound(predicate);
    }

    /** A cursor at the entry of 0-based ascending rank {@code rank}. */
    public ZSetTree.Cursor at(int rank) {
        return tree.at(rank);
    }

    public ZSetTree tree() {
        return tree;
    }

    /** One ZSCAN step over the hash table (for a skip-list set; a listpack is returned whole by the caller). */
    public long scan(long cursor, int count, ScoreMap.EntryConsumer action) {
        return dict.scan(cursor, count, action);
    }

    public byte[] randomMember(Random random) {
        return dict.randomKey(random);
    }

    /** Whether Redis would keep this set as a listpack. */
    public boolean listpack() {
        return listpack;
    }

    /** {@code listpack} or {@code skiplist}, as OBJECT ENCODING names them. */
    public String encodingName() {
        return listpack ? "listpack" : "skiplist";
    }

    /**
     * Re-derives the encoding for a set built as a result (ZUNIONSTORE and friends): a listpack if it is small
     * enough, which also stores -0 as 0.
     */
    public void convertToListpackIfSmall() {
        if (listpack || dict.size() > MAX_LISTPACK_ENTRIES) {
            return;
        }
        ZSetTree.Cursor cursor = tree.size() == 0 ? null : tree.at(0);
        boolean negativeZero = false;
        for (; cursor != null && cursor.valid(); cursor.next()) {
            if (cursor.member().length > MAX_LISTPACK_VALUE) {
                return;
            }
            negativeZero |= cursor.score() == 0 && 1 / cursor.score() < 0;
        }
        listpack = true;
        if (negativeZero) {
            java.util.List<byte[]> zeros = new java.util.ArrayList<>();
            for (cursor = tree.at(0); cursor.valid(); cursor.next()) {
                if (cursor.score() == 0 && 1 / cursor.score() < 0) {
                    zeros.add(cursor.member());
                }
            }
            for (byte[] member : zeros) {
                update(member, -0.0, 0.0);
            }
        }
    }

    /** An independent copy with the same encoding (COPY). */
    public RedisZSet copy() {
        RedisZSet copy = new RedisZSet(size(), listpack);
        if (tree.size() > 0) {
            for (ZSetTree.Cursor c = tree.at(0); c.valid(); c.next()) {
                copy.dict.put(c.member(), c.score());
                copy.tree.insert(c.score(), c.member());
            }
        }
        return copy;
    }
}
