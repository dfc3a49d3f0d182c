package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Args.arg;
import static io.github.primkit.server.internal.lua.Args.checkAny;
import static io.github.primkit.server.internal.lua.Args.checkInt;
import static io.github.primkit.server.internal.lua.Args.checkString;
import static io.github.primkit.server.internal.lua.Args.checkTable;
import static io.github.primkit.server.internal.lua.Args.one;
import static io.github.primkit.server.internal.lua.Args.optInt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Lua 5.1's base library (lbaselib.c), without the file functions Redis removes. */
final class BaseLib {
    private BaseLib() {
    }

    static void reg(LuaTable t, String name, LuaFunction.JavaBody body) {
        t.rawset(LuaString.of(name), LuaFunction.of(name, body));
    }

    static void install(LuaState st) {
        LuaTable g = st.globals();
        g.rawset(LuaString.of("_G"), g);
        g.rawset(LuaString.of("_VERSION"), LuaString.of("Lua 5.1"));
        reg(g, "assert", (s, a) -> {
            checkAny(s, "assert", a, 0);
            if (!Interp.truthy(a[0])) {
                LuaString msg = Args.optString(s, "assert", a, 1, LuaString.of("assertion failed!"));
                throw new LuaError(LuaString.latin1(s.where(1) + msg.latin1()));
            }
            return a;
        });
        reg(g, "error", (s, a) -> {
            Object v = arg(a, 0);
            int level = optInt(s, "error", a, 1, 1);
            if ((v instanceof LuaString || v instanceof Double) && level > 0) {
                v = LuaString.latin1(s.where(level) + LuaState.tostr(v).latin1());
            }
            throw new LuaError(v);
        });
        reg(g, "pcall", (s, a) -> {
            checkAny(s, "pcall", a, 0);
            Object[] rest = new Object[a.length - 1];
            System.arraycopy(a, 1, rest, 0, rest.length);
            return s.pcall(a[0], rest, null);
        });
        reg(g, "xpcall", (s, a) -> {
            checkAny(s, "xpcall", a, 1);
            return s.pcall(a[0], LuaFunction.NONE, a[1]);
        });
        reg(g, "select", (s, a) -> {
            int n = a.length;
            if (arg(a, 0) instanceof LuaString str && str.length() > 0 && str.byteAt(0) == '#') {
                return one((double) (n - 1));
            }
            int i = checkInt(s, "select", a, 0);
            if (i < 0) {
                i = n + i;
            } else if (i > n) {
                i = n;
            }
            if (i < 1) {
                throw Args.argError(s, "select", 1, "index out of range");
            }
            Object[] r = new Object[n - i];
            System.arraycopy(a, i, r, 0, r.length);
            return r;
        });
        reg(g, "type", (s, a) -> {
            checkAny(s, "type", a, 0);
            return one(LuaString.of(LuaState.typeName(a[0])));
        });
        reg(g, "tostring", (s, a) -> {
            checkAny(s, "tostring", a, 0);
            return one(s.tostringValue(a[0]));
        });
        reg(g, "tonumber", (s, a) -> {
            int base = optInt(s, "tonumber", a, 1, 10);
            if (base == 10) {
                checkAny(s, "tonumber", a, 0);
                return one(s.tonumber(a[0]));
            }
            LuaString str = checkString(s, "tonumber", a, 0);
            if (base < 2 || base > 36) {
                throw Args.argError(s, "tonumber", 2, "base out of range");
            }
            return one(strtoul(str.latin1(), base));
        });
        LuaFunction next = LuaFunction.of("next", (s, a) -> {
            LuaTable t = checkTable(s, "next", a, 0);
            Object[] kv = t.next(arg(a, 1));
            return kv == null ? one(null) : kv;
        });
        st.nextFn = next;
        g.rawset(LuaString.of("next"), next);
        reg(g, "pairs", (s, a) -> {
            LuaTable t = checkTable(s, "pairs", a, 0);
            return new Object[] {next, t, null};
        });
        LuaFunction ipairsIter = LuaFunction.of("ipairs_aux", (s, a) -> {
            int i = checkInt(s, "ipairs_aux", a, 1) + 1;
            LuaTable t = checkTable(s, "ipairs_aux", a, 0);
            Object v = t.rawget(i);
            return v == null ? LuaFunction.NONE : new Object[] {(double) i, v};
        });
        reg(g, "ipairs", (s, a) -> {
            LuaTable t = checkTable(s, "ipairs", a, 0);
            return new Object[] {ipairsIter, t, 0.0};
        });
        reg(g, "rawget", (s, a) -> {
            LuaTable t = checkTable(s, "rawget", a, 0);
            checkAny(s, "rawget", a, 1);
            return one(t.rawget(a[1]));
        });
        reg(g, "rawset", (s, a) -> {
            LuaTable t = checkTable(s, "rawset", a, 0);
            checkAny(s, "rawset", a, 1);
            checkAny(s, "rawset", a, 2);
            if (t.readonly) {
                throw LuaState.readonlyError();
            }
            s.charge(t.put(a[1], a[2]));
            return one(t);
        });
        reg(g, "rawequal", (s, a) -> {
            checkAny(s, "rawequal", a, 0);
            checkAny(s, "rawequal", a, 1);
            return one(LuaState.rawequals(a[0], a[1]));
        });
        reg(g, "setmetatable", (s, a) -> {
            LuaTable t = checkTable(s, "setmetatable", a, 0);
            Object mt = arg(a, 1);
            if (mt != null && !(mt instanceof LuaTable)) {
                throw Args.argError(s, "setmetatable", 2, "nil or table expected");
            }
            if (t.metatable != null && t.metatable.getStr(LuaState.METATABLE) != null) {
                throw s.error("cannot change a protected metatable");
            }
            if (t.readonly) {
                throw LuaState.readonlyError();
            }
            t.metatable = (LuaTable) mt;
            return one(t);
        });
        reg(g, "getmetatable", (s, a) -> {
            checkAny(s, "getmetatable", a, 0);
            LuaTable mt = s.getMetatable(a[0]);
            if (mt == null) {
                return one(null);
            }
            Object protectedMt = mt.getStr(LuaState.METATABLE);
            return one(protectedMt != null ? protectedMt : mt);
        });
        reg(g, "unpack", (s, a) -> {
            LuaTable t = checkTable(s, "unpack", a, 0);
            int i = optInt(s, "unpack", a, 1, 1);
            int e = arg(a, 2) == null ? t.length() : checkInt(s, "unpack", a, 2);
            if (i > e) {
                return LuaFunction.NONE;
            }
            long n = (long) e - i + 1;
            if (n >= Integer.MAX_VALUE || n + a.length > 8000) {
                throw s.error("too many results to unpack");
            }
            Object[] r = new Object[(int) n];
            for (int k = 0; k < n; k++) {
                r[k] = t.rawget(i + k);
            }
            return r;
        });
        reg(g, "loadstring", (s, a) -> {
            LuaString src = checkString(s, "loadstring", a, 0);
            LuaString name = Args.optString(s, "loadstring", a, 1, src);
            try {
                return one(s.load(src.unsafeBytes(), name.latin1(), s.globals()));
            } catch (LuaError e) {
                return new Object[] {null, e.value()};
            }
        });
        reg(g, "load", (s, a) -> {
            if (!(arg(a, 0) instanceof LuaFunction reader)) {
                throw Args.typeError(s, "load", a, 0, "function");
            }
            LuaString name = Args.optString(s, "load", a, 1, LuaString.of("=(load)"));
            // lua_load: the parser pulls the reader's pieces until nil or an empty string; errors are returned
            java.util.function.Supplier<byte[]> pieces = () -> {
                Object[] r = s.pcall(reader, LuaFunction.NONE, null);
                if (r[0] == Boolean.FALSE) {
                    throw new LuaError(r.length > 1 ? r[1] : null);
                }
                Object piece = r.length > 1 ? r[1] : null;
                if (piece == null) {
                    return null;
                }
                LuaString text = LuaState.tostr(piece);
                if (text == null) {
                    throw s.error("reader function must return a string");
                }
                s.checkAlloc(text.length());
                return java.util.Arrays.copyOf(text.unsafeBytes(), text.length());
            };
            try {
                return one(s.load(pieces, name.latin1(), s.globals()));
            } catch (LuaError e) {
                if (!e.catchable()) {
                    throw e;
                }
                return new Object[] {null, e.value()};
            }
        });
        reg(g, "getfenv", (s, a) -> {
            Object f = arg(a, 0);
            if (f instanceof LuaClosure c) {
                return one(c.env);
            }
            if (f == null || f instanceof Double) {
                int level = f == null ? 1 : Args.toInt((Double) f);
                if (level < 0) {
                    throw Args.argError(s, "getfenv", 1, "level must be non-negative");
                }
                LuaClosure c = level == 0 ? null : s.closureAt(level);
                return one(c == null ? s.globals() : c.env);
            }
            return one(s.globals());
        });
        reg(g, "setfenv", (s, a) -> {
            LuaTable env = checkTable(s, "setfenv", a, 1);
            Object f = arg(a, 0);
            LuaClosure c = null;
            if (f instanceof LuaClosure cl) {
                c = cl;
            } else if (f instanceof Double d) {
                int level = Args.toInt(d);
                if (level < 0) {
                    throw Args.argError(s, "setfenv", 1, "level must be non-negative");
                }
                c = level == 0 ? null : s.closureAt(level);
                if (level == 0) {
                    return LuaFunction.NONE;
                }
            }
            if (c == null) {
                throw s.error("'setfenv' cannot change environment of given object");
            }
            c.env = env;
            return one(c);
        });
        reg(g, "newproxy", (s, a) -> {
            Object x = arg(a, 0);
            if (!Interp.truthy(x)) {
                return one(new LuaUserdata(null));
            }
            if (x instanceof Boolean) {
                LuaTable mt = new LuaTable();
                mt.proxyMetatable = true;
                s.charge(64);
                return one(new LuaUserdata(mt));
            }
            // another proxy, or any value whose metatable newproxy(true) made
            LuaTable mt = s.getMetatable(x);
            if (mt == null || !mt.proxyMetatable) {
                throw Args.argError(s, "newproxy", 1, "boolean or proxy expected");
            }
            return one(new LuaUserdata(mt));
        });
        reg(g, "gcinfo", (s, a) -> one((double) (s.memoryCharged() / 1024)));
        reg(g, "collectgarbage", (s, a) -> {
            String opt = Args.optString(s, "collectgarbage", a, 0, LuaString.of("collect")).latin1();
            return switch (opt) {
                case "count" -> one(s.memoryCharged() / 1024.0);
                case "step" -> one(Boolean.FALSE);
                case "stop", "restart", "collect", "setpause", "setstepmul" -> one(0.0);
                default -> throw Args.argError(s, "collectgarbage", 1, "invalid option '" + opt + "'");
            };
        });
        reg(g, "print", (s, a) -> {
            StringBuilder sb = new StringBuilder();
            Object ts = s.globals().rawget(LuaString.of("tostring"));
            for (int i = 0; i < a.length; i++) {
                if (i > 0) {
                    sb.append('\t');
                }
                Object[] r = s.callValue(ts, new Object[] {a[i]});
                Object v = r.length > 0 ? r[0] : null;
                if (!(v instanceof LuaString str)) {
                    throw s.error("'tostring' must return a string to 'print'");
                }
                sb.append(new String(str.unsafeBytes(), StandardCharsets.UTF_8));
            }
            sb.append('\n');
            if (s.output != null) {
                try {
                    s.output.append(sb);
                } catch (IOException e) {
                    throw s.error(e.toString());
                }
            }
            return LuaFunction.NONE;
        });
    }

    /** tonumber(s, base): C's strtoul with trailing spaces allowed. */
    private static Double strtoul(String s, int base) {
        int i = 0;
        int n = s.length();
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean neg = false;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            neg = s.charAt(i) == '-';
            i++;
        }
        if (base == 16 && i + 1 < n && s.charAt(i) == '0' && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            i += 2;
        }
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        java.math.BigInteger b = java.math.BigInteger.valueOf(base);
        int digits = 0;
        while (i < n) {
            int d = Character.digit(s.charAt(i), base);
            if (d < 0 || s.charAt(i) > 127) {
                break;
            }
            v = v.multiply(b).add(java.math.BigInteger.valueOf(d));
            digits++;
            i++;
        }
        while (i < n && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (digits == 0 || i != n) {
            return null;
        }
        java.math.BigInteger max = java.math.BigInteger.ONE.shiftLeft(64);
        if (v.compareTo(max) >= 0) {
            v = max.subtract(java.math.BigInteger.ONE);
        } else if (neg) {
            v = max.subtract(v).mod(max);
        }
        return v.doubleValue();
    }
}
