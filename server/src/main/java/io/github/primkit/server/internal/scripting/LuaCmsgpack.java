package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * lua-cmsgpack 0.4.0 as Redis loads it ({@code cmsgpack}): {@code pack} (any number of values, concatenated),
 * {@code unpack}, {@code unpack_one}, {@code unpack_limit}. Numbers with an exact 64-bit integer value pack as the
 * smallest integer type, others as a float when a float holds them exactly, else a double; a table whose keys are
 * exactly 1..n packs as an array, any other as a map; tables nested 16 deep pack as nil (so cycles end).
 */
final class LuaCmsgpack {
    private static final int MAX_NESTING = 16;
    /** Decoding recursion bound (the C code has none; the JVM's stack is smaller than a C stack). */
    private static final int MAX_DECODE_DEPTH = 1000;

    private LuaCmsgpack() {
    }

    static LuaTable library() {
        LuaTable cmsgpack = new LuaTable();
        put(cmsgpack, "pack", (s, a) -> {
            if (a.length == 0) {
                throw LuaSupport.argError(s, 0, "pack", "MessagePack pack needs input.");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object value : a) {
                encode(value, 0, out);
            }
            return LuaSupport.one(LuaSupport.str(out.toByteArray()));
        });
        put(cmsgpack, "unpack", (s, a) -> unpack(s, a, 0, 0, "unpack"));
        put(cmsgpack, "unpack_one", (s, a) -> {
            long offset = LuaSupport.optInteger(s, a, 1, "unpack_one", 0);
            return unpack(s, a, 1, (int) offset, "unpack_one");
        });
        put(cmsgpack, "unpack_limit", (s, a) -> {
            long limit = LuaSupport.checkInteger(s, a, 1, "unpack_limit");
            long offset = LuaSupport.optInteger(s, a, 2, "unpack_limit", 0);
            return unpack(s, a, (int) limit, (int) offset, "unpack_limit");
        });
        cmsgpack.rawset(LuaSupport.str("_NAME"), LuaSupport.str("cmsgpack"));
        cmsgpack.rawset(LuaSupport.str("_VERSION"), LuaSupport.str("lua-cmsgpack 0.4.0"));
        cmsgpack.rawset(LuaSupport.str("_COPYRIGHT"), LuaSupport.str("Copyright (C) 2012, Redis Ltd."));
        cmsgpack.rawset(LuaSupport.str("_DESCRIPTION"), LuaSupport.str("MessagePack C implementation for Lua"));
        return cmsgpack;
    }

    private static void put(LuaTable table, String name, LuaFunction.JavaBody body) {
        table.rawset(LuaSupport.str(name), LuaFunction.of(name, body));
    }

    // ---- Encoding ------------------------------------------------------------------------------------------------

    private static void encode(Object value, int level, ByteArrayOutputStream out) {
        if (value instanceof LuaTable t && level == MAX_NESTING) {
            value = null;
        }
        if (value instanceof LuaString s) {
            byte[] b = s.unsafeBytes();
            int n = b.length;
            if (n < 32) {
                out.write(0xa0 | n);
            } else if (n <= 0xff) {
                out.write(0xd9);
                out.write(n);
            } else if (n <= 0xffff) {
                out.write(0xda);
                writeBig(out, n, 2);
            } else {
                out.write(0xdb);
                writeBig(out, n, 4);
            }
            out.write(b, 0, n);
        } else if (value instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (value instanceof Double d) {
            encodeNumber(d, out);
        } else if (value instanceof LuaTable t) {
            if (isArray(t)) {
                int n = t.length();
                header(out, n, 0x90, 0xdc, 0xdd);
                for (int i = 1; i <= n; i++) {
                    encode(t.rawget((double) i), level + 1, out);
                }
            } else {
                int n = 0;
                for (Object[] e = t.next(null); e != null; e = t.next(e[0])) {
                    n++;
                }
                header(out, n, 0x80, 0xde, 0xdf);
                for (Object[] e = t.next(null); e != null; e = t.next(e[0])) {
                    encode(e[0], level + 1, out);
                    encode(e[1], level + 1, out);
                }
            }
        } else {
            out.write(0xc0);
        }
    }

    private static void header(ByteArrayOutputStream out, int n, int fix, int code16, int code32) {
        if (n <= 15) {
            out.write(fix | n);
        } else if (n <= 0xffff) {
            out.write(code16);
            writeBig(out, n, 2);
        } else {
            out.write(code32);
            writeBig(out, n, 4);
        }
    }

    private static void writeBig(ByteArrayOutputStream out, long value, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
    }

    /** Keys exactly 1..n (count equals the largest key, all positive integers). */
    private static boolean isArray(LuaTable t) {
        long count = 0;
        long max = 0;
        for (Object[] e = t.next(null); e != null; e = t.next(e[0])) {
            if (!(e[0] instanceof Double k)) {
                return false;
            }
            long index = (long) (double) k;
            if (index != k || index < 1) {
                return false;
            }
            count++;
            if (index > max) {
                max = index;
            }
        }
        return max == count;
    }

    private static void encodeNumber(double d, ByteArrayOutputStream out) {
        if (!Double.isInfinite(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0 && (long) d == d) {
            encodeInt((long) d, out);
            return;
        }
        float f = (float) d;
        if (d == (double) f) {
            out.write(0xca);
            writeBig(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
        } else {
            out.write(0xcb);
            writeBig(out, Double.doubleToRawLongBits(d), 8);
        }
    }

    private static void encodeInt(long n, ByteArrayOutputStream out) {
        if (n >= 0) {
            if (n <= 127) {
                out.write((int) n);
            } else if (n <= 0xff) {
                out.write(0xcc);
                out.write((int) n);
            } else if (n <= 0xffff) {
                out.write(0xcd);
                writeBig(out, n, 2);
            } else if (n <= 0xffffffffL) {
                out.write(0xce);
                writeBig(out, n, 4);
            } else {
                out.write(0xcf);
                writeBig(out, n, 8);
            }
        } else {
            if (n >= -32) {
                out.write((int) n & 0xff);
            } else if (n >= -128) {
                out.write(0xd0);
                out.write((int) n & 0xff);
            } else if (n >= -32768) {
                out.write(0xd1);
                writeBig(out, n, 2);
            } else if (n >= -2147483648L) {
                out.write(0xd2);
                writeBig(out, n, 4);
            } else {
                out.write(0xd3);
                writeBig(out, n, 8);
            }
        }
    }

    // ---- Decoding ------------------------------------------------------------------------------------------------

    private static final class MissingBytes extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingBytes() {
            super(null, null, false, false);
        }
    }

    private static final class BadFormat extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadFormat() {
            super(null, null, false, false);
        }
    }

    private static Object[] unpack(LuaState state, Object[] args, int limit, int offset, String function) {
        byte[] data = LuaSupport.checkString(state, args, 0, function);
        boolean all = limit == 0 && offset == 0;
        if (offset < 0 || limit < 0) {
            throw LuaSupport.error(state, "Invalid request to unpack with offset of " + offset + " and limit of "
                    + data.length + ".");
        } else if (offset > data.length) {
            throw LuaSupport.error(state, "Start offset " + offset + " greater than input length " + data.length + ".");
        }
        if (all) {
            limit = Integer.MAX_VALUE;
        }
        int[] pos = {offset};
        List<Object> values = new ArrayList<>();
        try {
            for (int count = 0; pos[0] < data.length && count < limit; count++) {
                values.add(decode(data, pos, 0));
            }
        } catch (MissingBytes e) {
            throw LuaSupport.error(state, "Missing bytes in input.");
        } catch (BadFormat e) {
            throw LuaSupport.error(state, "Bad data format in input.");
        }
        if (!all) {
            values.add(0, (double) (pos[0] == data.length ? -1 : pos[0]));
        }
        return values.toArray();
    }

    private static void need(byte[] data, int[] pos, int n) {
        if (data.length - pos[0] < n) {
            throw new MissingBytes();
        }
    }

    private static long big(byte[] data, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (data[at + i] & 0xffL);
        }
        return v;
    }

    private static Object decode(byte[] data, int[] pos, int depth) {
        if (depth > MAX_DECODE_DEPTH) {
            throw new BadFormat();
        }
        need(data, pos, 1);
        int p = pos[0];
        int c = data[p] & 0xff;
        switch (c) {
            case 0xcc -> {
                need(data, pos, 2);
                pos[0] += 2;
                return (double) (data[p + 1] & 0xff);
            }
            case 0xd0 -> {
                need(data, pos, 2);
                pos[0] += 2;
                return (double) data[p + 1];
            }
            case 0xcd -> {
                need(data, pos, 3);
                pos[0] += 3;
                return (double) big(data, p + 1, 2);
            }
            case 0xd1 -> {
                need(data, pos, 3);
                pos[0] += 3;
                return (double) (short) big(data, p + 1, 2);
            }
            case 0xce -> {
                need(data, pos, 5);
                pos[0] += 5;
                return (double) big(data, p + 1, 4);
            }
            case 0xd2 -> {
                need(data, pos, 5);
                pos[0] += 5;
                return (double) (int) big(data, p + 1, 4);
            }
            case 0xcf -> {
                need(data, pos, 9);
                pos[0] += 9;
                long v = big(data, p + 1, 8);
                return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case 0xd3 -> {
                need(data, pos, 9);
                pos[0] += 9;
                return (double) big(data, p + 1, 8);
            }
            case 0xc0 -> {
                pos[0] += 1;
                return null;
            }
            case 0xc3 -> {
                pos[0] += 1;
                return Boolean.TRUE;
            }
            case 0xc2 -> {
                pos[0] += 1;
                return Boolean.FALSE;
            }
            case 0xca -> {
                need(data, pos, 5);
                pos[0] += 5;
                return (double) Float.intBitsToFloat((int) big(data, p + 1, 4));
            }
            case 0xcb -> {
                need(data, pos, 9);
                pos[0] += 9;
                return Double.longBitsToDouble(big(data, p + 1, 8));
            }
            case 0xd9 -> {
                need(data, pos, 2);
                return bytes(data, pos, 2, data[p + 1] & 0xff);
            }
            case 0xda -> {
                need(data, pos, 3);
                return bytes(data, pos, 3, big(data, p + 1, 2));
            }
            case 0xdb -> {
                need(data, pos, 5);
                return bytes(data, pos, 5, big(data, p + 1, 4));
            }
            case 0xdc -> {
                need(data, pos, 3);
                pos[0] += 3;
                return array(data, pos, big(data, p + 1, 2), depth);
            }
            case 0xdd -> {
                need(data, pos, 5);
                pos[0] += 5;
                return array(data, pos, big(data, p + 1, 4), depth);
            }
            case 0xde -> {
                need(data, pos, 3);
                pos[0] += 3;
                return map(data, pos, big(data, p + 1, 2), depth);
            }
            case 0xdf -> {
                need(data, pos, 5);
                pos[0] += 5;
                return map(data, pos, big(data, p + 1, 4), depth);
            }
            default -> {
                if ((c & 0x80) == 0) {
                    pos[0] += 1;
                    return (double) c;
                } else if ((c & 0xe0) == 0xe0) {
                    pos[0] += 1;
                    return (double) (byte) c;
                } else if ((c & 0xe0) == 0xa0) {
                    return bytes(data, pos, 1, c & 0x1f);
                } else if ((c & 0xf0) == 0x90) {
                    pos[0] += 1;
                    return array(data, pos, c & 0xf, depth);
                } else if ((c & 0xf0) == 0x80) {
                    pos[0] += 1;
                    return map(data, pos, c & 0xf, depth);
                }
                throw new BadFormat();
            }
        }
    }

    private static LuaString bytes(byte[] data, int[] pos, int header, long length) {
        if (data.length - pos[0] < header + length) {
            throw new MissingBytes();
        }
        int start = pos[0] + header;
        pos[0] = start + (int) length;
        return LuaSupport.str(java.util.Arrays.copyOfRange(data, start, start + (int) length));
    }

    private static LuaTable array(byte[] data, int[] pos, long length, int depth) {
        LuaTable table = new LuaTable();
        for (long i = 1; i <= length; i++) {
            table.rawset((int) i, decode(data, pos, depth + 1));
        }
        return table;
    }

    private static LuaTable map(byte[] data, int[] pos, long length, int depth) {
        LuaTable table = new LuaTable();
        for (long i = 0; i < length; i++) {
            Object key = decode(data, pos, depth + 1);
            Object value = decode(data, pos, depth + 1);
            if (key == null) {
                throw new io.github.primkit.server.internal.lua.LuaError(LuaSupport.str("table index is nil"));
            }
            if (key instanceof Double d && Double.isNaN(d)) {
                throw new io.github.primkit.server.internal.lua.LuaError(LuaSupport.str("table index is NaN"));
            }
            table.rawset(key, value);
        }
        return table;
    }
}
