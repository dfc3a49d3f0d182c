package io.github.primkit.server.internal.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A set value: members (the map's values are unused).
 *
 * <p>It also tracks the encoding Redis would give the same set, because that encoding is visible to clients (SSCAN
 * returns a compact set whole, in one call with cursor 0, whatever COUNT says). Redis starts a set as an "intset" when
 * its first member is an integer (and the command adds at most {@value #MAX_INTSET_ENTRIES} members), else as a
 * "listpack" (when the command adds at most {@value #MAX_LISTPACK_ENTRIES}), else as a hash table. An intset becomes a
 * listpack when a non-integer joins a small set, and a hash table when it grows past its bounds; a listpack becomes a
 * hash table past {@value #MAX_LISTPACK_ENTRIES} members or with a member longer than {@value #MAX_LISTPACK_VALUE}
 * bytes. A hash table never turns back. The encoding also decides the order of SMEMBERS, SSCAN and the set
 * operations' replies: an intset is sorted by value, a listpack keeps insertion order (an intset turning into a
 * listpack keeps its sorted members first); {@link #forEach} answers in that order. Change members through
 * {@link #add} and {@link #remove} so encoding and order follow; iterate with {@link #forEach}.
 */
public final class RedisSet {
    /** Redis's default {@code set-max-intset-entries}. */
    public static final int MAX_INTSET_ENTRIES = 512;
    /** Redis's default {@code set-max-listpack-entries}. */
    public static final int MAX_LISTPACK_ENTRIES = 128;
    /** Redis's default {@code set-max-listpack-value}. */
    public static final int MAX_LISTPACK_VALUE = 64;

    private static final byte INTSET = 0;
    private static final byte LISTPACK = 1;
    private static final byte HASHTABLE = 2;

    public final ByteKeyMap<Boolean> members;
    private byte encoding;
    /** The members in listpack order while the encoding is listpack, else null. */
    private InsertionOrder order;

    /** An empty set encoded as Redis encodes a fresh set it builds by adding (SINTERSTORE and friends): an intset. */
    public RedisSet() {
        this(4);
    }

    private RedisSet(int expected) {
        members = new ByteKeyMap<>(expected);
        encoding = INTSET;
    }

    /**
     * An empty set for a command about to add {@code sizeHint} members, {@code first} among them (SADD, SMOVE): encoded
     * as Redis's {@code setTypeCreate} would.
     */
    public static RedisSet create(byte[] first, long sizeHint) {
        RedisSet set = new RedisSet((int) Math.min(sizeHint, MAX_LISTPACK_ENTRIES));
        if (isInteger(first) && sizeHint <= MAX_INTSET_ENTRIES) {
            set.encoding = INTSET;
        } else if (sizeHint <= MAX_LISTPACK_ENTRIES) {
            set.encoding = LISTPACK;
            set.order = new InsertionOrder();
        } else {
            set.encoding = HASHTABLE;
        }
        return set;
    }

    public int size() {
        return members.size();
    }

    public boolean contains(byte[] member) {
        return members.containsKey(member);
    }

    /** Adds a member; true if it is new. */
    public boolean add(byte[] member) {
        if (members.containsKey(member)) {
            return false;
        }
        int before = members.size();
        if (encoding == INTSET) {
            if (isInteger(member)) {
                if (before + 1 > MAX_INTSET_ENTRIES) {
                    encoding = HASHTABLE;
                }
            } else if (before < MAX_LISTPACK_ENTRIES && member.length <= MAX_LISTPACK_VALUE) {
                order = new InsertionOrder();
                sortedIntegers().forEach(order::add);
                encoding = LISTPACK;
            } else {
                encoding = HASHTABLE;
            }
        } else if (encoding == LISTPACK && (before >= MAX_LISTPACK_ENTRIES || member.length > MAX_LISTPACK_VALUE)) {
            encoding = HASHTABLE;
            order = null;
        }
        members.put(member, Boolean.TRUE);
        if (order != null) {
            order.add(member);
        }
        return true;
    }

    /** Removes a member; true if it existed. */
    public boolean remove(byte[] member) {
        boolean removed = members.remove(member) != null;
        if (removed && order != null) {
            order.remove(member);
        }
        return removed;
    }

    /** Every member, in the order Redis answers: by value for an intset, insertion order for a listpack. */
    public void forEach(Consumer<byte[]> action) {
        switch (encoding) {
            case INTSET -> sortedIntegers().forEach(action);
            case LISTPACK -> order.forEach(action);
            default -> members.forEach((member, unused) -> action.accept(member));
        }
    }

    /** {@code some} distinct members of this set, put in the order Redis answers them for a listpack. */
    public List<byte[]> inListpackOrder(List<byte[]> some) {
        return order == null ? some : order.sort(some);
    }

    private List<byte[]> sortedIntegers() {
        int size = members.size();
        long[] values = new long[size];
        byte[][] byIndex = new byte[size][];
        int[] i = {0};
        members.forEach((member, unused) -> {
            values[i[0]] = Long.parseLong(new String(member, StandardCharsets.US_ASCII));
            byIndex[i[0]] = member;
            i[0]++;
        });
        Integer[] positions = new Integer[size];
        for (int p = 0; p < size; p++) {
            positions[p] = p;
        }
        Arrays.sort(positions, (a, b) -> Long.compare(values[a], values[b]));
        List<byte[]> sorted = new ArrayList<>(size);
        for (Integer position : positions) {
            sorted.add(byIndex[position]);
        }
        return sorted;
    }

    /**
     * Re-derives the encoding from the members, as if the set had been built afresh by adding them (SPOP with a large
     * count rebuilds a hash-table set from the few members it keeps).
     */
    public void reencode() {
        boolean[] allIntegers = {true};
        int[] longest = {0};
        members.forEach((member, unused) -> {
            if (allIntegers[0] && !isInteger(member)) {
                allIntegers[0] = false;
            }
            longest[0] = Math.max(longest[0], member.length);
        });
        int size = members.size();
        InsertionOrder previous = order;
        order = null;
        if (allIntegers[0]) {
            encoding = size <= MAX_INTSET_ENTRIES ? INTSET : HASHTABLE;
        } else {
            encoding = size <= MAX_LISTPACK_ENTRIES && longest[0] <= MAX_LISTPACK_VALUE ? LISTPACK : HASHTABLE;
        }
        if (encoding == LISTPACK) {
            if (previous != null) {
                order = previous;
            } else {
                order = new InsertionOrder();
                members.forEach((member, unused) -> order.add(member));
            }
        }
    }

    /** Whether Redis would keep this set as an intset or a listpack (SSCAN then returns it whole). */
    public boolean compact() {
        return encoding != HASHTABLE;
    }

    /** {@code intset}, {@code listpack} or {@code hashtable}, as OBJECT ENCODING names them. */
    public String encodingName() {
        return switch (encoding) {
            case INTSET -> "intset";
            case LISTPACK -> "listpack";
            default -> "hashtable";
        };
    }

    /** An independent copy with the same encoding (COPY). */
    public RedisSet copy() {
        RedisSet copy = new RedisSet(members.size());
        members.forEach(copy.members::put);
        copy.encoding = encoding;
        copy.order = order == null ? null : order.copy();
        return copy;
    }

    /** Whether Redis stores {@code member} in an intset: a 64-bit integer in canonical form (its string2ll). */
    public static boolean isCanonicalInteger(byte[] s) {
        return isInteger(s);
    }

    static boolean isInteger(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return false;
        }
        if (n == 1 && s[0] == '0') {
            return true;
        }
        int i = 0;
        boolean negative = s[0] == '-';
        if (negative) {
            if (n == 1) {
                return false;
            }
            i = 1;
        }
        if (s[i] < '1' || s[i] > '9') {
            return false;
        }
        long value = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return false;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                // Past Long.MAX_VALUE: only -9223372036854775808 still fits.
                return negative && value == 922337203685477580L && d == 8 && i == n - 1;
            }
            value = value * 10 + d;
        }
        return true;
    }
}
