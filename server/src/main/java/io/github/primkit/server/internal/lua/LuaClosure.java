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

    private static final LuaString N = LuaString.of("n");

    /** LUA_COMPAT_VARARG's {@code arg}: the extra arguments and their count {@code n}. */
    private static LuaTable argTable(LuaState state, Object[] args, int np) {
        int n = Math.max(0, args.length - np);
        state.charge(64 + 16L * n);
        LuaTable t = new LuaTable(n, 1);
        for (int i = 0; i < n; i++) {
            t.rawset(i + 1, args[np + i]);
        }
        t.rawset(N, (double) n);
        return t;
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
                if (p.vararg) {
                    if (p.needsArg) {
                        Object t = argTable(state, args, np);
                        slots[p.argSlot] = p.argCaptured ? new Cell(t) : t;
                    } else {
                        if (p.argSlot >= 0 && p.argCaptured) {
                            slots[p.argSlot] = new Cell(null);
                        }
                        if (na > np) {
                            Object[] va = new Object[na - np];
                            System.arraycopy(args, np, va, 0, va.length);
                            f.varargs = va;
                        }
                    }
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
