package io.github.primkit.server.internal.lua;

final class MathLib {
    private MathLib() {
    }

    static void install(LuaState st) {
    }
}
