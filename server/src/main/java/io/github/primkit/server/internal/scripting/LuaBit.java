package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaTable;

/**
 * LuaBitOp 1.0 as Redis loads it ({@code bit}): operations on signed 32-bit integers, numbers normalised by the
 * library's {@code 2^52 + 2^51} addition (round half to even, modulo 2^32), results returned as Lua numbers.
 */
final class LuaBit {
    private LuaBit() {
    }

    static LuaTable library() {
        LuaTable bit = new LuaTable();
        put(bit, "tobit", (s, a) -> result(check(s, a, 0, "tobit")));
        put(bit, "bnot", (s, a) -> result(~check(s, a, 0, "bnot")));
        put(bit, "band", (s, a) -> {
            int r = check(s, a, 0, "band");
            for (int i = 1; i < a.length; i++) {
                r &= check(s, a, i, "band");
            }
            return result(r);
        });
        put(bit, "bor", (s, a) -> {
            int r = check(s, a, 0, "bor");
            for (int i = 1; i < a.length; i++) {
                r |= check(s, a, i, "bor");
            }
            return result(r);
        });
        put(bit, "bxor", (s, a) -> {
            int r = check(s, a, 0, "bxor");
            for (int i = 1; i < a.length; i++) {
                r ^= check(s, a, i, "bxor");
            }
            return result(r);
        });
        put(bit, "lshift", (s, a) -> {
            int x = check(s, a, 0, "lshift");
            return result(x << (check(s, a, 1, "lshift") & 31));
        });
        put(bit, "rshift", (s, a) -> {
            int x = check(s, a, 0, "rshift");
            return result(x >>> (check(s, a, 1, "rshift") & 31));
        });
        put(bit, "arshift", (s, a) -> {
            int x = check(s, a, 0, "arshift");
            return result(x >> (check(s, a, 1, "arshift") & 31));
        });
        put(bit, "rol", (s, a) -> {
            int x = check(s, a, 0, "rol");
            return result(Integer.rotateLeft(x, check(s, a, 1, "rol") & 31));
        });
        put(bit, "ror", (s, a) -> {
            int x = check(s, a, 0, "ror");
            return result(Integer.rotateRight(x, check(s, a, 1, "ror") & 31));
        });
        put(bit, "bswap", (s, a) -> result(Integer.reverseBytes(check(s, a, 0, "bswap"))));
        put(bit, "tohex", (s, a) -> {
            int x = check(s, a, 0, "tohex");
            int n = a.length > 1 ? check(s, a, 1, "tohex") : 8;
            String digits = "0123456789abcdef";
            if (n < 0) {
                n = -n;
                digits = "0123456789ABCDEF";
            }
            if (n > 8) {
                n = 8;
            }
            byte[] out = new byte[n];
            for (int i = n - 1; i >= 0; i--) {
                out[i] = (byte) digits.charAt(x & 15);
                x >>= 4;
            }
            return LuaSupport.one(LuaSupport.str(out));
        });
        return bit;
    }

    private static void put(LuaTable table, String name, LuaFunction.JavaBody body) {
        table.rawset(LuaSupport.str(name), LuaFunction.of(name, body));
    }

    private static Object[] result(int value) {
        return LuaSupport.one((double) value);
    }

    /** barg: luaL_checknumber, then the low 32 bits of {@code n + 2^52 + 2^51} (LuaBitOp's normalisation). */
    private static int check(LuaState state, Object[] args, int i, String function) {
        double n = LuaSupport.checkNumber(state, args, i, function);
        return tobit(n);
    }

    static int tobit(double n) {
        return (int) Double.doubleToRawLongBits(n + 6755399441055744.0);
    }
}
