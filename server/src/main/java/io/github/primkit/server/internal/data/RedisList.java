package io.github.primkit.server.internal.data;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A list value: a growable circular array of byte strings (capacity a power of two) with O(1) push and pop at both
 * ends and O(1) access by index. Inserting or removing in the middle shifts the shorter side. The array shrinks by
 * half when it is less than a quarter full, so a list that was long once does not keep its memory.
 */
public final class RedisList {
    private static final int MIN_CAPACITY = 8;
    /** The size of one listpack node under Redis's default {@code list-max-listpack-size -2}: 8 KB. */
    public static final int LISTPACK_SIZE_LIMIT = 8192;

    private byte[][] items = new byte[MIN_CAPACITY][];
    private int head;
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The capacity of the backing array (for tests of growth and shrinking). */
    int capacity() {
        return items.length;
    }

    private int slot(int index) {
        return (head + index) & (items.length - 1);
    }

    public byte[] get(int index) {
        checkIndex(index);
        return items[slot(index)];
    }

    public void set(int index, byte[] value) {
        checkIndex(index);
        items[slot(index)] = value;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
    }

    public void addFirst(byte[] value) {
        growIfFull();
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    public void addLast(byte[] value) {
        growIfFull();
        items[slot(size)] = value;
        size++;
    }

    public byte[] removeFirst() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        byte[] value = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        shrinkIfSparse();
        return value;
    }

    public byte[] removeLast() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        int i = slot(size - 1);
        byte[] value = items[i];
        items[i] = null;
        size--;
        shrinkIfSparse();
        return value;
    }

    /** Inserts at {@code index} (0..size), shifting the shorter side of the list by one. */
    public void insert(int index, byte[] value) {
        if (index < 0 || index > size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        growIfFull();
        int mask = items.length - 1;
        if (index < size / 2) {
            head = (head - 1) & mask;
            size++;
            for (int i = 0; i < index; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
        } else {
            size++;
            for (int i = size - 1; i > index; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
        }
        items[slot(index)] = value;
    }

    /** Removes and returns the element at {@code index}, shifting the shorter side of the list by one. */
    public byte[] removeAt(int index) {
        checkIndex(index);
        byte[] value = items[slot(index)];
        if (index < size / 2) {
            for (int i = index; i > 0; i--) {
                items[slot(i)] = items[slot(i - 1)];
            }
            removeFirst();
        } else {
            for (int i = index; i < size - 1; i++) {
                items[slot(i)] = items[slot(i + 1)];
            }
            removeLast();
        }
        return value;
    }

    /** The index of the first element equal to {@code value}, or -1. */
    public int indexOf(byte[] value) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(items[slot(i)], value)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Removes elements equal to {@code value}, as LREM does: the first {@code count} from the head when count > 0,
     * the last {@code -count} from the tail when count < 0, all of them when count = 0. One pass, no matter how many
     * are removed. Returns how many were removed.
     */
    public int remove(byte[] value, long count) {
        long limit = count == 0 || count == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(count);
        int removed = 0;
        if (count >= 0) {
            int write = 0;
            for (int read = 0; read < size; read++) {
                byte[] element = items[slot(read)];
                if (removed < limit && Arrays.equals(element, value)) {
                    removed++;
                } else {
                    items[slot(write++)] = element;
                }
            }
            for (int i = write; i < size; i++) {
                items[slot(i)] = null;
            }
        } else {
            int write = size - 1;
            for (int read = size - 1; read >= 0; read--) {
                byte[] element = items[slot(read)];
                if (removed < limit && Arrays.equals(element, value)) {
                    removed++;
                } else {
                    items[slot(write--)] = element;
                }
            }
            for (int i = 0; i <= write; i++) {
                items[slot(i)] = null;
            }
            head = slot(write + 1);
        }
        size -= removed;
        shrinkIfSparse();
        return removed;
    }

    /** Keeps only the elements at indexes from..to (inclusive, within the list); from > to empties the list. */
    public void retain(int from, int to) {
        if (from > to) {
            clear();
            return;
        }
        if (from < 0 || to >= size) {
            throw new IndexOutOfBoundsException("range " + from + ".." + to + ", size " + size);
        }
        for (int i = 0; i < from; i++) {
            items[slot(i)] = null;
        }
        for (int i = to + 1; i < size; i++) {
            items[slot(i)] = null;
        }
        head = slot(from);
        size = to - from + 1;
        shrinkIfSparse();
    }

    public void clear() {
        items = new byte[MIN_CAPACITY][];
        head = 0;
        size = 0;
    }

    /** An independent copy (the elements themselves are immutable and shared). */
    public RedisList copy() {
        RedisList copy = new RedisList();
        copy.items = new byte[items.length][];
        for (int i = 0; i < size; i++) {
            copy.items[i] = items[slot(i)];
        }
        copy.size = size;
        return copy;
    }

    private void growIfFull() {
        if (size == items.length) {
            resize(items.length * 2);
        }
    }

    private void shrinkIfSparse() {
        if (items.length > MIN_CAPACITY && size < items.length / 4) {
            int capacity = items.length;
            while (capacity > MIN_CAPACITY && size < capacity / 4) {
                capacity /= 2;
            }
            resize(capacity);
        }
    }

    private void resize(int capacity) {
        byte[][] resized = new byte[capacity][];
        for (int i = 0; i < size; i++) {
            resized[i] = items[slot(i)];
        }
        items = resized;
        head = 0;
    }

    /**
     * The bytes a Redis listpack holding these elements would take: a 6-byte header, one end byte, and per element
     * its encoding (integers in canonical form in 1 to 9 bytes, strings with a 1, 2 or 5-byte length) plus the
     * back-length (1 to 5 bytes).
     */
    public long listpackBytes() {
        long total = 7;
        for (int i = 0; i < size; i++) {
            total += listpackEntryBytes(items[slot(i)]);
        }
        return total;
    }

    static int listpackEntryBytes(byte[] element) {
        int encoded;
        if (element.length <= 20 && RedisSet.isInteger(element)) {
            long v = Long.parseLong(new String(element, java.nio.charset.StandardCharsets.US_ASCII));
            if (v >= 0 && v <= 127) {
                encoded = 1;
            } else if (v >= -4096 && v <= 4095) {
                encoded = 2;
            } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
                encoded = 3;
            } else if (v >= -8388608 && v <= 8388607) {
                encoded = 4;
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                encoded = 5;
            } else {
                encoded = 9;
            }
        } else {
            int length = element.length;
            encoded = length < 64 ? 1 + length : length < 4096 ? 2 + length : 5 + length;
        }
        int backlen = encoded < 128 ? 1 : encoded < 16384 ? 2 : encoded < 2097152 ? 3 : encoded < 268435456 ? 4 : 5;
        return encoded + backlen;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RedisList[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(new String(items[slot(i)], java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        return sb.append(']').toString();
    }
}
