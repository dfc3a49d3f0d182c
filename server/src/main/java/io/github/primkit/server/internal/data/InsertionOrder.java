package io.github.primkit.server.internal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The order of the entries of a small hash or set while Redis would keep it as a listpack: insertion order, a removal
 * closing the gap. Linear in the number of entries, as a listpack is; it only ever holds a few hundred.
 */
final class InsertionOrder {
    private byte[][] entries;
    private int size;

    InsertionOrder() {
        this(4);
    }

    private InsertionOrder(int capacity) {
        entries = new byte[Math.max(capacity, 4)][];
    }

    void add(byte[] entry) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = entry;
    }

    void remove(byte[] entry) {
        int at = indexOf(entry);
        if (at >= 0) {
            System.arraycopy(entries, at + 1, entries, at, size - at - 1);
            entries[--size] = null;
        }
    }

    int indexOf(byte[] entry) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(entries[i], entry)) {
                return i;
            }
        }
        return -1;
    }

    void forEach(Consumer<byte[]> action) {
        for (int i = 0; i < size; i++) {
            action.accept(entries[i]);
        }
    }

    /** {@code some} entries (distinct, all present) in this order. */
    List<byte[]> sort(List<byte[]> some) {
        if (some.size() <= 1) {
            return some;
        }
        List<byte[]> sorted = new ArrayList<>(some.size());
        ByteKeyMap<Boolean> wanted = new ByteKeyMap<>(some.size());
        some.forEach(entry -> wanted.put(entry, Boolean.TRUE));
        for (int i = 0; i < size && sorted.size() < some.size(); i++) {
            if (wanted.containsKey(entries[i])) {
                sorted.add(entries[i]);
            }
        }
        return sorted;
    }

    InsertionOrder copy() {
        InsertionOrder copy = new InsertionOrder(size);
        System.arraycopy(entries, 0, copy.entries, 0, size);
        copy.size = size;
        return copy;
    }
}
