package io.github.primkit.server.internal.engine;

import java.util.Arrays;

/** Key positions found in a command's arguments, each with its {@link KeyFlag} mask (0 when not known). */
public final class KeyRefs {
    private int[] positions = new int[4];
    private int[] flags = new int[4];
    private int size;

    public void add(int position, int keyFlags) {
        if (size == positions.length) {
            positions = Arrays.copyOf(positions, size * 2);
            flags = Arrays.copyOf(flags, size * 2);
        }
        positions[size] = position;
        flags[size] = keyFlags;
        size++;
    }

    public int size() {
        return size;
    }

    public int position(int i) {
        return positions[i];
    }

    public int flags(int i) {
        return flags[i];
    }

    public void clear() {
        size = 0;
    }
}
