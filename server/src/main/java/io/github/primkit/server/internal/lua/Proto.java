package io.github.primkit.server.internal.lua;

/** A compiled Lua function: its body as executable nodes, its frame layout and where its upvalues come from. */
final class Proto {
    final String chunk;
    /** The chunk's name as given to load (string.dump writes it). */
    String source;
    final int line;
    /** The line of the function's {@code end} (0 for a main chunk). */
    int lastLine;
    int nparams;
    boolean vararg;
    int nslots;
    /** The slot of a vararg function's local {@code arg} (LUA_COMPAT_VARARG), or -1. */
    int argSlot = -1;
    boolean argCaptured;
    /** Whether {@code arg} holds the extra arguments: the function's body never uses {@code ...}. */
    boolean needsArg;
    /** For each parameter, whether a closure captures it (then its slot holds a {@link Cell}). */
    boolean[] paramCaptured;
    /** For each upvalue: from the enclosing frame's slot (true) or the enclosing closure's upvalue (false). */
    boolean[] upFromSlot;
    int[] upIndex;
    String[] upNames;
    Interp.Block body;
    String name = "?";

    Proto(String chunk, int line) {
        this.chunk = chunk;
        this.line = line;
    }
}
