package io.github.primkit.server.internal.lua;

final class StringLib {
    private StringLib() {
    }

    static void install(LuaState st) {
    }
}
