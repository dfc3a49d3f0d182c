package io.github.primkit.server.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;

/**
 * A hash map from byte strings to objects with open addressing (linear probing) over parallel arrays: about 12
 * bytes of table per entry at the 0.75 load bound, instead of a 32-48 byte node per entry in {@link java.util.HashMap}.
 * It backs the keyspace, hash values and set values.
 *
 * <p>Deletion leaves a tombstone, so entries never move except on resize. That keeps {@link #scan} cursors valid: the
 * cursor walks "home" slots ({@code hash & mask}) in reverse-binary order, as Redis's dictScan does, and for each home slot
 * returns every entry whose home it is; entries present during a whole scan are returned at least once even if the
 * table grows or shrinks in between.
 *
 * <p>Keys are compared by content; the map keeps the key arrays it is given (callers must not modify them). The hash is
 * seeded per map (murmur3-style mixing), so clients cannot precompute colliding keys for a given server. Not
 * thread-safe.
 */
public final class ByteKeyMap<V> {
    private static final byte[] TOMBSTONE = new byte[0];
    private static final int MIN_CAPACITY = 8;
    private static final int SEED_MIX = new Random().nextInt();

    private byte[][] keys;
    private Object[] values;
    private int[] hashes;
    private int size;
    private int tombstones;
    private int mask;

    public ByteKeyMap() {
        this(MIN_CAPACITY);
    }

    public ByteKeyMap(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity * 3 / 4 < expected) {
            capacity <<= 1;
        }
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new byte[capacity][];
        values = new Object[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        tombstones = 0;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Table slots in use or free, for memory accounting. */
    public int capacity() {
        return keys.length;
    }

    static int hash(byte[] key) {
        int h = SEED_MIX ^ key.length;
        int i = 0;
        int n = key.length;
        for (; i + 4 <= n; i += 4) {
            int k = (key[i] & 0xff) | (key[i + 1] & 0xff) << 8 | (key[i + 2] & 0xff) << 16 | key[i + 3] << 24;
            k *= 0xcc9e2d51;
            k = Integer.rotateLeft(k, 15);
            k *= 0x1b873593;
            h ^= k;
            h = Integer.rotateLeft(h, 13);
            h = h * 5 + 0xe6546b64;
        }
        int k = 0;
        switch (n - i) {
            case 3:
                k ^= (key[i + 2] & 0xff) << 16;
                // fall through
            case 2:
                k ^= (key[i + 1] & 0xff) << 8;
                // fall through
            case 1:
                k ^= key[i] & 0xff;
                k *= 0xcc9e2d51;
                k = Integer.rotateLeft(k, 15);
                k *= 0x1b873593;
                h ^= k;
                break;
            default:
                break;
        }
        h ^= n;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
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

    @SuppressWarnings("unchecked")
    public V get(byte[] key) {
        if (size == 0) {
            return null;
        }
        int i = find(key, hash(key));
        return i < 0 ? null : (V) values[i];
    }

    public boolean containsKey(byte[] key) {
        return find(key, hash(key)) >= 0;
    }

    /** The key array stored for an equal key (to share it, e.g. between the keyspace and the expiry table). */
    public byte[] storedKey(byte[] key) {
        int i = find(key, hash(key));
        return i < 0 ? null : keys[i];
    }

    /** Associates {@code value} with {@code key}; returns the previous value or null. */
    @SuppressWarnings("unchecked")
    public V put(byte[] key, V value) {
        int h = hash(key);
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
            } else if (hashes[i] == h && Arrays.equals(k, key)) {
                Object previous = values[i];
                values[i] = value;
                return (V) previous;
            }
            i = (i + 1) & mask;
        }
        if (firstTombstone >= 0) {
            i = firstTombstone;
            tombstones--;
        }
        keys[i] = key;
        hashes[i] = h;
        values[i] = value;
        size++;
        if ((size + tombstones) * 4L > keys.length * 3L) {
            resize(size * 2L > keys.length ? keys.length * 2 : keys.length);
        }
        return null;
    }

    /** Removes {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    public V remove(byte[] key) {
        if (size == 0) {
            return null;
        }
        int i = find(key, hash(key));
        if (i < 0) {
            return null;
        }
        Object previous = values[i];
        keys[i] = TOMBSTONE;
        values[i] = null;
        size--;
        tombstones++;
        if (keys.length > MIN_CAPACITY && size * 10L < keys.length) {
            int capacity = keys.length;
            while (capacity > MIN_CAPACITY && size * 4L < capacity) {
                capacity >>= 1;
            }
            resize(capacity);
        }
        return (V) previous;
    }

    public void clear() {
        allocate(MIN_CAPACITY);
        size = 0;
    }

    private void resize(int capacity) {
        byte[][] oldKeys = keys;
        Object[] oldValues = values;
        int[] oldHashes = hashes;
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
                values[i] = oldValues[j];
            }
        }
    }

    /** Calls {@code action} for every entry. The map must not be modified meanwhile. */
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<byte[], V> action) {
        for (int i = 0; i < keys.length; i++) {
            byte[] k = keys[i];
            if (k != null && k != TOMBSTONE) {
                action.accept(k, (V) values[i]);
            }
        }
    }

    /**
     * One step of a SCAN: visits the entries of about {@code count} home slots starting at {@code cursor} and
     * returns the next cursor (0 when the iteration is complete).
     */
    @SuppressWarnings("unchecked")
    public long scan(long cursor, int count, BiConsumer<byte[], V> action) {
        if (size == 0) {
            return 0;
        }
        int v = (int) cursor;
        int visited = 0;
        // Home slots are visited in reverse-binary order of their index (Redis's dictScan order): a cursor stays
        // meaningful when the table doubles or halves in between.
        do {
            int home = v & mask;
            int i = home;
            while (keys[i] != null) {
                byte[] k = keys[i];
                if (k != TOMBSTONE && (hashes[i] & mask) == home) {
                    action.accept(k, (V) values[i]);
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

    /**
     * A random entry's key, each key equally likely (SPOP, SRANDMEMBER, HRANDFIELD), or null when empty. Picks random
     * slots until one holds an entry: a map that shrank keeps at least one entry in ten slots, so this takes a few
     * tries on average; a sparse map (created for more entries than it holds) falls back to counting entries.
     */
    public byte[] uniformRandomKey(Random random) {
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

    /**
     * {@code min(count, size)} distinct keys chosen uniformly at random (every subset of that size equally likely),
     * in no particular order; every key when {@code count >= size}.
     */
    public List<byte[]> randomDistinctKeys(Random random, int count) {
        if (count >= size) {
            List<byte[]> all = new ArrayList<>(size);
            forEach((k, v) -> all.add(k));
            return all;
        }
        List<byte[]> chosen = new ArrayList<>(Math.max(count, 0));
        if (count <= 0) {
            return chosen;
        }
        if (count * 3L > size) {
            // Close to the whole map: a partial Fisher-Yates shuffle of all keys.
            List<byte[]> all = new ArrayList<>(size);
            forEach((k, v) -> all.add(k));
            for (int i = 0; i < count; i++) {
                int j = i + random.nextInt(all.size() - i);
                byte[] picked = all.get(j);
                all.set(j, all.get(i));
                chosen.add(picked);
            }
            return chosen;
        }
        // Few of many: draw uniformly and drop repeats (at most a third of the keys are taken, so few draws repeat).
        ByteKeyMap<Boolean> seen = new ByteKeyMap<>(count);
        while (chosen.size() < count) {
            byte[] k = uniformRandomKey(random);
            if (seen.put(k, Boolean.TRUE) == null) {
                chosen.add(k);
            }
        }
        return chosen;
    }

    /** A random entry's key (uniform over slots, not exactly over keys), or null when empty. */
    public byte[] randomKey(Random random) {
        if (size == 0) {
            return null;
        }
        int i = random.nextInt(keys.length);
        while (true) {
            byte[] k = keys[i];
            if (k != null && k != TOMBSTONE) {
                return k;
            }
            i = (i + 1) & mask;
        }
    }
}
