package io.github.primkit.server.internal.lua;

/**
 * The executable nodes a chunk compiles to. Expressions evaluate to one value ({@link Expr#eval}) or, for calls and
 * {@code ...}, to all their values ({@link Expr#evalMulti}); statements return {@link #NORMAL}, {@link #BREAK} or
 * {@link #RETURN}. Locals live in frame slots; a local captured by a closure lives in a {@link Cell} in its slot.
 * Fast paths for numbers and plain tables are inline; everything else goes through {@link LuaState}'s slow paths,
 * which apply metamethods and raise Lua's errors.
 */
final class Interp {
    static final int NORMAL = 0;
    static final int BREAK = 1;
    static final int RETURN = 2;

    private Interp() {
    }

    // ---------------------------------------------------------------------------------------------- expressions

    abstract static class Expr {
        int line;

        abstract Object eval(Frame f);

        /** All values of a multi-valued expression (a call or {@code ...}); one value for the others. */
        Object[] evalMulti(Frame f) {
            return new Object[] {eval(f)};
        }

        boolean isMulti() {
            return false;
        }

        /** Lua's variable info for error messages ({@code global 'x'}), or null. */
        String describe() {
            return null;
        }

        /** A constant's value, for folding; {@link #NOT_CONST} when not constant. */
        Object constant() {
            return NOT_CONST;
        }
    }

    static final Object NOT_CONST = new Object();

    static final class Const extends Expr {
        final Object value;

        Const(Object value) {
            this.value = value;
        }

        @Override
        Object eval(Frame f) {
            return value;
        }

        @Override
        Object constant() {
            return value;
        }
    }

    static final class LocalGet extends Expr {
        final int slot;
        final String name;

        LocalGet(int slot, String name) {
            this.slot = slot;
            this.name = name;
        }

        @Override
        Object eval(Frame f) {
            Object o = f.slots[slot];
            return o instanceof Cell c ? c.v : o;
        }

        @Override
        String describe() {
            return "local '" + name + "'";
        }
    }

    static final class UpvalGet extends Expr {
        final int index;
        final String name;

        UpvalGet(int index, String name) {
            this.index = index;
            this.name = name;
        }

        @Override
        Object eval(Frame f) {
            return f.closure.upvals[index].v;
        }

        @Override
        String describe() {
            return "upvalue '" + name + "'";
        }
    }

    static final class GlobalGet extends Expr {
        final LuaString name;

        final LuaTable.Site[] memo = new LuaTable.Site[1];

        GlobalGet(LuaString name) {
            this.name = name;
        }

        @Override
        Object eval(Frame f) {
            LuaTable env = f.closure.env;
            Object v = env.getStr(name, memo);
            if (v == null && env.metatable != null) {
                f.line = line;
                return f.state.index(env, name, this, line);
            }
            return v;
        }

        @Override
        String describe() {
            return "global '" + name.latin1() + "'";
        }
    }

    static final class Vararg extends Expr {
        @Override
        Object eval(Frame f) {
            Object[] v = f.varargs;
            return v.length > 0 ? v[0] : null;
        }

        @Override
        Object[] evalMulti(Frame f) {
            return f.varargs;
        }

        @Override
        boolean isMulti() {
            return true;
        }
    }

    /** {@code (e)}: one value. */
    static final class Paren extends Expr {
        final Expr e;

        Paren(Expr e) {
            this.e = e;
        }

        @Override
        Object eval(Frame f) {
            return e.eval(f);
        }
    }

    static final class Index extends Expr {
        final Expr obj;
        final Expr key;

        Index(Expr obj, Expr key) {
            this.obj = obj;
            this.key = key;
        }

        @Override
        Object eval(Frame f) {
            Object o = obj.eval(f);
            Object k = key.eval(f);
            if (o instanceof LuaTable t) {
                Object v = t.rawget(k);
                if (v != null || t.metatable == null) {
                    return v;
                }
            }
            f.line = line;
            return f.state.index(o, k, obj, line);
        }

        @Override
        String describe() {
            Object k = key.constant();
            return k instanceof LuaString s ? "field '" + s.latin1() + "'" : "field '?'";
        }
    }

    static final class IndexStr extends Expr {
        final Expr obj;
        final LuaString key;

        final LuaTable.Site[] memo = new LuaTable.Site[1];

        IndexStr(Expr obj, LuaString key) {
            this.obj = obj;
            this.key = key;
        }

        @Override
        Object eval(Frame f) {
            Object o = obj.eval(f);
            if (o instanceof LuaTable t) {
                Object v = t.getStr(key, memo);
                if (v != null || t.metatable == null) {
                    return v;
                }
            }
            f.line = line;
            return f.state.index(o, key, obj, line);
        }

        @Override
        String describe() {
            return "field '" + key.latin1() + "'";
        }
    }

    static class Call extends Expr {
        final Expr fn;
        final Expr[] args;
        final boolean lastMulti;

        Call(Expr fn, Expr[] args) {
            this.fn = fn;
            this.args = args;
            this.lastMulti = args.length > 0 && args[args.length - 1].isMulti();
        }

        @Override
        final Object eval(Frame f) {
            Object[] r = evalMulti(f);
            return r.length > 0 ? r[0] : null;
        }

        @Override
        Object[] evalMulti(Frame f) {
            Object fv = fn.eval(f);
            Object[] a = evalArgs(f, args, lastMulti, null);
            f.line = line;
            f.callSite = this;
            if (fv instanceof LuaFunction lf) {
                return lf.call(f.state, a);
            }
            return f.state.callMeta(fv, a, fn, f);
        }

        @Override
        final boolean isMulti() {
            return true;
        }

        /** The callee's name as Lua's getfuncname finds it, or null. */
        String calleeName() {
            Expr e = fn;
            while (e instanceof Paren p) {
                e = p.e;
            }
            if (e instanceof GlobalGet g) {
                return g.name.latin1();
            } else if (e instanceof LocalGet l) {
                return l.name;
            } else if (e instanceof UpvalGet u) {
                return u.name;
            } else if (e instanceof IndexStr i) {
                return i.key.latin1();
            } else if (e instanceof Index i && i.key.constant() instanceof LuaString k) {
                return k.latin1();
            }
            return null;
        }

        boolean isMethod() {
            return false;
        }
    }

    static final class MethodCall extends Call {
        final LuaString method;

        final LuaTable.Site[] memo = new LuaTable.Site[1];

        MethodCall(Expr obj, LuaString method, Expr[] args) {
            super(obj, args);
            this.method = method;
        }

        @Override
        Object[] evalMulti(Frame f) {
            Object o = fn.eval(f);
            Object m;
            if (o instanceof LuaTable t && ((m = t.getStr(method, memo)) != null || t.metatable == null)) {
                // found raw
            } else {
                f.line = line;
                m = f.state.index(o, method, fn, line);
            }
            Object[] a = evalArgs(f, args, lastMulti, o);
            f.line = line;
            f.callSite = this;
            if (m instanceof LuaFunction lf) {
                return lf.call(f.state, a);
            }
            return f.state.callMeta(m, a, new MethodName(method), f);
        }

        @Override
        String calleeName() {
            return method.latin1();
        }

        @Override
        boolean isMethod() {
            return true;
        }
    }

    /** Names a method in an 'attempt to call' error. */
    static final class MethodName extends Expr {
        final LuaString name;

        MethodName(LuaString name) {
            this.name = name;
        }

        @Override
        Object eval(Frame f) {
            throw new IllegalStateException();
        }

        @Override
        String describe() {
            return "method '" + name.latin1() + "'";
        }
    }

    static Object[] evalArgs(Frame f, Expr[] args, boolean lastMulti, Object self) {
        int n = args.length;
        int off = self == null ? 0 : 1;
        if (!lastMulti) {
            if (n + off == 0) {
                return LuaFunction.NONE;
            }
            Object[] a = new Object[n + off];
            if (off == 1) {
                a[0] = self;
            }
            for (int i = 0; i < n; i++) {
                a[i + off] = args[i].eval(f);
            }
            return a;
        }
        Object[] first = new Object[n - 1 + off];
        if (off == 1) {
            first[0] = self;
        }
        for (int i = 0; i < n - 1; i++) {
            first[i + off] = args[i].eval(f);
        }
        Object[] rest = args[n - 1].evalMulti(f);
        if (first.length == 0) {
            return rest;
        }
        Object[] a = new Object[first.length + rest.length];
        System.arraycopy(first, 0, a, 0, first.length);
        System.arraycopy(rest, 0, a, first.length, rest.length);
        return a;
    }

    static final class Function extends Expr {
        final Proto proto;

        Function(Proto proto) {
            this.proto = proto;
        }

        @Override
        Object eval(Frame f) {
            Proto p = proto;
            int n = p.upIndex.length;
            Cell[] up = new Cell[n];
            for (int i = 0; i < n; i++) {
                up[i] = p.upFromSlot[i] ? (Cell) f.slots[p.upIndex[i]] : f.closure.upvals[p.upIndex[i]];
            }
            return new LuaClosure(p, up, f.closure.env);
        }
    }

    static final class And extends Expr {
        final Expr a;
        final Expr b;

        And(Expr a, Expr b) {
            this.a = a;
            this.b = b;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            return x == null || x == Boolean.FALSE ? x : b.eval(f);
        }
    }

    static final class Or extends Expr {
        final Expr a;
        final Expr b;

        Or(Expr a, Expr b) {
            this.a = a;
            this.b = b;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            return x == null || x == Boolean.FALSE ? b.eval(f) : x;
        }
    }

    static final class Not extends Expr {
        final Expr a;

        Not(Expr a) {
            this.a = a;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            return x == null || x == Boolean.FALSE ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    static final class Neg extends Expr {
        final Expr a;

        Neg(Expr a) {
            this.a = a;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            if (x instanceof Double d) {
                return -d;
            }
            f.line = line;
            return f.state.arith(LuaState.UNM, x, x, a, a, line);
        }
    }

    static final class Len extends Expr {
        final Expr a;

        Len(Expr a) {
            this.a = a;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            if (x instanceof LuaTable t) {
                return (double) t.length();
            }
            if (x instanceof LuaString s) {
                return (double) s.length();
            }
            f.line = line;
            return f.state.len(x, a, line);
        }
    }

    abstract static class Bin extends Expr {
        final Expr a;
        final Expr b;

        Bin(Expr a, Expr b) {
            this.a = a;
            this.b = b;
        }
    }

    static final class Arith extends Bin {
        final int op;

        Arith(int op, Expr a, Expr b) {
            super(a, b);
            this.op = op;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (x instanceof Double p && y instanceof Double q) {
                return LuaState.arith(op, p, q);
            }
            f.line = line;
            return f.state.arith(op, x, y, a, b, line);
        }
    }

    static final class Add extends Bin {
        Add(Expr a, Expr b) {
            super(a, b);
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (x instanceof Double p && y instanceof Double q) {
                return p + q;
            }
            f.line = line;
            return f.state.arith(LuaState.ADD, x, y, a, b, line);
        }
    }

    static final class Sub extends Bin {
        Sub(Expr a, Expr b) {
            super(a, b);
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (x instanceof Double p && y instanceof Double q) {
                return p - q;
            }
            f.line = line;
            return f.state.arith(LuaState.SUB, x, y, a, b, line);
        }
    }

    static final class Mul extends Bin {
        Mul(Expr a, Expr b) {
            super(a, b);
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (x instanceof Double p && y instanceof Double q) {
                return p * q;
            }
            f.line = line;
            return f.state.arith(LuaState.MUL, x, y, a, b, line);
        }
    }

    static final class Div extends Bin {
        Div(Expr a, Expr b) {
            super(a, b);
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (x instanceof Double p && y instanceof Double q) {
                return p / q;
            }
            f.line = line;
            return f.state.arith(LuaState.DIV, x, y, a, b, line);
        }
    }

    static final class Concat extends Expr {
        final Expr[] parts;

        Concat(Expr[] parts) {
            this.parts = parts;
        }

        @Override
        Object eval(Frame f) {
            int n = parts.length;
            Object[] v = new Object[n];
            for (int i = 0; i < n; i++) {
                v[i] = parts[i].eval(f);
            }
            f.line = line;
            return f.state.concat(v, parts, line);
        }
    }

    static final class Eq extends Bin {
        final boolean negate;

        Eq(Expr a, Expr b, boolean negate) {
            super(a, b);
            this.negate = negate;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            boolean r;
            if (x == y) {
                r = !(x instanceof Double d && d.isNaN());
            } else if (x instanceof Double p) {
                r = y instanceof Double q && p.doubleValue() == q.doubleValue();
            } else if (x instanceof LuaString s) {
                r = s.equals(y);
            } else if (x instanceof LuaTable && y instanceof LuaTable) {
                f.line = line;
                r = f.state.eqMeta(x, y);
            } else {
                r = x != null && !(x instanceof Boolean) && f.state.eqOther(x, y);
            }
            return r != negate ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    /** {@code a < b}, {@code a <= b}; {@code swap} for {@code >} and {@code >=} (evaluated left to right). */
    static final class Less extends Bin {
        final boolean orEqual;
        final boolean swap;

        Less(Expr a, Expr b, boolean orEqual, boolean swap) {
            super(a, b);
            this.orEqual = orEqual;
            this.swap = swap;
        }

        @Override
        Object eval(Frame f) {
            Object x = a.eval(f);
            Object y = b.eval(f);
            if (swap) {
                Object t = x;
                x = y;
                y = t;
            }
            if (x instanceof Double p && y instanceof Double q) {
                return (orEqual ? p <= q : p < q) ? Boolean.TRUE : Boolean.FALSE;
            }
            f.line = line;
            return (orEqual ? f.state.le(x, y) : f.state.lt(x, y)) ? Boolean.TRUE : Boolean.FALSE;
        }
    }

    static final class TableCons extends Expr {
        /** Field keys in source order; null for a positional item. */
        final Expr[] keys;
        final Expr[] values;
        final int npos;
        final boolean lastMulti;

        TableCons(Expr[] keys, Expr[] values) {
            this.keys = keys;
            this.values = values;
            int n = 0;
            for (Expr k : keys) {
                if (k == null) {
                    n++;
                }
            }
            npos = n;
            int last = values.length - 1;
            this.lastMulti = last >= 0 && keys[last] == null && values[last].isMulti();
        }

        @Override
        Object eval(Frame f) {
            LuaState st = f.state;
            int n = values.length;
            LuaTable t = new LuaTable(npos, n - npos);
            t.asize = npos;
            long grown = 8L * n + 64;
            Object[] pos = npos == 0 ? null : new Object[npos];
            int p = 0;
            Object[] rest = null;
            for (int i = 0; i < n; i++) {
                Expr ke = keys[i];
                if (ke == null) {
                    if (i == n - 1 && lastMulti) {
                        rest = values[i].evalMulti(f);
                    } else {
                        pos[p++] = values[i].eval(f);
                    }
                    continue;
                }
                Object k = ke.eval(f);
                Object v = values[i].eval(f);
                if (k == null || (k instanceof Double d && d.isNaN())) {
                    f.line = line;
                    throw st.rtError(line, k == null ? "table index is nil" : "table index is NaN");
                }
                grown += t.put(k, v);
            }
            grown += t.setPositional(pos, p);
            if (rest != null) {
                for (int j = 0; j < rest.length; j++) {
                    grown += t.put((double) (p + 1 + j), rest[j]);
                }
            }
            st.charge(grown);
            return t;
        }
    }

    // ---------------------------------------------------------------------------------------------- statements

    abstract static class Stat {
        int line;

        abstract int exec(Frame f);
    }

    static final class Block extends Stat {
        final Stat[] stats;

        Block(Stat[] stats) {
            this.stats = stats;
        }

        @Override
        int exec(Frame f) {
            for (Stat s : stats) {
                int r = s.exec(f);
                if (r != NORMAL) {
                    return r;
                }
            }
            return NORMAL;
        }
    }

    static final class ExprStat extends Stat {
        final Expr call;

        ExprStat(Expr call) {
            this.call = call;
        }

        @Override
        int exec(Frame f) {
            call.evalMulti(f);
            return NORMAL;
        }
    }

    static final class Local extends Stat {
        final int[] slots;
        final Parser.VarInfo[] vars;
        final Expr[] exprs;

        Local(int[] slots, Parser.VarInfo[] vars, Expr[] exprs) {
            this.slots = slots;
            this.vars = vars;
            this.exprs = exprs;
        }

        @Override
        int exec(Frame f) {
            Object[] s = f.slots;
            if (slots.length == 1 && exprs.length == 1) {
                Object v = exprs[0].eval(f);
                s[slots[0]] = vars[0].captured ? new Cell(v) : v;
                return NORMAL;
            }
            Object[] vals = evalList(f, exprs, slots.length);
            for (int i = 0; i < slots.length; i++) {
                s[slots[i]] = vars[i].captured ? new Cell(vals[i]) : vals[i];
            }
            return NORMAL;
        }
    }

    /** {@code local function f}: the local exists (as nil) before the closure captures it. */
    static final class LocalFunction extends Stat {
        final int slot;
        final Parser.VarInfo var;
        final Function fn;

        LocalFunction(int slot, Parser.VarInfo var, Function fn) {
            this.slot = slot;
            this.var = var;
            this.fn = fn;
        }

        @Override
        int exec(Frame f) {
            if (var.captured) {
                Cell c = new Cell(null);
                f.slots[slot] = c;
                c.v = fn.eval(f);
            } else {
                f.slots[slot] = fn.eval(f);
            }
            return NORMAL;
        }
    }

    /** Evaluates an expression list adjusted to {@code want} values (extra evaluated and dropped). */
    static Object[] evalList(Frame f, Expr[] exprs, int want) {
        Object[] out = new Object[want];
        int n = exprs.length;
        for (int i = 0; i < n; i++) {
            Expr e = exprs[i];
            if (i == n - 1 && e.isMulti()) {
                Object[] r = e.evalMulti(f);
                for (int j = 0; i + j < want && j < r.length; j++) {
                    out[i + j] = r[j];
                }
            } else {
                Object v = e.eval(f);
                if (i < want) {
                    out[i] = v;
                }
            }
        }
        return out;
    }

    /** An assignable place. */
    abstract static class Target {
        int line;

        /** Evaluates the table and key parts (before the right-hand side is assigned). */
        Object[] prepare(Frame f) {
            return null;
        }

        abstract void assign(Frame f, Object[] prepared, Object value);
    }

    static final class LocalTarget extends Target {
        final int slot;

        LocalTarget(int slot) {
            this.slot = slot;
        }

        @Override
        void assign(Frame f, Object[] prepared, Object value) {
            Object[] s = f.slots;
            if (s[slot] instanceof Cell c) {
                c.v = value;
            } else {
                s[slot] = value;
            }
        }
    }

    static final class UpvalTarget extends Target {
        final int index;

        UpvalTarget(int index) {
            this.index = index;
        }

        @Override
        void assign(Frame f, Object[] prepared, Object value) {
            f.closure.upvals[index].v = value;
        }
    }

    static final class GlobalTarget extends Target {
        final LuaString name;

        GlobalTarget(LuaString name) {
            this.name = name;
        }

        @Override
        void assign(Frame f, Object[] prepared, Object value) {
            LuaTable env = f.closure.env;
            f.line = line;
            if (env.metatable == null && !env.readonly) {
                f.state.charge(env.put(name, value));
            } else {
                f.state.setIndex(env, name, value, null, line);
            }
        }
    }

    static final class IndexTarget extends Target {
        final Expr obj;
        final Expr key;

        IndexTarget(Expr obj, Expr key) {
            this.obj = obj;
            this.key = key;
        }

        @Override
        Object[] prepare(Frame f) {
            return new Object[] {obj.eval(f), key.eval(f)};
        }

        @Override
        void assign(Frame f, Object[] p, Object value) {
            f.line = line;
            set(f, p[0], p[1], value);
        }

        void set(Frame f, Object o, Object k, Object value) {
            if (o instanceof LuaTable t && t.metatable == null && !t.readonly) {
                if (k == null || (k instanceof Double d && d.isNaN())) {
                    throw f.state.rtError(line, k == null ? "table index is nil" : "table index is NaN");
                }
                long g = t.put(k, value);
                if (g != 0) {
                    f.state.charge(g);
                }
                return;
            }
            f.state.setIndex(o, k, value, obj, line);
        }
    }

    static final class Assign extends Stat {
        final Target target;
        final Expr value;

        Assign(Target target, Expr value) {
            this.target = target;
            this.value = value;
        }

        @Override
        int exec(Frame f) {
            Target t = target;
            if (t instanceof IndexTarget it) {
                Object o = it.obj.eval(f);
                Object k = it.key.eval(f);
                Object v = value.eval(f);
                f.line = line;
                it.set(f, o, k, v);
            } else {
                t.assign(f, null, value.eval(f));
            }
            return NORMAL;
        }
    }

    static final class MultiAssign extends Stat {
        final Target[] targets;
        final Expr[] exprs;

        MultiAssign(Target[] targets, Expr[] exprs) {
            this.targets = targets;
            this.exprs = exprs;
        }

        @Override
        int exec(Frame f) {
            int n = targets.length;
            Object[][] prepared = new Object[n][];
            for (int i = 0; i < n; i++) {
                prepared[i] = targets[i].prepare(f);
            }
            Object[] vals = evalList(f, exprs, n);
            for (int i = n - 1; i >= 0; i--) {
                targets[i].assign(f, prepared[i], vals[i]);
            }
            return NORMAL;
        }
    }

    static final class Do extends Stat {
        final Block body;

        Do(Block body) {
            this.body = body;
        }

        @Override
        int exec(Frame f) {
            return body.exec(f);
        }
    }

    static boolean truthy(Object o) {
        return o != null && o != Boolean.FALSE;
    }

    static final class While extends Stat {
        final Expr cond;
        final Block body;

        While(Expr cond, Block body) {
            this.cond = cond;
            this.body = body;
        }

        @Override
        int exec(Frame f) {
            LuaState st = f.state;
            while (truthy(cond.eval(f))) {
                int r = body.exec(f);
                if (r != NORMAL) {
                    if (r == BREAK) {
                        break;
                    }
                    return r;
                }
                if (--st.budget <= 0) {
                    st.checkLimits();
                }
            }
            return NORMAL;
        }
    }

    static final class Repeat extends Stat {
        final Block body;
        final Expr cond;

        Repeat(Block body, Expr cond) {
            this.body = body;
            this.cond = cond;
        }

        @Override
        int exec(Frame f) {
            LuaState st = f.state;
            while (true) {
                int r = body.exec(f);
                if (r != NORMAL) {
                    if (r == BREAK) {
                        break;
                    }
                    return r;
                }
                if (truthy(cond.eval(f))) {
                    break;
                }
                if (--st.budget <= 0) {
                    st.checkLimits();
                }
            }
            return NORMAL;
        }
    }

    static final class If extends Stat {
        final Expr[] conds;
        final Block[] blocks;
        final Block orElse;

        If(Expr[] conds, Block[] blocks, Block orElse) {
            this.conds = conds;
            this.blocks = blocks;
            this.orElse = orElse;
        }

        @Override
        int exec(Frame f) {
            for (int i = 0; i < conds.length; i++) {
                if (truthy(conds[i].eval(f))) {
                    return blocks[i].exec(f);
                }
            }
            return orElse == null ? NORMAL : orElse.exec(f);
        }
    }

    static final class NumericFor extends Stat {
        final int slot;
        final Parser.VarInfo var;
        final Expr start;
        final Expr limit;
        final Expr step;
        final Block body;

        NumericFor(int slot, Parser.VarInfo var, Expr start, Expr limit, Expr step, Block body) {
            this.slot = slot;
            this.var = var;
            this.start = start;
            this.limit = limit;
            this.step = step;
            this.body = body;
        }

        @Override
        int exec(Frame f) {
            LuaState st = f.state;
            Double s0 = st.forNumber(start.eval(f), "initial value", line);
            Double l0 = st.forNumber(limit.eval(f), "limit", line);
            Double p0 = step == null ? 1.0 : st.forNumber(step.eval(f), "step", line);
            double i = s0;
            double lim = l0;
            double stp = p0;
            boolean captured = var.captured;
            Object[] slots = f.slots;
            while (stp > 0 ? i <= lim : i >= lim) {
                Double v = i;
                slots[slot] = captured ? new Cell(v) : v;
                int r = body.exec(f);
                if (r != NORMAL) {
                    if (r == BREAK) {
                        break;
                    }
                    return r;
                }
                if (--st.budget <= 0) {
                    st.checkLimits();
                }
                i += stp;
            }
            return NORMAL;
        }
    }

    static final class GenericFor extends Stat {
        final int[] slots;
        final Parser.VarInfo[] vars;
        final Expr[] exprs;
        final Block body;

        GenericFor(int[] slots, Parser.VarInfo[] vars, Expr[] exprs, Block body) {
            this.slots = slots;
            this.vars = vars;
            this.exprs = exprs;
            this.body = body;
        }

        @Override
        int exec(Frame f) {
            LuaState st = f.state;
            Object[] init = evalList(f, exprs, 3);
            Object fn = init[0];
            Object state = init[1];
            Object control = init[2];
            Object[] s = f.slots;
            int nv = slots.length;
            if (fn == st.nextFn && state instanceof LuaTable t) {
                // pairs(): iterate the table directly
                while (true) {
                    Object[] kv = t.next(control);
                    if (kv == null) {
                        break;
                    }
                    control = kv[0];
                    for (int i = 0; i < nv; i++) {
                        Object v = i < 2 ? kv[i] : null;
                        s[slots[i]] = vars[i].captured ? new Cell(v) : v;
                    }
                    int r = body.exec(f);
                    if (r != NORMAL) {
                        if (r == BREAK) {
                            break;
                        }
                        return r;
                    }
                    if (--st.budget <= 0) {
                        st.checkLimits();
                    }
                }
                return NORMAL;
            }
            while (true) {
                Object[] r0;
                f.line = line;
                f.callSite = null;
                st.enterC(line); // OP_TFORLOOP calls the iterator through luaD_call
                if (fn instanceof LuaFunction lf) {
                    r0 = lf.call(st, new Object[] {state, control});
                } else {
                    r0 = st.callMeta(fn, new Object[] {state, control}, null, f);
                }
                st.nCcalls--;
                Object first = r0.length > 0 ? r0[0] : null;
                if (first == null) {
                    break;
                }
                control = first;
                for (int i = 0; i < nv; i++) {
                    Object v = i < r0.length ? r0[i] : null;
                    s[slots[i]] = vars[i].captured ? new Cell(v) : v;
                }
                int r = body.exec(f);
                if (r != NORMAL) {
                    if (r == BREAK) {
                        break;
                    }
                    return r;
                }
                if (--st.budget <= 0) {
                    st.checkLimits();
                }
            }
            return NORMAL;
        }
    }

    static final class Break extends Stat {
        @Override
        int exec(Frame f) {
            return BREAK;
        }
    }

    static final class Return extends Stat {
        final Expr[] exprs;

        Return(Expr[] exprs) {
            this.exprs = exprs;
        }

        @Override
        int exec(Frame f) {
            Expr[] e = exprs;
            int n = e.length;
            if (n == 1) {
                Expr x = e[0];
                if (x.isMulti()) {
                    f.ret = x.evalMulti(f);
                } else {
                    f.ret = new Object[] {x.eval(f)};
                }
            } else if (n == 0) {
                f.ret = LuaFunction.NONE;
            } else {
                f.ret = evalArgs(f, e, e[n - 1].isMulti(), null);
            }
            return RETURN;
        }
    }

    /** {@code return f(args)}: a proper tail call, run by the caller's trampoline in {@link LuaClosure#call}. */
    static final class TailCall extends Stat {
        final Call call;

        TailCall(Call call) {
            this.call = call;
        }

        @Override
        int exec(Frame f) {
            Call c = call;
            Object fv;
            Object[] a;
            Expr named;
            if (c instanceof MethodCall mc) {
                Object o = mc.fn.eval(f);
                f.line = line;
                fv = f.state.index(o, mc.method, mc.fn, line);
                a = evalArgs(f, mc.args, mc.lastMulti, o);
                named = new MethodName(mc.method);
            } else {
                fv = c.fn.eval(f);
                a = evalArgs(f, c.args, c.lastMulti, null);
                named = c.fn;
            }
            f.line = line;
            f.callSite = c;
            if (fv instanceof LuaClosure) {
                f.tailFn = fv;
                f.tailArgs = a;
            } else if (fv instanceof LuaFunction lf) {
                // a Java function runs at once, its caller's frame still current (as Lua's OP_TAILCALL does)
                f.ret = lf.call(f.state, a);
            } else {
                f.ret = f.state.callMeta(fv, a, named, f);
            }
            return RETURN;
        }
    }
}
