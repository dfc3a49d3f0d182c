package io.github.primkit.server.internal.lua;

/**
 * A Lua error carrying its Lua value (usually a {@link LuaString} already prefixed with {@code chunk:line:}).
 * Stack traces are not filled in: errors are part of normal control flow ({@code pcall}) and may be raised at
 * the bottom of a deep stack.
 */
public class LuaError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object value;

    public LuaError(Object value) {
        super(null, null, false, false);
        this.value = value;
    }

    /** The Lua error value (what {@code pcall} returns). */
    public Object value() {
        return value;
    }

    /** Lua's {@code tostring} of the value. */
    @Override
    public String getMessage() {
        return LuaState.tostringStatic(value);
    }

    /** Whether {@code pcall} may catch this error (time and memory limits cannot be caught). */
    public boolean catchable() {
        return true;
    }
}
