package io.github.primkit.server.internal.lua;

/** {@code not enough memory}: a script went past its memory limit; {@code pcall} cannot catch it. */
public class LuaMemoryError extends LuaError {
    private static final long serialVersionUID = 1L;

    public LuaMemoryError() {
        super(LuaString.of("not enough memory"));
    }

    @Override
    public boolean catchable() {
        return false;
    }
}
