package io.github.primkit.server.internal.lua;

final class TableLib {
    private TableLib() {
    }

    static void install(LuaState st) {
    }
}
