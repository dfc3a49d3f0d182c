package io.github.primkit.server.internal.lua;

/** A compiled Lua function: its body as executable nodes, its frame layout and where its upvalues come from. */
final class Proto {
    final String chunk;
    final int line;
    int nparams;
    boolean vararg;
    int nslots;
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
