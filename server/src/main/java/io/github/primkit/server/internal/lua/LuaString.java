package io.github.primkit.server.internal.lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** An immutable Lua string: a byte array (Redis strings are binary), compared and hashed by content. */
public final class LuaString implements Comparable<LuaString> {
    static final LuaString EMPTY = new LuaString(new byte[0]);

    final byte[] bytes;
    private int hash;

    LuaString(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A string holding a copy of {@code bytes}. */
    public static LuaString of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LuaString(bytes.clone());
    }

    /** A string holding {@code bytes} without copying: the caller must not modify the array afterwards. */
    public static LuaString wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new LuaString(bytes);
    }

    /** The UTF-8 encoding of {@code s}. */
    public static LuaString of(String s) {
        return s.isEmpty() ? EMPTY : new LuaString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes themselves, not copied: callers must not modify them. */
    public byte[] unsafeBytes() {
        return bytes;
    }

    public int length() {
        return bytes.length;
    }

    public int byteAt(int i) {
        return bytes[i] & 0xff;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LuaString s)) {
            return false;
        }
        return (hash == 0 || s.hash == 0 || hash == s.hash) && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 1;
            for (byte b : bytes) {
                h = 31 * h + b;
            }
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    /** Lua's string order: unsigned bytes (strcoll in the C locale). */
    @Override
    public int compareTo(LuaString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    /** The bytes decoded as UTF-8 (invalid sequences replaced). */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes decoded as ISO-8859-1: one char per byte, reversible. */
    String latin1() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static LuaString latin1(String s) {
        return s.isEmpty() ? EMPTY : new LuaString(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
