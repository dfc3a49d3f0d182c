package io.github.primkit.server.internal.lua;

/** The activation of a Lua function: slots for its locals, its varargs, and what it returns. */
final class Frame {
    final Object[] slots;
    final LuaClosure closure;
    final LuaState state;
    Object[] varargs = LuaFunction.NONE;
    /** The line being executed (set at calls), for error positions of the functions it calls. */
    int line;
    /** The call being made (set with {@link #line}), naming the callee in 'bad argument' messages. */
    Interp.Call callSite;
    Object[] ret = LuaFunction.NONE;
    /** A pending tail call, set by {@code return f(args)}. */
    Object tailFn;
    Object[] tailArgs;

    Frame(LuaClosure closure, LuaState state) {
        this.closure = closure;
        this.state = state;
        this.slots = new Object[closure.proto.nslots];
    }
}
