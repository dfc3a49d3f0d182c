package io.github.primkit.server.internal.data;

import java.util.Arrays;

/** A list value: a growable circular array of byte strings with O(1) push/pop at both ends and O(1) index. */
public final class RedisList {
    private byte[][] items = new byte[8][];
    private int head;
    private int size;

    public int size() {
        return size;
    }

    public byte[] get(int index) {
        return items[(head + index) & (items.length - 1)];
    }

    public void set(int index, byte[] value) {
        items[(head + index) & (items.length - 1)] = value;
    }

    public void addFirst(byte[] value) {
        grow();
        head = (head - 1) & (items.length - 1);
        items[head] = value;
        size++;
    }

    public void addLast(byte[] value) {
        grow();
        items[(head + size) & (items.length - 1)] = value;
        size++;
    }

    public byte[] removeFirst() {
        byte[] value = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return value;
    }

    public byte[] removeLast() {
        int i = (head + size - 1) & (items.length - 1);
        byte[] value = items[i];
        items[i] = null;
        size--;
        return value;
    }

    /** Inserts at {@code index} (0..size), shifting later elements. */
    public void insert(int index, byte[] value) {
        addLast(value);
        for (int i = size - 1; i > index; i--) {
            set(i, get(i - 1));
        }
        set(index, value);
    }

    /** Removes the element at {@code index}, shifting later elements. */
    public void removeAt(int index) {
        for (int i = index; i < size - 1; i++) {
            set(i, get(i + 1));
        }
        removeLast();
    }

    /** Keeps only [from, to] (inclusive, already clamped). */
    public void retain(int from, int to) {
        byte[][] kept = new byte[Math.max(8, Integer.highestOneBit(Math.max(1, to - from + 1)) * 2)][];
        int n = 0;
        for (int i = from; i <= to; i++) {
            kept[n++] = get(i);
        }
        items = kept;
        head = 0;
        size = n;
    }

    private void grow() {
        if (size < items.length) {
            return;
        }
        byte[][] bigger = new byte[items.length * 2][];
        for (int i = 0; i < size; i++) {
            bigger[i] = get(i);
        }
        items = bigger;
        head = 0;
    }

    @Override
    public String toString() {
        return "RedisList" + Arrays.toString(Arrays.copyOf(items, 0)) + "[" + size + "]";
    }
}
