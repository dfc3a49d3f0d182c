package io.github.primkit.server.internal.lua;

/** lauxlib's argument checks, with Lua 5.1's messages ({@code bad argument #1 to 'insert' (table expected, got nil)}). */
final class Args {
    private Args() {
    }

    static Object arg(Object[] a, int i) {
        return i < a.length ? a[i] : null;
    }

    /**
     * luaL_argerror: names the function as its call site does ('?' when called from Java, e.g. through pcall);
     * for a method call the self argument is not counted.
     */
    static LuaError argError(LuaState st, String fname, int narg, String extra) {
        Interp.Call site = st.callSite();
        String name = site == null ? null : site.calleeName();
        if (name == null) {
            name = "?";
        } else if (site.isMethod()) {
            narg--;
            if (narg == 0) {
                return st.error("calling '" + name + "' on bad self (" + extra + ")");
            }
        }
        return st.error("bad argument #" + narg + " to '" + name + "' (" + extra + ")");
    }

    static LuaError typeError(LuaState st, String fname, Object[] a, int i, String expected) {
        String got = i < a.length ? LuaState.typeName(a[i]) : "no value";
        return argError(st, fname, i + 1, expected + " expected, got " + got);
    }

    static void checkAny(LuaState st, String fname, Object[] a, int i) {
        if (i >= a.length) {
            throw argError(st, fname, i + 1, "value expected");
        }
    }

    static LuaTable checkTable(LuaState st, String fname, Object[] a, int i) {
        if (i < a.length && a[i] instanceof LuaTable t) {
            return t;
        }
        throw typeError(st, fname, a, i, "table");
    }

    static double checkNumber(LuaState st, String fname, Object[] a, int i) {
        Object o = arg(a, i);
        if (o instanceof Double d) {
            return d;
        }
        Double d = st.tonumber(o);
        if (d == null) {
            throw typeError(st, fname, a, i, "number");
        }
        return d;
    }

    /**
     * luaL_checkint: {@code (int) luaL_checkinteger}, the number converted to a 64-bit lua_Integer first (x86's
     * conversion: NaN and out of range give LONG_MIN), then cut to its low 32 bits: {@code 2^40 + 3} gives 3.
     */
    static int checkInt(LuaState st, String fname, Object[] a, int i) {
        return toInt(checkNumber(st, fname, a, i));
    }

    /** {@code (int) lua_tointeger}: through a 64-bit integer, keeping the low 32 bits. */
    static int toInt(double d) {
        return (int) toLong(d);
    }

    /** C's direct {@code (int)} cast of a double as x86 does it: NaN and out of range give INT_MIN. */
    static int castInt(double d) {
        if (d >= -2147483648.0 && d < 2147483648.0) {
            return (int) d;
        }
        return Integer.MIN_VALUE;
    }

    /** C's (long) cast as x86 does it: NaN and out of range give LONG_MIN. */
    static long toLong(double d) {
        if (d >= -9.223372036854775808E18 && d < 9.223372036854775808E18) {
            return (long) d;
        }
        return Long.MIN_VALUE;
    }

    /** luaL_checkinteger: the number as a 64-bit lua_Integer (x86's conversion). */
    static long checkInteger(LuaState st, String fname, Object[] a, int i) {
        return toLong(checkNumber(st, fname, a, i));
    }

    static long optInteger(LuaState st, String fname, Object[] a, int i, long def) {
        return arg(a, i) == null ? def : checkInteger(st, fname, a, i);
    }

    static double optNumber(LuaState st, String fname, Object[] a, int i, double def) {
        return arg(a, i) == null ? def : checkNumber(st, fname, a, i);
    }

    static int optInt(LuaState st, String fname, Object[] a, int i, int def) {
        return arg(a, i) == null ? def : checkInt(st, fname, a, i);
    }

    /** luaL_checklstring: strings, and numbers converted to strings. */
    static LuaString checkString(LuaState st, String fname, Object[] a, int i) {
        Object o = arg(a, i);
        if (o instanceof LuaString s) {
            return s;
        }
        if (o instanceof Double d) {
            return LuaString.latin1(LuaNumbers.toLuaString(d));
        }
        throw typeError(st, fname, a, i, "string");
    }

    static LuaString optString(LuaState st, String fname, Object[] a, int i, LuaString def) {
        return arg(a, i) == null ? def : checkString(st, fname, a, i);
    }

    static Object[] one(Object o) {
        return new Object[] {o};
    }
}
