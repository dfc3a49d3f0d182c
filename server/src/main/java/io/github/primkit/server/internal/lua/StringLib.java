package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Args.arg;
import static io.github.primkit.server.internal.lua.Args.checkInt;
import static io.github.primkit.server.internal.lua.Args.checkNumber;
import static io.github.primkit.server.internal.lua.Args.checkString;
import static io.github.primkit.server.internal.lua.Args.one;
import static io.github.primkit.server.internal.lua.Args.optInt;

import java.io.ByteArrayOutputStream;

/** Lua 5.1's string library (lstrlib.c), over bytes; also the string metatable ({@code ("x"):upper()}). */
final class StringLib {
    private StringLib() {
    }

    static void install(LuaState st) {
        LuaTable s = new LuaTable();
        BaseLib.reg(s, "dump", (L, a) -> {
            if (!(arg(a, 0) instanceof LuaFunction f)) {
                throw Args.typeError(L, "dump", a, 0, "function");
            }
            if (!(f instanceof LuaClosure c)) {
                throw L.error("unable to dump given function");
            }
            return one(LuaString.wrap(dumpHeader(c.proto)));
        });
        BaseLib.reg(s, "len", (L, a) -> one((double) checkString(L, "len", a, 0).length()));
        BaseLib.reg(s, "sub", (L, a) -> {
            LuaString str = checkString(L, "sub", a, 0);
            int l = str.length();
            long start = posrelat(Args.checkInteger(L, "sub", a, 1), l);
            long end = posrelat(Args.optInteger(L, "sub", a, 2, -1), l);
            if (start < 1) {
                start = 1;
            }
            if (end > l) {
                end = l;
            }
            if (start <= end) {
                return one(sub(str, (int) start - 1, (int) end));
            }
            return one(LuaString.EMPTY);
        });
        BaseLib.reg(s, "upper", (L, a) -> {
            byte[] b = checkString(L, "upper", a, 0).bytes();
            for (int i = 0; i < b.length; i++) {
                if (b[i] >= 'a' && b[i] <= 'z') {
                    b[i] -= 32;
                }
            }
            return one(LuaString.wrap(b));
        });
        BaseLib.reg(s, "lower", (L, a) -> {
            byte[] b = checkString(L, "lower", a, 0).bytes();
            for (int i = 0; i < b.length; i++) {
                if (b[i] >= 'A' && b[i] <= 'Z') {
                    b[i] += 32;
                }
            }
            return one(LuaString.wrap(b));
        });
        BaseLib.reg(s, "rep", (L, a) -> {
            LuaString str = checkString(L, "rep", a, 0);
            int n = checkInt(L, "rep", a, 1);
            if (n <= 0 || str.length() == 0) {
                return one(LuaString.EMPTY);
            }
            long total = (long) str.length() * n;
            L.checkAlloc(total);
            byte[] out = new byte[(int) total];
            int len = str.length();
            for (int i = 0; i < n; i++) {
                System.arraycopy(str.bytes, 0, out, i * len, len);
            }
            return one(LuaString.wrap(out));
        });
        BaseLib.reg(s, "reverse", (L, a) -> {
            byte[] b = checkString(L, "reverse", a, 0).bytes();
            for (int i = 0, j = b.length - 1; i < j; i++, j--) {
                byte t = b[i];
                b[i] = b[j];
                b[j] = t;
            }
            return one(LuaString.wrap(b));
        });
        BaseLib.reg(s, "byte", (L, a) -> {
            LuaString str = checkString(L, "byte", a, 0);
            int l = str.length();
            long posi = posrelat(Args.optInteger(L, "byte", a, 1, 1), l);
            long pose = posrelat(Args.optInteger(L, "byte", a, 2, posi), l);
            if (posi <= 0) {
                posi = 1;
            }
            if (pose > l) {
                pose = l;
            }
            if (posi > pose) {
                return LuaFunction.NONE;
            }
            int n = (int) (pose - posi + 1);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) {
                r[i] = (double) str.byteAt((int) posi - 1 + i);
            }
            return r;
        });
        BaseLib.reg(s, "char", (L, a) -> {
            byte[] b = new byte[a.length];
            for (int i = 0; i < a.length; i++) {
                int c = checkInt(L, "char", a, i);
                if (c < 0 || c > 255) {
                    throw Args.argError(L, "char", i + 1, "invalid value");
                }
                b[i] = (byte) c;
            }
            return one(LuaString.wrap(b));
        });
        BaseLib.reg(s, "format", StringLib::format);
        BaseLib.reg(s, "find", (L, a) -> find(L, a, true));
        BaseLib.reg(s, "match", (L, a) -> find(L, a, false));
        BaseLib.reg(s, "gmatch", StringLib::gmatch);
        BaseLib.reg(s, "gfind", StringLib::gmatch);
        BaseLib.reg(s, "gsub", StringLib::gsub);
        st.globals().rawset(LuaString.of("string"), s);
        LuaTable meta = new LuaTable();
        meta.rawset(LuaState.INDEX, s);
        st.stringMeta = meta;
    }

    static LuaString sub(LuaString s, int from, int to) {
        if (from == 0 && to == s.length()) {
            return s;
        }
        byte[] b = new byte[to - from];
        System.arraycopy(s.bytes, from, b, 0, b.length);
        return LuaString.wrap(b);
    }

    /**
     * string.dump without bytecode (this engine has none): the start of what Lua 5.1's luaU_dump writes, its header
     * for a 64-bit little-endian build, then the function's source name, first and last lines, upvalue and parameter
     * counts and vararg flags; no instructions, constants or debug information follow. Redis refuses to load binary
     * chunks anyway (loadstring of one fails on its first byte), which this keeps.
     */
    static byte[] dumpHeader(Proto p) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {27, 'L', 'u', 'a', 0x51, 0, 1, 4, 8, 4, 8, 0});
        byte[] source = p.source.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        long size = source.length + 1L;
        for (int i = 0; i < 8; i++) {
            out.write((int) (size >>> (8 * i)));
        }
        out.writeBytes(source);
        out.write(0);
        for (int v : new int[] {p.line, p.lastLine}) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
        }
        out.write(p.upIndex.length);
        out.write(p.nparams);
        out.write(!p.vararg ? 0 : p.argSlot < 0 ? 2 : p.needsArg ? 7 : 3);
        return out.toByteArray();
    }

    static long posrelat(long pos, int len) {
        return pos >= 0 ? pos : len + pos + 1;
    }

    // ---------------------------------------------------------------------------------------------- find/match

    private static final String SPECIALS = "^$*+?.([%-";

    private static boolean noSpecials(byte[] p) {
        for (byte b : p) {
            if (SPECIALS.indexOf(b) >= 0) {
                return false;
            }
        }
        return true;
    }

    static int indexOf(byte[] s, byte[] p, int from) {
        if (p.length == 0) {
            return from;
        }
        outer:
        for (int i = from; i <= s.length - p.length; i++) {
            for (int j = 0; j < p.length; j++) {
                if (s[i + j] != p[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Object[] find(LuaState L, Object[] a, boolean find) {
        String fname = find ? "find" : "match";
        LuaString str = checkString(L, fname, a, 0);
        LuaString pat = checkString(L, fname, a, 1);
        int ls = str.length();
        long init = posrelat(Args.optInteger(L, fname, a, 2, 1), ls) - 1;
        if (init < 0) {
            init = 0;
        } else if (init > ls) {
            init = ls;
        }
        byte[] p = pat.bytes;
        if (find && (Interp.truthy(arg(a, 3)) || noSpecials(p))) {
            int idx = indexOf(str.bytes, p, (int) init);
            if (idx >= 0) {
                return new Object[] {(double) (idx + 1), (double) (idx + p.length)};
            }
        } else {
            boolean anchor = p.length > 0 && p[0] == '^';
            int pi = anchor ? 1 : 0;
            int s1 = (int) init;
            do {
                LuaPattern m = new LuaPattern(L, str.bytes, p);
                int e = m.match(s1, pi);
                if (e != -1) {
                    if (find) {
                        Object[] caps = m.captures(s1, e, false);
                        Object[] r = new Object[2 + caps.length];
                        r[0] = (double) (s1 + 1);
                        r[1] = (double) e;
                        System.arraycopy(caps, 0, r, 2, caps.length);
                        return r;
                    }
                    return m.captures(s1, e, true);
                }
                s1++;
                L.tick();
            } while (s1 <= ls && !anchor);
        }
        return one(null);
    }

    private static Object[] gmatch(LuaState L, Object[] a) {
        LuaString str = checkString(L, "gmatch", a, 0);
        LuaString pat = checkString(L, "gmatch", a, 1);
        int[] pos = {0};
        return one(LuaFunction.of("gmatch_aux", (L2, a2) -> {
            byte[] s = str.bytes;
            for (int src = pos[0]; src <= s.length; src++) {
                LuaPattern m = new LuaPattern(L2, s, pat.bytes);
                int e = m.match(src, 0);
                if (e != -1) {
                    int newStart = e;
                    if (e == src) {
                        newStart++; // empty match: go at least one position
                    }
                    pos[0] = newStart;
                    return m.captures(src, e, true);
                }
                L2.tick();
            }
            pos[0] = s.length + 1;
            return LuaFunction.NONE;
        }));
    }

    private static Object[] gsub(LuaState L, Object[] a) {
        LuaString str = checkString(L, "gsub", a, 0);
        LuaString pat = checkString(L, "gsub", a, 1);
        Object repl = arg(a, 2);
        if (!(repl instanceof Double || repl instanceof LuaString || repl instanceof LuaTable
                || repl instanceof LuaFunction)) {
            throw Args.argError(L, "gsub", 3, "string/function/table expected");
        }
        int maxN = optInt(L, "gsub", a, 3, str.length() + 1);
        byte[] src = str.bytes;
        byte[] p = pat.bytes;
        boolean anchor = p.length > 0 && p[0] == '^';
        int pi = anchor ? 1 : 0;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int s = 0;
        int n = 0;
        while (n < maxN) {
            LuaPattern m = new LuaPattern(L, src, p);
            int e = m.match(s, pi);
            if (e != -1) {
                n++;
                addValue(L, m, b, s, e, repl);
            }
            if (e != -1 && e > s) {
                s = e;
            } else if (s < src.length) {
                b.write(src[s++]);
            } else {
                break;
            }
            if (anchor) {
                break;
            }
            if (b.size() > 1 << 20) {
                L.charge(b.size());
            }
            L.tick();
        }
        b.write(src, s, src.length - s);
        L.checkAlloc(b.size());
        return new Object[] {LuaString.wrap(b.toByteArray()), (double) n};
    }

    private static void addValue(LuaState L, LuaPattern m, ByteArrayOutputStream b, int s, int e, Object repl) {
        Object v;
        if (repl instanceof LuaString || repl instanceof Double) {
            byte[] r = LuaState.tostr(repl).bytes;
            for (int i = 0; i < r.length; i++) {
                if (r[i] != '%') {
                    b.write(r[i]);
                } else {
                    i++;
                    int c = i < r.length ? r[i] & 0xff : 0;
                    if (c < '0' || c > '9') {
                        b.write(c);
                    } else if (c == '0') {
                        b.write(m.src, s, e - s);
                    } else {
                        Object cap = m.capture(c - '1', s, e);
                        LuaString cs = LuaState.tostr(cap);
                        b.write(cs.bytes, 0, cs.length());
                    }
                }
            }
            return;
        }
        Object first = m.capture(0, s, e);
        if (repl instanceof LuaTable t) {
            v = L.index(t, first, null, -1);
        } else {
            Object[] r = L.callValue(repl, m.captures(s, e, true));
            v = r.length > 0 ? r[0] : null;
        }
        if (!Interp.truthy(v)) {
            b.write(m.src, s, e - s);
        } else if (v instanceof LuaString || v instanceof Double) {
            LuaString vs = LuaState.tostr(v);
            b.write(vs.bytes, 0, vs.length());
        } else {
            throw L.error("invalid replacement value (a " + LuaState.typeName(v) + ")");
        }
    }

    // ---------------------------------------------------------------------------------------------- format

    private static Object[] format(LuaState L, Object[] a) {
        LuaString fs = checkString(L, "format", a, 0);
        byte[] f = fs.bytes;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int arg = 0;
        int i = 0;
        while (i < f.length) {
            int c = f[i++] & 0xff;
            if (c != '%') {
                b.write(c);
                continue;
            }
            if (i < f.length && f[i] == '%') {
                b.write('%');
                i++;
                continue;
            }
            arg++;
            if (arg >= a.length) {
                throw Args.argError(L, "format", arg + 1, "no value");
            }
            // spec: flags, width, precision
            int start = i;
            while (i < f.length && "-+ #0".indexOf(f[i]) >= 0) {
                i++;
            }
            if (i - start >= 6) {
                throw L.error("invalid format (repeated flags)");
            }
            String flags = new String(f, start, i - start, java.nio.charset.StandardCharsets.ISO_8859_1);
            int width = -1;
            int digits = 0;
            while (i < f.length && f[i] >= '0' && f[i] <= '9') {
                width = (width < 0 ? 0 : width * 10) + (f[i++] - '0');
                digits++;
            }
            if (digits > 2) {
                throw L.error("invalid format (width or precision too long)");
            }
            int precision = -1;
            if (i < f.length && f[i] == '.') {
                i++;
                precision = 0;
                digits = 0;
                while (i < f.length && f[i] >= '0' && f[i] <= '9') {
                    precision = precision * 10 + (f[i++] - '0');
                    digits++;
                }
                if (digits > 2) {
                    throw L.error("invalid format (width or precision too long)");
                }
            }
            int conv = i < f.length ? f[i++] & 0xff : 0;
            if ("cdiouxXeEfgGqs".indexOf(conv) < 0 || conv == 0) {
                throw L.error("invalid option '%" + (conv == 0 ? "" : String.valueOf((char) conv))
                        + "' to 'format'");
            }
            boolean left = flags.indexOf('-') >= 0;
            boolean zero = flags.indexOf('0') >= 0;
            boolean plus = flags.indexOf('+') >= 0;
            boolean space = flags.indexOf(' ') >= 0;
            boolean alt = flags.indexOf('#') >= 0;
            switch (conv) {
                case 'c' -> {
                    byte ch = (byte) Args.castInt(checkNumber(L, "format", a, arg));
                    ByteArrayOutputStream tmp = new ByteArrayOutputStream();
                    pad(tmp, new byte[] {ch}, width, left, false);
                    byte[] out = tmp.toByteArray();
                    int len = 0;
                    while (len < out.length && out[len] != 0) {
                        len++; // C adds the item with strlen
                    }
                    b.write(out, 0, len);
                }
                case 'd', 'i' -> {
                    long v = Args.toLong(checkNumber(L, "format", a, arg));
                    String digs = v < 0 ? Long.toString(v).substring(1) : Long.toString(v);
                    String sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
                    intOut(b, sign, digs, "", precision, width, left, zero);
                }
                case 'o', 'u', 'x', 'X' -> {
                    long v = Args.toLong(checkNumber(L, "format", a, arg));
                    String digs = switch (conv) {
                        case 'o' -> Long.toOctalString(v);
                        case 'u' -> Long.toUnsignedString(v);
                        case 'x' -> Long.toHexString(v);
                        default -> Long.toHexString(v).toUpperCase();
                    };
                    String prefix = "";
                    if (alt && conv == 'o' && !digs.startsWith("0")) {
                        prefix = "0";
                    } else if (alt && v != 0 && (conv == 'x' || conv == 'X')) {
                        prefix = conv == 'x' ? "0x" : "0X";
                    }
                    intOut(b, "", digs, prefix, precision, width, left, zero);
                }
                case 'e', 'E', 'f', 'g', 'G' -> {
                    double v = checkNumber(L, "format", a, arg);
                    String s = LuaNumbers.format((char) conv, v, precision, alt, plus, space);
                    boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
                    if (zero && !left && finite && s.length() < width) {
                        int signLen = s.startsWith("-") || s.startsWith("+") || s.startsWith(" ") ? 1 : 0;
                        s = s.substring(0, signLen) + "0".repeat(width - s.length()) + s.substring(signLen);
                    }
                    pad(b, s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), width, left, false);
                }
                case 'q' -> addQuoted(b, checkString(L, "format", a, arg));
                default -> { // 's'
                    LuaString s = checkString(L, "format", a, arg);
                    byte[] sb = s.bytes;
                    if (precision < 0 && sb.length >= 100) {
                        b.write(sb, 0, sb.length);
                        continue;
                    }
                    int nul = 0;
                    while (nul < sb.length && sb[nul] != 0) {
                        nul++; // sprintf stops at a NUL
                    }
                    if (nul < sb.length) {
                        sb = java.util.Arrays.copyOf(sb, nul);
                    }
                    if (precision >= 0 && sb.length > precision) {
                        byte[] t = new byte[precision];
                        System.arraycopy(sb, 0, t, 0, precision);
                        sb = t;
                    }
                    pad(b, sb, width, left, false);
                }
            }
            if (b.size() > 1 << 20) {
                L.checkAlloc(b.size());
            }
        }
        L.checkAlloc(b.size());
        return one(LuaString.wrap(b.toByteArray()));
    }

    private static void intOut(ByteArrayOutputStream b, String sign, String digs, String prefix, int precision,
            int width, boolean left, boolean zero) {
        if (precision >= 0) {
            if (precision == 0 && digs.equals("0")) {
                digs = "";
            }
            if (digs.length() < precision) {
                digs = "0".repeat(precision - digs.length()) + digs;
            }
            zero = false;
        }
        String body = sign + prefix + digs;
        if (zero && !left && body.length() < width) {
            body = sign + prefix + "0".repeat(width - body.length()) + digs;
        }
        pad(b, body.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), width, left, false);
    }

    private static void pad(ByteArrayOutputStream b, byte[] s, int width, boolean left, boolean zero) {
        int padding = width - s.length;
        if (!left) {
            for (int k = 0; k < padding; k++) {
                b.write(zero ? '0' : ' ');
            }
        }
        b.write(s, 0, s.length);
        if (left) {
            for (int k = 0; k < padding; k++) {
                b.write(' ');
            }
        }
    }

    private static void addQuoted(ByteArrayOutputStream b, LuaString s) {
        b.write('"');
        for (byte c : s.bytes) {
            switch (c) {
                case '"', '\\', '\n' -> {
                    b.write('\\');
                    b.write(c);
                }
                case '\r' -> {
                    b.write('\\');
                    b.write('r');
                }
                case 0 -> {
                    b.write('\\');
                    b.write('0');
                    b.write('0');
                    b.write('0');
                }
                default -> b.write(c);
            }
        }
        b.write('"');
    }
}
