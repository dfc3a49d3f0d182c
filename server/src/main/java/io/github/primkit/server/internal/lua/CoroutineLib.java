package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Args.arg;
import static io.github.primkit.server.internal.lua.Args.one;

/** Lua 5.1's coroutine library (the part of lbaselib.c that opens the {@code coroutine} table). */
final class CoroutineLib {
    private CoroutineLib() {
    }

    static void install(LuaState st) {
        LuaTable co = new LuaTable();
        BaseLib.reg(co, "create", (s, a) -> one(s.newCoroutine(luaFunction(s, "create", a))));
        BaseLib.reg(co, "resume", (s, a) -> s.resume(coroutine(s, "resume", a), rest(a)));
        BaseLib.reg(co, "yield", (s, a) -> s.yield(a));
        BaseLib.reg(co, "status", (s, a) -> one(LuaString.of(s.status(coroutine(s, "status", a)))));
        BaseLib.reg(co, "running", (s, a) -> one(s.running()));
        BaseLib.reg(co, "wrap", (s, a) -> {
            LuaCoroutine c = s.newCoroutine(luaFunction(s, "wrap", a));
            return one(LuaFunction.of("wrap", (s2, a2) -> {
                Object[] r = s2.resume(c, a2);
                if (r[0] == Boolean.FALSE) {
                    Object e = r[1];
                    LuaString text = LuaState.tostr(e);
                    // auxwrap: a string error gets the position of the code calling the wrapped function
                    throw new LuaError(text == null ? e : LuaString.latin1(s2.where(1) + text.latin1()));
                }
                return rest(r);
            }));
        });
        st.globals().rawset(LuaString.of("coroutine"), co);
    }

    private static LuaFunction luaFunction(LuaState s, String name, Object[] a) {
        if (arg(a, 0) instanceof LuaClosure f) {
            return f;
        }
        throw Args.argError(s, name, 1, "Lua function expected");
    }

    private static LuaCoroutine coroutine(LuaState s, String name, Object[] a) {
        if (arg(a, 0) instanceof LuaCoroutine c) {
            return c;
        }
        throw Args.argError(s, name, 1, "coroutine expected");
    }

    private static Object[] rest(Object[] a) {
        if (a.length <= 1) {
            return LuaFunction.NONE;
        }
        Object[] r = new Object[a.length - 1];
        System.arraycopy(a, 1, r, 0, r.length);
        return r;
    }
}
