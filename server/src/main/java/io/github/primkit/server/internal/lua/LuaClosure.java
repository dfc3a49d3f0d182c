package io.github.primkit.server.internal.lua;

/** A Lua function value: a compiled {@link Proto} with its upvalue cells and environment. */
final class LuaClosure extends LuaFunction {
    final Proto proto;
    final Cell[] upvals;
    LuaTable env;

    LuaClosure(Proto proto, Cell[] upvals, LuaTable env) {
        this.proto = proto;
        this.upvals = upvals;
        this.env = env;
    }

    @Override
    public String name() {
        return proto.name;
    }

    @Override
    public Object[] call(LuaState state, Object[] args) {
        LuaClosure cl = this;
        state.enter();
        try {
            while (true) {
                Proto p = cl.proto;
                Frame f = new Frame(cl, state);
                Object[] slots = f.slots;
                int np = p.nparams;
                int na = args.length;
                boolean[] captured = p.paramCaptured;
                for (int i = 0; i < np; i++) {
                    Object v = i < na ? args[i] : null;
                    slots[i] = captured[i] ? new Cell(v) : v;
                }
                if (p.vararg && na > np) {
                    Object[] va = new Object[na - np];
                    System.arraycopy(args, np, va, 0, va.length);
                    f.varargs = va;
                }
                f.line = p.line;
                state.push(f);
                try {
                    p.body.exec(f);
                } finally {
                    state.pop();
                }
                Object fn = f.tailFn;
                if (fn == null) {
                    return f.ret;
                }
                args = f.tailArgs;
                cl = (LuaClosure) fn;
                state.tick();
            }
        } finally {
            state.leave();
        }
    }
}
