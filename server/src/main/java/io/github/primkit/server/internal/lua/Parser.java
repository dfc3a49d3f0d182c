package io.github.primkit.server.internal.lua;

import static io.github.primkit.server.internal.lua.Lexer.AND;
import static io.github.primkit.server.internal.lua.Lexer.BREAK;
import static io.github.primkit.server.internal.lua.Lexer.CONCAT;
import static io.github.primkit.server.internal.lua.Lexer.DO;
import static io.github.primkit.server.internal.lua.Lexer.DOTS;
import static io.github.primkit.server.internal.lua.Lexer.ELSE;
import static io.github.primkit.server.internal.lua.Lexer.ELSEIF;
import static io.github.primkit.server.internal.lua.Lexer.END;
import static io.github.primkit.server.internal.lua.Lexer.EOS;
import static io.github.primkit.server.internal.lua.Lexer.EQ;
import static io.github.primkit.server.internal.lua.Lexer.FALSE;
import static io.github.primkit.server.internal.lua.Lexer.FOR;
import static io.github.primkit.server.internal.lua.Lexer.FUNCTION;
import static io.github.primkit.server.internal.lua.Lexer.GE;
import static io.github.primkit.server.internal.lua.Lexer.IF;
import static io.github.primkit.server.internal.lua.Lexer.IN;
import static io.github.primkit.server.internal.lua.Lexer.LE;
import static io.github.primkit.server.internal.lua.Lexer.LOCAL;
import static io.github.primkit.server.internal.lua.Lexer.NAME;
import static io.github.primkit.server.internal.lua.Lexer.NE;
import static io.github.primkit.server.internal.lua.Lexer.NIL;
import static io.github.primkit.server.internal.lua.Lexer.NOT;
import static io.github.primkit.server.internal.lua.Lexer.NUMBER;
import static io.github.primkit.server.internal.lua.Lexer.OR;
import static io.github.primkit.server.internal.lua.Lexer.REPEAT;
import static io.github.primkit.server.internal.lua.Lexer.RETURN;
import static io.github.primkit.server.internal.lua.Lexer.STRING;
import static io.github.primkit.server.internal.lua.Lexer.THEN;
import static io.github.primkit.server.internal.lua.Lexer.TRUE;
import static io.github.primkit.server.internal.lua.Lexer.UNTIL;
import static io.github.primkit.server.internal.lua.Lexer.WHILE;

import io.github.primkit.server.internal.lua.Interp.Block;
import io.github.primkit.server.internal.lua.Interp.Call;
import io.github.primkit.server.internal.lua.Interp.Expr;
import io.github.primkit.server.internal.lua.Interp.Stat;
import io.github.primkit.server.internal.lua.Interp.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * Lua 5.1's recursive-descent parser (lparser.c's grammar, limits and messages), compiling straight to
 * {@link Interp} nodes: locals are resolved to frame slots, and a local a closure refers to is marked captured
 * so that its slot holds a {@link Cell}.
 */
final class Parser {
    static final int MAX_VARS = 200;
    static final int MAX_UPVALUES = 60;
    static final int MAX_LEVELS = 200;

    /** A declared local. */
    static final class VarInfo {
        final String name;
        final int slot;
        boolean captured;

        VarInfo(String name, int slot) {
            this.name = name;
            this.slot = slot;
        }
    }

    private static final class FuncState {
        final FuncState parent;
        final Proto proto;
        final List<VarInfo> actives = new ArrayList<>();
        final List<String> upNames = new ArrayList<>();
        final List<Boolean> upFromSlot = new ArrayList<>();
        final List<Integer> upIndex = new ArrayList<>();
        int maxSlots;
        int loops;
        int totalVars;

        FuncState(FuncState parent, Proto proto) {
            this.parent = parent;
            this.proto = proto;
        }
    }

    private final Lexer lx;
    private FuncState fs;
    private int levels;
    private String sourceName;

    private Parser(Lexer lx) {
        this.lx = lx;
    }

    /** Compiles a chunk to the prototype of its main function (a vararg function of no parameters). */
    static Proto parse(byte[] source, String chunk) {
        return parse(source, chunk, "=" + chunk);
    }

    /** {@code sourceName}: the name as given to load ({@code @user_script}); {@code chunk} its luaO_chunkid. */
    static Proto parse(byte[] source, String chunk, String sourceName) {
        return parse(new Lexer(source, chunk), chunk, sourceName);
    }

    static Proto parse(Lexer lx, String chunk, String sourceName) {
        Parser p = new Parser(lx);
        p.sourceName = sourceName;
        Proto main = new Proto(chunk, 0);
        main.source = sourceName;
        main.name = "main chunk";
        p.fs = new FuncState(null, main);
        main.vararg = true;
        main.paramCaptured = new boolean[0];
        lx.advance();
        Block b = p.block();
        if (lx.token != EOS) {
            throw lx.syntaxError("'<eof>' expected");
        }
        p.close(p.fs, b);
        return main;
    }

    private void close(FuncState f, Block body) {
        Proto p = f.proto;
        p.body = body;
        p.nslots = f.maxSlots;
        int n = f.upNames.size();
        p.upFromSlot = new boolean[n];
        p.upIndex = new int[n];
        p.upNames = f.upNames.toArray(new String[0]);
        for (int i = 0; i < n; i++) {
            p.upFromSlot[i] = f.upFromSlot.get(i);
            p.upIndex[i] = f.upIndex.get(i);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private LuaError errorExpected(int token) {
        return lx.syntaxError("'" + Lexer.token2str(token) + "' expected");
    }

    private void check(int token) {
        if (lx.token != token) {
            throw errorExpected(token);
        }
    }

    private void checkNext(int token) {
        check(token);
        lx.advance();
    }

    private boolean testNext(int token) {
        if (lx.token == token) {
            lx.advance();
            return true;
        }
        return false;
    }

    private void checkMatch(int what, int who, int where) {
        if (!testNext(what)) {
            if (where == lx.line) {
                throw errorExpected(what);
            }
            throw lx.syntaxError("'" + Lexer.token2str(what) + "' expected (to close '" + Lexer.token2str(who)
                    + "' at line " + where + ")");
        }
    }

    private String checkName() {
        check(NAME);
        String s = lx.strValue.latin1();
        lx.advance();
        return s;
    }

    private void enterLevel() {
        if (++levels > MAX_LEVELS) {
            throw lx.lexError("chunk has too many syntax levels", 0);
        }
    }

    private void leaveLevel() {
        levels--;
    }

    private LuaError limitError(int limit, String what) {
        String where = fs.proto.line == 0 ? "main function" : "function at line " + fs.proto.line;
        return lx.lexError(where + " has more than " + limit + " " + what, 0);
    }

    private VarInfo declareLocal(String name) {
        if (fs.actives.size() + 1 > MAX_VARS) {
            throw limitError(MAX_VARS, "local variables");
        }
        VarInfo v = new VarInfo(name, fs.actives.size());
        return v;
    }

    private void activate(VarInfo v) {
        fs.actives.add(v);
        fs.maxSlots = Math.max(fs.maxSlots, fs.actives.size());
    }

    private static boolean blockFollow(int t) {
        return t == ELSE || t == ELSEIF || t == END || t == EOS || t == UNTIL;
    }

    // ---------------------------------------------------------------------------------------------- names

    private Expr singleVar(String name) {
        Expr e = resolve(fs, name, true);
        if (e == null) {
            Interp.GlobalGet g = new Interp.GlobalGet(LuaString.latin1(name));
            g.line = lx.lastLine;
            return g;
        }
        e.line = lx.lastLine;
        return e;
    }

    /** A local or upvalue named {@code name} visible in {@code f}, or null for a global. */
    private Expr resolve(FuncState f, String name, boolean base) {
        for (int i = f.actives.size() - 1; i >= 0; i--) {
            VarInfo v = f.actives.get(i);
            if (v.name.equals(name)) {
                if (!base) {
                    v.captured = true;
                }
                return new Interp.LocalGet(v.slot, name);
            }
        }
        int up = upvalueIndex(f, name);
        return up < 0 ? null : new Interp.UpvalGet(up, name);
    }

    private int upvalueIndex(FuncState f, String name) {
        for (int i = 0; i < f.upNames.size(); i++) {
            if (f.upNames.get(i).equals(name)) {
                return i;
            }
        }
        if (f.parent == null) {
            return -1;
        }
        Expr outer = resolve(f.parent, name, false);
        if (outer == null) {
            return -1;
        }
        if (f.upNames.size() + 1 > MAX_UPVALUES) {
            FuncState saved = fs;
            fs = f;
            try {
                throw limitError(MAX_UPVALUES, "upvalues");
            } finally {
                fs = saved;
            }
        }
        f.upNames.add(name);
        if (outer instanceof Interp.LocalGet l) {
            f.upFromSlot.add(true);
            f.upIndex.add(l.slot);
        } else {
            f.upFromSlot.add(false);
            f.upIndex.add(((Interp.UpvalGet) outer).index);
        }
        return f.upNames.size() - 1;
    }

    // ---------------------------------------------------------------------------------------------- statements

    private Block block() {
        int saved = fs.actives.size();
        List<Stat> stats = new ArrayList<>();
        boolean last = false;
        while (!last && !blockFollow(lx.token)) {
            int t = lx.token;
            last = t == RETURN || t == BREAK;
            Stat s = statement();
            if (s != null) {
                stats.add(s);
            }
            testNext(';');
        }
        truncate(saved);
        return new Block(stats.toArray(new Stat[0]));
    }

    private void truncate(int n) {
        List<VarInfo> a = fs.actives;
        while (a.size() > n) {
            a.remove(a.size() - 1);
        }
    }

    private Stat statement() {
        int line = lx.line;
        Stat s;
        switch (lx.token) {
            case IF -> s = ifStat(line);
            case WHILE -> {
                lx.advance();
                Expr cond = expr();
                checkNext(DO);
                Block body = loopBlock();
                checkMatch(END, WHILE, line);
                s = new Interp.While(cond, body);
            }
            case DO -> {
                lx.advance();
                Block b = block();
                checkMatch(END, DO, line);
                s = new Interp.Do(b);
            }
            case FOR -> s = forStat(line);
            case REPEAT -> s = repeatStat(line);
            case FUNCTION -> s = funcStat(line);
            case LOCAL -> {
                lx.advance();
                if (testNext(FUNCTION)) {
                    s = localFunction();
                } else {
                    s = localStat();
                }
            }
            case RETURN -> s = retStat();
            case BREAK -> {
                lx.advance();
                if (fs.loops == 0) {
                    throw lx.syntaxError("no loop to break");
                }
                s = new Interp.Break();
            }
            default -> s = exprStat();
        }
        s.line = line;
        return s;
    }

    private Block loopBlock() {
        fs.loops++;
        try {
            return block();
        } finally {
            fs.loops--;
        }
    }

    private Stat ifStat(int line) {
        List<Expr> conds = new ArrayList<>();
        List<Block> blocks = new ArrayList<>();
        lx.advance();
        conds.add(expr());
        checkNext(THEN);
        blocks.add(block());
        Block orElse = null;
        while (lx.token == ELSEIF) {
            lx.advance();
            conds.add(expr());
            checkNext(THEN);
            blocks.add(block());
        }
        if (testNext(ELSE)) {
            orElse = block();
        }
        checkMatch(END, IF, line);
        return new Interp.If(conds.toArray(new Expr[0]), blocks.toArray(new Block[0]), orElse);
    }

    private Stat repeatStat(int line) {
        lx.advance();
        int saved = fs.actives.size();
        fs.loops++;
        List<Stat> stats = new ArrayList<>();
        boolean last = false;
        while (!last && !blockFollow(lx.token)) {
            int t = lx.token;
            last = t == RETURN || t == BREAK;
            Stat s = statement();
            stats.add(s);
            testNext(';');
        }
        fs.loops--;
        checkMatch(UNTIL, REPEAT, line);
        Expr cond = expr(); // sees the body's locals
        truncate(saved);
        return new Interp.Repeat(new Block(stats.toArray(new Stat[0])), cond);
    }

    private Stat forStat(int line) {
        lx.advance();
        String n1 = checkName();
        int saved = fs.actives.size();
        Stat s;
        switch (lx.token) {
            case '=' -> {
                lx.advance();
                Expr start = expr();
                checkNext(',');
                Expr limit = expr();
                Expr step = testNext(',') ? expr() : null;
                checkNext(DO);
                VarInfo v = declareLocal(n1);
                activate(v);
                Block body = loopBlock();
                s = new Interp.NumericFor(v.slot, v, start, limit, step, body);
            }
            case ',', IN -> {
                List<String> names = new ArrayList<>();
                names.add(n1);
                while (testNext(',')) {
                    names.add(checkName());
                }
                checkNext(IN);
                int eline = lx.line;
                Expr[] exprs = exprList();
                checkNext(DO);
                VarInfo[] vars = new VarInfo[names.size()];
                int[] slots = new int[vars.length];
                for (int i = 0; i < vars.length; i++) {
                    vars[i] = declareLocal(names.get(i));
                    activate(vars[i]);
                    slots[i] = vars[i].slot;
                }
                Block body = loopBlock();
                s = new Interp.GenericFor(slots, vars, exprs, body);
                s.line = eline;
            }
            default -> throw lx.syntaxError("'=' or 'in' expected");
        }
        checkMatch(END, FOR, line);
        truncate(saved);
        return s;
    }

    private Stat funcStat(int line) {
        lx.advance();
        // funcname: NAME {'.' NAME} [':' NAME]
        String n = checkName();
        Expr obj = singleVar(n);
        String fullName = n;
        Target target = null;
        boolean method = false;
        Expr keyObj = obj;
        LuaString key = null;
        while (lx.token == '.') {
            lx.advance();
            String k = checkName();
            if (key != null) {
                keyObj = new Interp.IndexStr(keyObj, key);
                keyObj.line = line;
            }
            key = LuaString.latin1(k);
            fullName = k;
        }
        if (lx.token == ':') {
            lx.advance();
            String k = checkName();
            if (key != null) {
                keyObj = new Interp.IndexStr(keyObj, key);
                keyObj.line = line;
            }
            key = LuaString.latin1(k);
            fullName = k;
            method = true;
        }
        if (key == null) {
            target = toTarget(obj);
        } else {
            target = new Interp.IndexTarget(keyObj, new Interp.Const(key));
        }
        target.line = line;
        Interp.Function fn = body(method, line, fullName);
        return new Interp.Assign(target, fn);
    }

    private Stat localFunction() {
        String name = checkName();
        VarInfo v = declareLocal(name);
        activate(v);
        Interp.Function fn = body(false, lx.line, name);
        return new Interp.LocalFunction(v.slot, v, fn);
    }

    private Stat localStat() {
        List<String> names = new ArrayList<>();
        do {
            names.add(checkName());
        } while (testNext(','));
        Expr[] exprs = testNext('=') ? exprList() : new Expr[0];
        VarInfo[] vars = new VarInfo[names.size()];
        int[] slots = new int[vars.length];
        for (int i = 0; i < vars.length; i++) {
            if (fs.actives.size() + i + 1 > MAX_VARS) {
                throw limitError(MAX_VARS, "local variables");
            }
            vars[i] = new VarInfo(names.get(i), fs.actives.size() + i);
            slots[i] = vars[i].slot;
        }
        for (VarInfo v : vars) {
            activate(v);
        }
        return new Interp.Local(slots, vars, exprs);
    }

    private Stat retStat() {
        lx.advance();
        Expr[] exprs;
        if (blockFollow(lx.token) || lx.token == ';') {
            exprs = new Expr[0];
        } else {
            exprs = exprList();
            if (exprs.length == 1 && exprs[0] instanceof Call c) {
                return new Interp.TailCall(c);
            }
        }
        return new Interp.Return(exprs);
    }

    private Stat exprStat() {
        Expr e = suffixedExp();
        if (e instanceof Call) {
            return new Interp.ExprStat(e);
        }
        List<Target> targets = new ArrayList<>();
        targets.add(toTarget(e));
        while (testNext(',')) {
            Expr e2 = suffixedExp();
            targets.add(toTarget(e2));
        }
        int line = lx.line;
        checkNext('=');
        Expr[] exprs = exprList();
        for (Target t : targets) {
            t.line = line;
        }
        if (targets.size() == 1 && exprs.length == 1) {
            Expr v = exprs[0];
            if (v.isMulti()) {
                v = new Interp.Paren(v);
            }
            Stat s = new Interp.Assign(targets.get(0), v);
            return s;
        }
        return new Interp.MultiAssign(targets.toArray(new Target[0]), exprs);
    }

    private Target toTarget(Expr e) {
        Target t;
        if (e instanceof Interp.LocalGet l) {
            t = new Interp.LocalTarget(l.slot);
        } else if (e instanceof Interp.UpvalGet u) {
            t = new Interp.UpvalTarget(u.index);
        } else if (e instanceof Interp.GlobalGet g) {
            t = new Interp.GlobalTarget(g.name);
        } else if (e instanceof Interp.Index i) {
            t = new Interp.IndexTarget(i.obj, i.key);
        } else if (e instanceof Interp.IndexStr i) {
            t = new Interp.IndexTarget(i.obj, new Interp.Const(i.key));
        } else {
            throw lx.syntaxError("syntax error");
        }
        t.line = e.line;
        return t;
    }

    // ---------------------------------------------------------------------------------------------- functions

    private Interp.Function body(boolean method, int line, String name) {
        Proto p = new Proto(lx.chunk, line);
        p.source = sourceName;
        p.name = name;
        FuncState nfs = new FuncState(fs, p);
        fs = nfs;
        try {
            checkNext('(');
            List<String> params = new ArrayList<>();
            if (method) {
                params.add("self");
            }
            if (lx.token != ')') {
                do {
                    if (lx.token == NAME) {
                        params.add(checkName());
                    } else if (lx.token == DOTS) {
                        lx.advance();
                        p.vararg = true;
                        break;
                    } else {
                        throw lx.syntaxError("<name> or '...' expected");
                    }
                } while (testNext(','));
            }
            VarInfo[] vars = new VarInfo[params.size()];
            for (int i = 0; i < vars.length; i++) {
                vars[i] = declareLocal(params.get(i));
                activate(vars[i]);
            }
            // LUA_COMPAT_VARARG: a vararg function has a local 'arg' after its parameters, holding
            // {n = count, ...} when the function's own body never uses '...' (nil otherwise)
            VarInfo arg = null;
            if (p.vararg) {
                arg = declareLocal("arg");
                activate(arg);
                p.needsArg = true;
            }
            checkNext(')');
            Block b = block();
            p.lastLine = lx.line;
            checkMatch(END, FUNCTION, line);
            p.nparams = vars.length;
            p.paramCaptured = new boolean[vars.length];
            for (int i = 0; i < vars.length; i++) {
                p.paramCaptured[i] = vars[i].captured;
            }
            if (arg != null) {
                p.argSlot = arg.slot;
                p.argCaptured = arg.captured;
            }
            close(nfs, b);
        } finally {
            fs = nfs.parent;
        }
        Interp.Function f = new Interp.Function(p);
        f.line = line;
        return f;
    }

    // ---------------------------------------------------------------------------------------------- expressions

    private Expr[] exprList() {
        List<Expr> l = new ArrayList<>();
        l.add(expr());
        while (testNext(',')) {
            l.add(expr());
        }
        return l.toArray(new Expr[0]);
    }

    private Expr primaryExp() {
        switch (lx.token) {
            case NAME -> {
                String n = checkName();
                return singleVar(n);
            }
            case '(' -> {
                int line = lx.line;
                lx.advance();
                Expr e = expr();
                checkMatch(')', '(', line);
                Expr p = new Interp.Paren(e);
                p.line = e.line;
                return p;
            }
            default -> throw lx.syntaxError("unexpected symbol");
        }
    }

    private Expr suffixedExp() {
        Expr e = primaryExp();
        while (true) {
            switch (lx.token) {
                case '.' -> {
                    lx.advance();
                    String k = checkName();
                    e = new Interp.IndexStr(e, LuaString.latin1(k));
                    e.line = lx.lastLine;
                }
                case '[' -> {
                    lx.advance();
                    Expr k = expr();
                    checkNext(']');
                    Object c = k.constant();
                    if (c instanceof LuaString s) {
                        e = new Interp.IndexStr(e, s);
                    } else {
                        e = new Interp.Index(e, k);
                    }
                    e.line = lx.lastLine;
                }
                case ':' -> {
                    lx.advance();
                    String m = checkName();
                    int line = lx.line;
                    Expr[] args = callArgs(e.line);
                    e = new Interp.MethodCall(e, LuaString.latin1(m), args);
                    e.line = line;
                }
                case '(', STRING, '{' -> {
                    int line = lx.line;
                    Expr[] args = callArgs(e.line);
                    e = new Interp.Call(e, args);
                    e.line = line;
                }
                default -> {
                    return e;
                }
            }
        }
    }

    private Expr[] callArgs(int prefixLine) {
        switch (lx.token) {
            case '(' -> {
                int line = lx.line;
                if (line != lx.lastLine) {
                    throw lx.syntaxError("ambiguous syntax (function call x new statement)");
                }
                lx.advance();
                Expr[] args = lx.token == ')' ? new Expr[0] : exprList();
                checkMatch(')', '(', line);
                return args;
            }
            case '{' -> {
                return new Expr[] {constructor()};
            }
            case STRING -> {
                Expr s = new Interp.Const(lx.strValue);
                lx.advance();
                return new Expr[] {s};
            }
            default -> throw lx.syntaxError("function arguments expected");
        }
    }

    private Expr constructor() {
        int line = lx.line;
        checkNext('{');
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        do {
            if (lx.token == '}') {
                break;
            }
            if (lx.token == NAME && lx.lookahead() == '=') {
                String k = checkName();
                lx.advance(); // '='
                keys.add(new Interp.Const(LuaString.latin1(k)));
                values.add(expr());
            } else if (lx.token == '[') {
                lx.advance();
                Expr k = expr();
                checkNext(']');
                checkNext('=');
                keys.add(k);
                values.add(expr());
            } else {
                keys.add(null);
                values.add(expr());
            }
        } while (testNext(',') || testNext(';'));
        checkMatch('}', '{', line);
        Expr e = new Interp.TableCons(keys.toArray(new Expr[0]), values.toArray(new Expr[0]));
        e.line = line;
        return e;
    }

    private Expr simpleExp() {
        Expr e;
        switch (lx.token) {
            case NUMBER -> e = new Interp.Const(lx.numValue);
            case STRING -> e = new Interp.Const(lx.strValue);
            case NIL -> e = new Interp.Const(null);
            case TRUE -> e = new Interp.Const(Boolean.TRUE);
            case FALSE -> e = new Interp.Const(Boolean.FALSE);
            case DOTS -> {
                if (!fs.proto.vararg) {
                    throw lx.syntaxError("cannot use '...' outside a vararg function");
                }
                fs.proto.needsArg = false;
                e = new Interp.Vararg();
            }
            case '{' -> {
                return constructor();
            }
            case FUNCTION -> {
                int line = lx.line;
                lx.advance();
                return body(false, line, "?");
            }
            default -> {
                return suffixedExp();
            }
        }
        e.line = lx.line;
        lx.advance();
        return e;
    }

    private static int leftPriority(int op) {
        return switch (op) {
            case '+', '-' -> 6;
            case '*', '/', '%' -> 7;
            case '^' -> 10;
            case CONCAT -> 5;
            case EQ, NE, '<', LE, '>', GE -> 3;
            case AND -> 2;
            case OR -> 1;
            default -> -1;
        };
    }

    private static int rightPriority(int op) {
        return switch (op) {
            case '^' -> 9;
            case CONCAT -> 4;
            default -> leftPriority(op);
        };
    }

    private static final int UNARY_PRIORITY = 8;

    private Expr expr() {
        return subExpr(0);
    }

    private Expr subExpr(int limit) {
        enterLevel();
        Expr e;
        int t = lx.token;
        if (t == NOT || t == '-' || t == '#') {
            int line = lx.line;
            lx.advance();
            Expr a = subExpr(UNARY_PRIORITY);
            e = unary(t, a);
            e.line = line;
        } else {
            e = simpleExp();
        }
        int op = lx.token;
        while (leftPriority(op) > limit) {
            lx.advance();
            Expr b = subExpr(rightPriority(op));
            e = binary(op, e, b);
            e.line = lx.lastLine;
            op = lx.token;
        }
        leaveLevel();
        return e;
    }

    private static Expr unary(int op, Expr a) {
        switch (op) {
            case NOT -> {
                return new Interp.Not(a);
            }
            case '-' -> {
                if (a.constant() instanceof Double d) {
                    return new Interp.Const(-d);
                }
                return new Interp.Neg(a);
            }
            default -> {
                return new Interp.Len(a);
            }
        }
    }

    private static Expr binary(int op, Expr a, Expr b) {
        switch (op) {
            case '+', '-', '*', '/', '%', '^' -> {
                int code = switch (op) {
                    case '+' -> LuaState.ADD;
                    case '-' -> LuaState.SUB;
                    case '*' -> LuaState.MUL;
                    case '/' -> LuaState.DIV;
                    case '%' -> LuaState.MOD;
                    default -> LuaState.POW;
                };
                if (a.constant() instanceof Double x && b.constant() instanceof Double y
                        && !((op == '/' || op == '%') && y == 0)) {
                    double r = LuaState.arith(code, x, y);
                    if (!Double.isNaN(r)) {
                        return new Interp.Const(r);
                    }
                }
                return switch (op) {
                    case '+' -> new Interp.Add(a, b);
                    case '-' -> new Interp.Sub(a, b);
                    case '*' -> new Interp.Mul(a, b);
                    case '/' -> new Interp.Div(a, b);
                    default -> new Interp.Arith(code, a, b);
                };
            }
            case CONCAT -> {
                List<Expr> parts = new ArrayList<>();
                parts.add(a);
                if (b instanceof Interp.Concat c) {
                    for (Expr p : c.parts) {
                        parts.add(p);
                    }
                } else {
                    parts.add(b);
                }
                return new Interp.Concat(parts.toArray(new Expr[0]));
            }
            case EQ -> {
                return new Interp.Eq(a, b, false);
            }
            case NE -> {
                return new Interp.Eq(a, b, true);
            }
            case '<' -> {
                return new Interp.Less(a, b, false, false);
            }
            case LE -> {
                return new Interp.Less(a, b, true, false);
            }
            case '>' -> {
                return new Interp.Less(a, b, false, true);
            }
            case GE -> {
                return new Interp.Less(a, b, true, true);
            }
            case AND -> {
                return new Interp.And(a, b);
            }
            default -> {
                return new Interp.Or(a, b);
            }
        }
    }
}
