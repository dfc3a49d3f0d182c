package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Args.arg;
import static io.github.primkit.server.internal.lua.Args.checkInt;
import static io.github.primkit.server.internal.lua.Args.checkTable;
import static io.github.primkit.server.internal.lua.Args.one;
import static io.github.primkit.server.internal.lua.Args.optInt;

import java.io.ByteArrayOutputStream;

/** Lua 5.1's table library (ltablib.c): raw accesses, its sort algorithm and its messages. */
final class TableLib {
    private TableLib() {
    }

    static void install(LuaState st) {
        LuaTable t = new LuaTable();
        BaseLib.reg(t, "insert", (L, a) -> {
            LuaTable tab = checkTable(L, "insert", a, 0);
            int e = tab.length() + 1;
            int pos;
            switch (a.length) {
                case 2 -> pos = e;
                case 3 -> {
                    pos = checkInt(L, "insert", a, 1);
                    if (pos > e) {
                        e = pos;
                    }
                    writable(L, tab);
                    for (int i = e; i > pos; i--) {
                        L.charge(tab.put((double) i, tab.rawget(i - 1)));
                    }
                }
                default -> throw L.error("wrong number of arguments to 'insert'");
            }
            writable(L, tab);
            L.charge(tab.put((double) pos, a[a.length - 1]));
            return LuaFunction.NONE;
        });
        BaseLib.reg(t, "remove", (L, a) -> {
            LuaTable tab = checkTable(L, "remove", a, 0);
            int e = tab.length();
            int pos = optInt(L, "remove", a, 1, e);
            if (e == 0 && arg(a, 1) == null) {
                return LuaFunction.NONE;
            }
            if (!(1 <= pos && pos <= e)) {
                return LuaFunction.NONE;
            }
            writable(L, tab);
            Object v = tab.rawget(pos);
            for (; pos < e; pos++) {
                tab.put((double) pos, tab.rawget(pos + 1));
            }
            tab.put((double) e, null);
            return one(v);
        });
        BaseLib.reg(t, "concat", (L, a) -> {
            LuaTable tab = checkTable(L, "concat", a, 0);
            LuaString sep = Args.optString(L, "concat", a, 1, LuaString.EMPTY);
            int i = optInt(L, "concat", a, 2, 1);
            int last = arg(a, 3) == null ? tab.length() : checkInt(L, "concat", a, 3);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (long k = i; k <= last; k++) {
                Object v = tab.rawget((int) k);
                LuaString s = LuaState.tostr(v);
                if (s == null) {
                    throw L.error("invalid value (" + LuaState.typeName(v) + ") at index " + k + " in table for 'concat'");
                }
                b.write(s.bytes, 0, s.length());
                if (k != last) {
                    b.write(sep.bytes, 0, sep.length());
                }
                if (b.size() > 1 << 20 && (k & 1023) == 0) {
                    L.checkAlloc(b.size());
                }
            }
            L.checkAlloc(b.size());
            return one(LuaString.wrap(b.toByteArray()));
        });
        BaseLib.reg(t, "getn", (L, a) -> one((double) checkTable(L, "getn", a, 0).length()));
        BaseLib.reg(t, "setn", (L, a) -> {
            checkTable(L, "setn", a, 0);
            throw L.error("'setn' is obsolete");
        });
        BaseLib.reg(t, "maxn", (L, a) -> one(checkTable(L, "maxn", a, 0).maxn()));
        BaseLib.reg(t, "foreachi", (L, a) -> {
            LuaTable tab = checkTable(L, "foreachi", a, 0);
            checkFunction(L, "foreachi", a, 1);
            int n = tab.length();
            for (int i = 1; i <= n; i++) {
                Object[] r = L.callValue(a[1], new Object[] {(double) i, tab.rawget(i)});
                if (r.length > 0 && r[0] != null) {
                    return one(r[0]);
                }
            }
            return LuaFunction.NONE;
        });
        BaseLib.reg(t, "foreach", (L, a) -> {
            LuaTable tab = checkTable(L, "foreach", a, 0);
            checkFunction(L, "foreach", a, 1);
            Object k = null;
            while (true) {
                Object[] kv = tab.next(k);
                if (kv == null) {
                    return LuaFunction.NONE;
                }
                k = kv[0];
                Object[] r = L.callValue(a[1], new Object[] {kv[0], kv[1]});
                if (r.length > 0 && r[0] != null) {
                    return one(r[0]);
                }
            }
        });
        BaseLib.reg(t, "sort", (L, a) -> {
            LuaTable tab = checkTable(L, "sort", a, 0);
            int n = tab.length();
            Object cmp = arg(a, 1);
            if (cmp != null && !(cmp instanceof LuaFunction)) {
                throw Args.typeError(L, "sort", a, 1, "function");
            }
            if (n > 1) {
                writable(L, tab);
            }
            new Sorter(L, tab, cmp).sort(1, n);
            return LuaFunction.NONE;
        });
        st.globals().rawset(LuaString.of("table"), t);
    }

    private static void checkFunction(LuaState L, String fname, Object[] a, int i) {
        if (!(arg(a, i) instanceof LuaFunction)) {
            throw Args.typeError(L, fname, a, i, "function");
        }
    }

    private static void writable(LuaState L, LuaTable t) {
        if (t.readonly) {
            throw LuaState.readonlyError();
        }
    }

    /** ltablib.c's quicksort (median of three, smaller half recursed), so results and errors match Lua's. */
    private static final class Sorter {
        final LuaState L;
        final LuaTable t;
        final Object cmp;

        Sorter(LuaState L, LuaTable t, Object cmp) {
            this.L = L;
            this.t = t;
            this.cmp = cmp;
        }

        boolean less(Object a, Object b) {
            if (cmp != null) {
                Object[] r = L.callValue(cmp, new Object[] {a, b});
                return r.length > 0 && Interp.truthy(r[0]);
            }
            if (a instanceof Double x && b instanceof Double y) {
                return x < y;
            }
            return L.lt(a, b, -1);
        }

        Object get(int i) {
            return t.rawget(i);
        }

        void set(int i, Object v) {
            t.put((double) i, v);
        }

        void sort(int l, int u) {
            while (l < u) {
                L.tick();
                Object al = get(l);
                Object au = get(u);
                if (less(au, al)) {
                    set(l, au);
                    set(u, al);
                }
                if (u - l == 1) {
                    break;
                }
                int i = (l + u) / 2;
                Object ai = get(i);
                al = get(l);
                if (less(ai, al)) {
                    set(i, al);
                    set(l, ai);
                } else {
                    au = get(u);
                    if (less(au, ai)) {
                        set(i, au);
                        set(u, ai);
                    }
                }
                if (u - l == 2) {
                    break;
                }
                Object p = get(i);
                Object au1 = get(u - 1);
                set(i, au1);
                set(u - 1, p);
                i = l;
                int j = u - 1;
                while (true) {
                    Object x;
                    while (less(x = get(++i), p)) {
                        if (i > u) {
                            throw L.error("invalid order function for sorting");
                        }
                    }
                    Object y;
                    while (less(p, y = get(--j))) {
                        if (j < l) {
                            throw L.error("invalid order function for sorting");
                        }
                    }
                    if (j < i) {
                        break;
                    }
                    set(i, y);
                    set(j, x);
                }
                Object a1 = get(u - 1);
                Object a2 = get(i);
                set(u - 1, a2);
                set(i, a1);
                if (i - l < u - i) {
                    j = l;
                    i = i - 1;
                    l = i + 2;
                } else {
                    j = i + 1;
                    i = u;
                    u = j - 2;
                }
                sort(j, i);
            }
        }
    }
}
