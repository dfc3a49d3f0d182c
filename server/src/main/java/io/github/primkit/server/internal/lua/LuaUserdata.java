package io.github.primkit.server.internal.lua;

/**
 * A full userdata with no payload, as {@code newproxy} makes it: a value of type {@code userdata}, equal only to
 * itself (or through {@code __eq}), with an optional metatable that Lua code can read but not replace.
 */
public final class LuaUserdata {
    LuaTable metatable;

    LuaUserdata(LuaTable metatable) {
        this.metatable = metatable;
    }

    public LuaTable getMetatable() {
        return metatable;
    }
}
