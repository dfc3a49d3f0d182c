package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaError;
import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import java.nio.charset.StandardCharsets;

/**
 * What the Redis libraries written in Java need from the Lua engine, in one place: argument checks with the C
 * library's messages ({@code bad argument #1 to 'decode' (string expected, got no value)}), errors, type names.
 */
final class LuaSupport {
    static final Object[] NONE = new Object[0];

    private LuaSupport() {
    }

    static LuaString str(String s) {
        return LuaString.of(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    static LuaString str(byte[] bytes) {
        return LuaString.wrap(bytes);
    }

    static Object[] one(Object value) {
        return new Object[] {value};
    }

    static Object arg(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    /** Lua's type name, or "no value" past the last argument (as luaL_typerror reports it). */
    static String typeName(Object[] args, int i) {
        return i < args.length ? typeName(args[i]) : "no value";
    }

    static String typeName(Object value) {
        if (value == null) {
            return "nil";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Double) {
            return "number";
        } else if (value instanceof LuaString) {
            return "string";
        } else if (value instanceof LuaTable) {
            return "table";
        } else if (value instanceof LuaFunction) {
            return "function";
        }
        return LuaState.typeName(value);
    }

    /** luaL_error: the message with the position of the Lua code that called the library function. */
    static LuaError error(LuaState state, String message) {
        return state.error(message);
    }

    /** luaL_argerror: {@code bad argument #n to 'name' (extra)}. */
    static LuaError argError(LuaState state, int n, String function, String extra) {
        return error(state, "bad argument #" + n + " to '" + function + "' (" + extra + ")");
    }

    static LuaError typeError(LuaState state, Object[] args, int i, String function, String expected) {
        return argError(state, i + 1, function, expected + " expected, got " + typeName(args, i));
    }

    /** luaL_checknumber: a number, or a string that converts to one. */
    static double checkNumber(LuaState state, Object[] args, int i, String function) {
        Object value = arg(args, i);
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof LuaString) {
            Object n = state.tonumber(value);
            if (n instanceof Double d) {
                return d;
            }
        }
        throw typeError(state, args, i, function, "number");
    }

    /** luaL_checkinteger: the number truncated toward zero (lua_Integer is ptrdiff_t). */
    static long checkInteger(LuaState state, Object[] args, int i, String function) {
        return (long) checkNumber(state, args, i, function);
    }

    static long optInteger(LuaState state, Object[] args, int i, String function, long fallback) {
        Object value = arg(args, i);
        return value == null ? fallback : checkInteger(state, args, i, function);
    }

    /** luaL_checklstring: a string, or a number converted to its text. */
    static byte[] checkString(LuaState state, Object[] args, int i, String function) {
        Object value = arg(args, i);
        if (value instanceof LuaString s) {
            return s.unsafeBytes();
        }
        if (value instanceof Double) {
            return state.tostring(value).getBytes(StandardCharsets.ISO_8859_1);
        }
        throw typeError(state, args, i, function, "string");
    }

    /** A light userdata value (cjson.null): only equal to itself. */
    static final class LightUserdata {
        private final String name;

        LightUserdata(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
