package io.github.primkit.server.internal.data;

import java.util.Arrays;
import java.util.Random;

/**
 * The member-to-score half of a sorted set: open addressing (linear probing) over parallel arrays of member
 * references, hashes and unboxed scores, 16 bytes of table per slot. The same layout and reverse-binary scan order as
 * {@link ByteKeyMap} (tombstones on delete, so a ZSCAN cursor stays valid across resizes), with {@code double} values
 * so a score costs no object. Absence is reported as NaN, which is never a stored score. Not thread-safe.
 */
public final class ScoreMap {
    private static final byte[] TOMBSTONE = new byte[0];
    private static final int MIN_CAPACITY = 4;

    private byte[][] keys;
    private int[] hashes;
    private double[] scores;
    private int size;
    private int tombstones;
    private int mask;

    public ScoreMap(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3L / 4 < expected) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        hashes = new int[capacity];
        scores = new double[capacity];
        mask = capacity - 1;
        tombstones = 0;
    }

    public int size() {
        return size;
    }

    private int find(byte[] key, int h) {
        int i = h & mask;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                return -1;
            }
            if (k != TOMBSTONE && hashes[i] == h && Arrays.equals(k, key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** The member's score, or NaN when it is absent. */
    public double get(byte[] member) {
        if (size == 0) {
            return Double.NaN;
        }
        int i = find(member, ByteKeyMap.hash(member));
        return i < 0 ? Double.NaN : scores[i];
    }

    /** The stored array of an equal member (so the tree and the map share one array per member), or null. */
    public byte[] storedKey(byte[] member) {
        int i = size == 0 ? -1 : find(member, ByteKeyMap.hash(member));
        return i < 0 ? null : keys[i];
    }

    /** Sets the member's score; returns the previous score or NaN if the member is new. */
    public double put(byte[] member, double score) {
        int h = ByteKeyMap.hash(member);
        int i = h & mask;
        int firstTombstone = -1;
        while (true) {
            byte[] k = keys[i];
            if (k == null) {
                break;
            }
            if (k == TOMBSTONE) {
                if (firstTombstone < 0) {
                    firstTombstone = i;
                }
            } else if (hashes[i] == h && Arrays.equals(k, member)) {
                double previous = scores[i];
                scores[i] = score;
                return previous;
            }
            i = (i + 1) & mask;
        }
        if (firstTombstone >= 0) {
            i = firstTombstone;
            tombstones--;
        }
        keys[i] = member;
        hashes[i] = h;
        scores[i] = score;
        size++;
        if ((size + tombstones) * 4L > keys.length * 3L) {
            resize(size * 2L > keys.length ? keys.length * 2 : keys.length);
        }
        return Double.NaN;
    }

    /** Removes the member; returns its score, or NaN if it was absent. */
    public double remove(byte[] member) {
        if (size == 0) {
            return Double.NaN;
        }
        int i = find(member, ByteKeyMap.hash(member));
        if (i < 0) {
            return Double.NaN;
        }
        double previous = scores[i];
        keys[i] = TOMBSTONE;
        size--;
        tombstones++;
        if (keys.length > MIN_CAPACITY && size * 10L < keys.length) {
            int capacity = keys.length;
            while (capacity > MIN_CAPACITY && size * 4L < capacity) {
                capacity >>= 1;
            }
            resize(capacity);
        }
        return previous;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        int[] oldHashes = hashes;
        double[] oldScores = scores;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            byte[] k = oldKeys[j];
            if (k != null && k != TOMBSTONE) {
                int i = oldHashes[j] & mask;
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                hashes[i] = oldHashes[j];
                scores[i] = oldScores[j];
            }
        }
    }

    /** Receives entries from {@link #scan}. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(byte[] member, double score);
    }

    /**
     * One step of a ZSCAN over the members: visits the entries of about {@code count} home slots starting at
     * {@code cursor}, in Redis's reverse-binary cursor order, and returns the next cursor (0 when complete).
     */
    public long scan(long cursor, int count, EntryConsumer action) {
        if (size == 0) {
            return 0;
        }
        int v = (int) cursor;
        int visited = 0;
        do {
            int home = v & mask;
            int i = home;
            while (keys[i] != null) {
                byte[] k = keys[i];
                if (k != TOMBSTONE && (hashes[i] & mask) == home) {
                    action.accept(k, scores[i]);
                }
                i = (i + 1) & mask;
                if (i == home) {
                    break;
                }
            }
            v |= ~mask;
            v = Integer.reverse(Integer.reverse(v) + 1);
            visited++;
        } while (v != 0 && visited < count);
        return v & 0xffffffffL;
    }

    /** A uniformly chosen member, or null when empty. */
    public byte[] randomKey(Random random) {
        if (size == 0) {
            return null;
        }
        for (int attempt = 0; attempt < 64; attempt++) {
            byte[] k = keys[random.nextInt(keys.length)];
            if (k != null && k != TOMBSTONE) {
                return k;
            }
        }
        int skip = random.nextInt(size);
        for (byte[] k : keys) {
            if (k != null && k != TOMBSTONE && skip-- == 0) {
                return k;
            }
        }
        throw new IllegalStateException("size " + size + " does not match the table");
    }
}
