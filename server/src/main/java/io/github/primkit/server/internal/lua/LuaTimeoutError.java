package io.github.primkit.server.internal.lua;

/** Raised when a script runs past its deadline or its interrupt check says stop; {@code pcall} cannot catch it. */
public class LuaTimeoutError extends LuaError {
    private static final long serialVersionUID = 1L;

    public LuaTimeoutError(Object value) {
        super(value);
    }

    @Override
    public boolean catchable() {
        return false;
    }
}
