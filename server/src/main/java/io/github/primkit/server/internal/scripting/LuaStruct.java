package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaTable;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Roberto Ierusalimschy's {@code struct} library (0.2) as Redis loads it on x86-64: {@code pack}, {@code unpack} and
 * {@code size}. Formats: {@code >}/{@code <}/{@code =} endianness (native is little), {@code !n} alignment (default
 * 8), {@code x} padding, {@code b/B h/H l/L T i/In} integers (1, 2, 8, 8, n bytes; at most 32), {@code f}/{@code d}
 * floats, {@code s} zero-terminated and {@code cn} fixed strings ({@code c0}: the whole string when packing, the
 * previous number as the length when unpacking), spaces ignored. Integers wider than 8 bytes behave as the C code
 * does with a 64-bit accumulator.
 */
final class LuaStruct {
    private static final int MAXINTSIZE = 32;
    private static final int MAXALIGN = 8;

    private LuaStruct() {
    }

    static LuaTable library() {
        LuaTable struct = new LuaTable();
        struct.rawset(LuaSupport.str("pack"), LuaFunction.of("pack", LuaStruct::pack));
        struct.rawset(LuaSupport.str("unpack"), LuaFunction.of("unpack", LuaStruct::unpack));
        struct.rawset(LuaSupport.str("size"), LuaFunction.of("size", LuaStruct::size));
        return struct;
    }

    /** The format being read: its bytes, position, endianness and alignment. */
    private static final class Format {
        final byte[] fmt;
        int pos;
        boolean little = true;
        int align = 1;

        Format(byte[] fmt) {
            this.fmt = fmt;
        }

        boolean more() {
            return pos < fmt.length && fmt[pos] != 0;
        }

        boolean digit() {
            return pos < fmt.length && fmt[pos] >= '0' && fmt[pos] <= '9';
        }

        long number(LuaState state, long fallback) {
            if (!digit()) {
                return fallback;
            }
            long a = 0;
            do {
                a = a * 10 + (fmt[pos++] - '0');
                if (a > Integer.MAX_VALUE) {
                    throw LuaSupport.error(state, "integral size out of limits");
                }
            } while (digit());
            return a;
        }
    }

    private static long optsize(LuaState state, Format f, int opt, String function) {
        switch (opt) {
            case 'B', 'b' -> {
                return 1;
            }
            case 'H', 'h' -> {
                return 2;
            }
            case 'L', 'l', 'T', 'd' -> {
                return 8;
            }
            case 'f' -> {
                return 4;
            }
            case 'x' -> {
                return 1;
            }
            case 'c' -> {
                return f.number(state, 1);
            }
            case 'i', 'I' -> {
                long size = f.number(state, 4);
                if (size > MAXINTSIZE) {
                    throw LuaSupport.error(state, "integral size " + size + " is larger than limit of " + MAXINTSIZE);
                }
                return size;
            }
            case ' ', '<', '>', '!', '=', 's' -> {
                return 0;
            }
            default -> throw LuaSupport.argError(state, 1, function, "invalid format option '" + (char) opt + "'");
        }
    }

    private static int toAlign(long len, Format f, int opt, long size) {
        if (size == 0 || opt == 'c') {
            return 0;
        }
        if (size > f.align) {
            size = f.align;
        }
        return (int) ((size - (len & (size - 1))) & (size - 1));
    }

    private static void controlOption(LuaState state, Format f, int opt) {
        switch (opt) {
            case '>' -> f.little = false;
            case '<', '=' -> f.little = true;
            case '!' -> {
                long a = f.number(state, MAXALIGN);
                if (a <= 0 || (a & (a - 1)) != 0) {
                    throw LuaSupport.error(state, "alignment " + a + " is not a power of 2");
                }
                f.align = (int) a;
            }
            default -> {
                // ' ': ignored
            }
        }
    }

    private static Object[] pack(LuaState state, Object[] args) {
        Format f = new Format(LuaSupport.checkString(state, args, 0, "pack"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int arg = 1;
        long total = 0;
        while (f.more()) {
            int opt = f.fmt[f.pos++] & 0xff;
            long size = optsize(state, f, opt, "pack");
            int pad = toAlign(total, f, opt, size);
            total += pad;
            for (int i = 0; i < pad; i++) {
                out.write(0);
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    double n = LuaSupport.checkNumber(state, args, arg++, "pack");
                    long value = n < 0 ? (long) n : unsignedBits(n);
                    byte[] bytes = new byte[(int) size];
                    for (int i = 0; i < size; i++) {
                        int index = f.little ? i : (int) size - 1 - i;
                        bytes[index] = (byte) value;
                        value >>>= 8;
                    }
                    out.writeBytes(bytes);
                }
                case 'x' -> out.write(0);
                case 'f' -> {
                    float v = (float) LuaSupport.checkNumber(state, args, arg++, "pack");
                    writeBits(out, Float.floatToRawIntBits(v) & 0xffffffffL, 4, f.little);
                }
                case 'd' -> {
                    double v = LuaSupport.checkNumber(state, args, arg++, "pack");
                    writeBits(out, Double.doubleToRawLongBits(v), 8, f.little);
                }
                case 'c', 's' -> {
                    byte[] s = LuaSupport.checkString(state, args, arg++, "pack");
                    if (size == 0) {
                        size = s.length;
                    }
                    if (s.length < size) {
                        throw LuaSupport.argError(state, arg + 1, "pack", "string too short");
                    }
                    out.write(s, 0, (int) size);
                    if (opt == 's') {
                        out.write(0);
                        size++;
                    }
                }
                default -> controlOption(state, f, opt);
            }
            total += size;
        }
        return LuaSupport.one(LuaSupport.str(out.toByteArray()));
    }

    /** C's {@code (unsigned long long) n} for n >= 0 (and NaN) on x86-64, out-of-range values included. */
    private static long unsignedBits(double n) {
        if (Double.isNaN(n)) {
            return Long.MIN_VALUE;
        }
        if (n < 9223372036854775808.0) {
            return (long) n;
        }
        double d = n - 9223372036854775808.0;
        long low = d < 9223372036854775808.0 ? (long) d : Long.MIN_VALUE;
        return low ^ Long.MIN_VALUE;
    }

    private static void writeBits(ByteArrayOutputStream out, long bits, int size, boolean little) {
        for (int i = 0; i < size; i++) {
            int shift = little ? 8 * i : 8 * (size - 1 - i);
            out.write((int) (bits >>> shift) & 0xff);
        }
    }

    private static long readBits(byte[] data, int pos, int size, boolean little) {
        long l = 0;
        for (int i = 0; i < size; i++) {
            int index = little ? pos + size - 1 - i : pos + i;
            l = (l << 8) | (data[index] & 0xffL);
        }
        return l;
    }

    private static Object[] unpack(LuaState state, Object[] args) {
        Format f = new Format(LuaSupport.checkString(state, args, 0, "unpack"));
        byte[] data = LuaSupport.checkString(state, args, 1, "unpack");
        long start = LuaSupport.optInteger(state, args, 2, "unpack", 1);
        if (start <= 0) {
            throw LuaSupport.argError(state, 3, "unpack", "offset must be 1 or greater");
        }
        long pos = start - 1;
        List<Object> results = new ArrayList<>();
        while (f.more()) {
            int opt = f.fmt[f.pos++] & 0xff;
            long size = optsize(state, f, opt, "unpack");
            pos += toAlign(pos, f, opt, size);
            if (pos + size > data.length) {
                throw LuaSupport.argError(state, 2, "unpack", "data string too short");
            }
            switch (opt) {
                case 'b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I' -> {
                    boolean signed = Character.isLowerCase(opt);
                    long l = 0;
                    for (int i = 0; i < size; i++) {
                        int index = f.little ? (int) (pos + size - 1 - i) : (int) (pos + i);
                        l = (l << 8) | (data[index] & 0xffL);
                    }
                    double value;
                    if (!signed) {
                        value = l >= 0 ? (double) l : (double) (l >>> 1) * 2.0 + (l & 1);
                    } else {
                        long mask = -1L << (int) (size * 8 - 1);
                        if ((l & mask) != 0) {
                            l |= mask;
                        }
                        value = (double) l;
                    }
                    results.add(value);
                }
                case 'x' -> {
                }
                case 'f' -> results.add((double) Float.intBitsToFloat(
                        (int) readBits(data, (int) pos, 4, f.little)));
                case 'd' -> results.add(Double.longBitsToDouble(readBits(data, (int) pos, 8, f.little)));
                case 'c' -> {
                    if (size == 0) {
                        Object previous = results.isEmpty() ? LuaSupport.str(data) : results.get(results.size() - 1);
                        Object n = previous instanceof Double ? previous : state.tonumber(previous);
                        if (!(n instanceof Double d)) {
                            throw LuaSupport.error(state, "format 'c0' needs a previous size");
                        }
                        size = (long) (double) d;
                        if (!results.isEmpty()) {
                            results.remove(results.size() - 1);
                        }
                        if (pos + size > data.length || size < 0) {
                            throw LuaSupport.argError(state, 2, "unpack", "data string too short");
                        }
                    }
                    results.add(LuaSupport.str(java.util.Arrays.copyOfRange(data, (int) pos, (int) (pos + size))));
                }
                case 's' -> {
                    int end = (int) pos;
                    while (end < data.length && data[end] != 0) {
                        end++;
                    }
                    if (end >= data.length) {
                        throw LuaSupport.error(state, "unfinished string in data");
                    }
                    results.add(LuaSupport.str(java.util.Arrays.copyOfRange(data, (int) pos, end)));
                    size = end - pos + 1;
                }
                default -> controlOption(state, f, opt);
            }
            pos += size;
        }
        results.add((double) (pos + 1));
        return results.toArray();
    }

    private static Object[] size(LuaState state, Object[] args) {
        Format f = new Format(LuaSupport.checkString(state, args, 0, "size"));
        long pos = 0;
        while (f.more()) {
            int opt = f.fmt[f.pos++] & 0xff;
            long size = optsize(state, f, opt, "size");
            pos += toAlign(pos, f, opt, size);
            if (opt == 's') {
                throw LuaSupport.argError(state, 1, "size", "option 's' has no fixed size");
            } else if (opt == 'c' && size == 0) {
                throw LuaSupport.argError(state, 1, "size", "option 'c0' has no fixed size");
            }
            if (!Character.isLetter(opt)) {
                controlOption(state, f, opt);
            }
            pos += size;
        }
        return LuaSupport.one((double) pos);
    }
}
