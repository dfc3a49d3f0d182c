package io.github.primkit.server.internal.lua;

import java.nio.charset.StandardCharsets;

/**
 * One Lua interpreter: its globals, the string metatable, the limits a script runs under, and the runtime's slow
 * paths (metamethods, coercions, Lua's error messages). Not thread-safe: one thread runs it at a time.
 *
 * <p>Limits. A budget counter is decremented at every call and loop back-edge; each time it runs out (every
 * {@link #CHECK_INTERVAL} ticks) the deadline and the interrupt check run, and may stop the script with a
 * {@link LuaTimeoutError}, which {@code pcall} cannot catch. Strings and tables charge their approximate size to a
 * memory counter; past the limit (confirmed against the heap's real growth) a {@link LuaMemoryError} is raised,
 * which {@code pcall} cannot catch either.
 *
 * <p>Call depth. Lua calls nest at most {@link #MAX_CALLS} deep per coroutine (Lua 5.1's LUAI_MAXCALLS) and calls
 * into Lua made from library functions and metamethods at most {@link #MAX_C_CALLS} deep (LUAI_MAXCCALLS), with Lua's
 * {@code stack overflow} and {@code C stack overflow} errors; that needs a large thread stack, so the full limits
 * apply on threads started through {@link #onLargeStack} (the server's event loop) and a smaller call depth that fits
 * a default 1 MB stack elsewhere ({@link #setMaxCallDepth} overrides both). A JVM {@link StackOverflowError} is
 * turned into Lua's {@code stack overflow} error all the same.
 *
 * <p>Coroutines ({@link LuaCoroutine}) run on threads of their own, handing control back and forth so that one thread
 * runs at a time; {@link #closeCoroutines()} ends the threads of those left suspended.
 */
public final class LuaState {
    static final int ADD = 0, SUB = 1, MUL = 2, DIV = 3, MOD = 4, POW = 5, UNM = 6;
    private static final String[] EVENTS = {"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm"};
    static final LuaString INDEX = LuaString.of("__index");
    static final LuaString NEWINDEX = LuaString.of("__newindex");
    static final LuaString CALL = LuaString.of("__call");
    static final LuaString EQ = LuaString.of("__eq");
    static final LuaString LT = LuaString.of("__lt");
    static final LuaString LE = LuaString.of("__le");
    static final LuaString CONCAT = LuaString.of("__concat");
    static final LuaString LEN = LuaString.of("__len");
    static final LuaString TOSTRING = LuaString.of("__tostring");
    static final LuaString METATABLE = LuaString.of("__metatable");
    private static final LuaString[] EVENT_STRINGS = new LuaString[EVENTS.length];

    static {
        for (int i = 0; i < EVENTS.length; i++) {
            EVENT_STRINGS[i] = LuaString.of(EVENTS[i]);
        }
    }

    /** Budget ticks between two checks of the deadline and the interrupt hook. */
    public static final int CHECK_INTERVAL = 10_000;

    private final LuaTable globals = new LuaTable();
    LuaTable stringMeta;
    /** The base library's {@code next}, which generic {@code for} iterates inline. */
    LuaFunction nextFn;
    /** math.random's generator. */
    RandomSource random = RandomSource.lua();
    /** Where {@code print} writes (null: nowhere). */
    Appendable output;

    /** Lua 5.1's LUAI_MAXCALLS: how deep Lua calls may nest in one coroutine. */
    public static final int MAX_CALLS = 20_000;
    /** Lua 5.1's LUAI_MAXCCALLS: how deep calls into Lua from library functions and metamethods may nest. */
    public static final int MAX_C_CALLS = 200;
    /** The thread stack {@link #MAX_CALLS} needs with room to spare: reserved address space, committed as used. */
    public static final long LARGE_STACK_BYTES = 512L << 20;
    /** The call depth used on other threads: fits a default 1 MB stack (measured ~700 to ~1300 levels per MB). */
    static final int SMALL_STACK_DEPTH = 400;
    /** At most this many coroutine threads alive at once (each suspended coroutine holds one). */
    public static final int MAX_LIVE_COROUTINES = 1000;
    private static final ThreadLocal<Boolean> LARGE_STACK = new ThreadLocal<>();

    // call stack of the running coroutine (Lua frames; null marks a call made from Java)
    private Frame[] frames = new Frame[32];
    private int top;
    private int depth;
    /** Calls into Lua from Java code and metamethods in progress (Lua 5.1's nCcalls). */
    int nCcalls;
    /** The coroutine running now; null for the main one. */
    private LuaCoroutine current;
    /** Coroutines holding a worker thread (started, not dead). */
    private final java.util.ArrayList<LuaCoroutine> live = new java.util.ArrayList<>();
    /** Worker threads of coroutines that ended, ready for the next one. */
    private final java.util.ArrayList<LuaCoroutine.Worker> idleWorkers = new java.util.ArrayList<>();
    /** Set by {@link #setMaxCallDepth}; 0 picks by the calling thread's stack. */
    private int maxDepthSetting;
    private int maxDepth = SMALL_STACK_DEPTH;

    int budget = CHECK_INTERVAL;
    private long deadline;
    private boolean hasDeadline;
    private Runnable interruptCheck;
    private long memoryLimit = Long.MAX_VALUE;
    private long charged;
    private long heapBaseline;

    public LuaState() {
    }

    /** The global table. */
    public LuaTable globals() {
        return globals;
    }

    /** Installs base, table, string, math and os (only {@code os.clock}): the libraries Redis loads. */
    public LuaState openLibraries() {
        BaseLib.install(this);
        CoroutineLib.install(this);
        TableLib.install(this);
        StringLib.install(this);
        MathLib.install(this);
        LuaTable os = new LuaTable();
        // C's clock(): CPU time used; here the running thread's (wall time where the JVM cannot tell)
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        long start = System.nanoTime();
        os.rawset(LuaString.of("clock"), LuaFunction.of("clock", (s, a) -> new Object[] {
            cpu ? threads.getCurrentThreadCpuTime() / 1e9 : (System.nanoTime() - start) / 1e9}));
        globals.rawset(LuaString.of("os"), os);
        return this;
    }

    /** Replaces math.random's generator (the scripting layer plugs Redis's). */
    public void setRandomSource(RandomSource source) {
        this.random = source;
    }

    public RandomSource randomSource() {
        return random;
    }

    /** Where {@code print} writes; null (the default) discards its output. */
    public void setOutput(Appendable out) {
        this.output = out;
    }

    /** The metatable shared by all strings (its {@code __index} is the string library). */
    public LuaTable stringMetatable() {
        return stringMeta;
    }

    // ---------------------------------------------------------------------------------------------- limits

    /** Stops the running script with a {@link LuaTimeoutError} once {@link System#nanoTime()} passes this. */
    public void setDeadline(long nanoTime) {
        this.deadline = nanoTime;
        this.hasDeadline = true;
    }

    public void clearDeadline() {
        this.hasDeadline = false;
    }

    /**
     * A hook run every {@link #CHECK_INTERVAL} calls and loop iterations; it may throw a {@link LuaTimeoutError}
     * (or any {@link LuaError} that {@code pcall} cannot catch) to stop the script. Null removes it.
     */
    public void setInterruptCheck(Runnable check) {
        this.interruptCheck = check;
    }

    /**
     * Bounds the approximate bytes a script may allocate for strings and tables (cumulative, confirmed against the
     * heap's growth since the limit was set before failing). Resets the counter.
     */
    public void setMemoryLimit(long bytes) {
        this.memoryLimit = bytes <= 0 ? Long.MAX_VALUE : bytes;
        resetMemory();
    }

    /** Restarts memory accounting (the scripting layer calls this before each script). */
    public void resetMemory() {
        charged = 0;
        Runtime rt = Runtime.getRuntime();
        heapBaseline = rt.totalMemory() - rt.freeMemory();
    }

    /**
     * Lua calls may nest this deep (in each coroutine) before Lua's {@code stack overflow} error; 0 (the default)
     * means {@link #MAX_CALLS} on a thread started through {@link #onLargeStack}, {@link #SMALL_STACK_DEPTH} on others.
     */
    public void setMaxCallDepth(int depth) {
        this.maxDepthSetting = Math.max(0, depth);
        this.maxDepth = depth > 0 ? depth : SMALL_STACK_DEPTH;
    }

    /**
     * Wraps the body of a thread created with a stack of {@link #LARGE_STACK_BYTES}: Lua states called on it get Lua
     * 5.1's full call depth.
     */
    public static Runnable onLargeStack(Runnable body) {
        return () -> {
            LARGE_STACK.set(Boolean.TRUE);
            body.run();
        };
    }

    /**
     * The stack size for coroutine threads: when the call depth needs a large stack, a quarter of the event loop's
     * (20,000 nested calls took under 16 MB in measurements); else the JVM's default.
     */
    long coroutineStackBytes() {
        return maxDepth > SMALL_STACK_DEPTH ? LARGE_STACK_BYTES / 4 : 0;
    }

    /** The approximate bytes charged since the last reset. */
    public long memoryCharged() {
        return charged;
    }

    void checkLimits() {
        budget = CHECK_INTERVAL;
        if (hasDeadline && System.nanoTime() - deadline > 0) {
            throw new LuaTimeoutError(LuaString.of("Script killed: execution time limit exceeded"));
        }
        Runnable r = interruptCheck;
        if (r != null) {
            r.run();
        }
    }

    void tick() {
        if (--budget <= 0) {
            checkLimits();
        }
    }

    /** Charges {@code bytes} of allocation; raises {@code not enough memory} past the limit. */
    void charge(long bytes) {
        if ((charged += bytes) > memoryLimit) {
            overLimit(bytes);
        }
    }

    /**
     * The counter passed the limit. It counts allocations, not what is still reachable, so confirm against the heap:
     * fine while the heap grew less than the limit since the script started (after a full collection if it looks
     * bigger); an error past it, or when the heap is nearly full whatever the baseline.
     */
    private void overLimit(long bytes) {
        if (bytes > memoryLimit) {
            charged = 0;
            throw new LuaMemoryError();
        }
        Runtime rt = Runtime.getRuntime();
        long grown = rt.totalMemory() - rt.freeMemory() - heapBaseline;
        if (grown > memoryLimit) {
            System.gc();
            long used = rt.totalMemory() - rt.freeMemory();
            grown = used - heapBaseline;
            if (grown > memoryLimit || used > rt.maxMemory() / 100 * 85) {
                charged = 0;
                throw new LuaMemoryError();
            }
        }
        charged = Math.min(Math.max(grown, 0), memoryLimit / 4 * 3);
    }

    /** Checks, before allocating, that a string of {@code n} bytes fits in the memory limit. */
    void checkAlloc(long n) {
        if (n > memoryLimit || n > Integer.MAX_VALUE - 16) {
            throw new LuaMemoryError();
        }
        charge(n + 24);
    }

    // ---------------------------------------------------------------------------------------------- calls

    void enter() {
        if (depth >= maxDepth) {
            throw rtError(currentLine(), "stack overflow");
        }
        depth++;
        if (--budget <= 0) {
            checkLimits();
        }
    }

    void leave() {
        depth--;
    }

    void push(Frame f) {
        if (top == frames.length) {
            Frame[] n = new Frame[top * 2];
            System.arraycopy(frames, 0, n, 0, top);
            frames = n;
        }
        frames[top++] = f;
    }

    void pop() {
        frames[--top] = null;
    }

    private int currentLine() {
        Frame f = top > 0 ? frames[top - 1] : null;
        return f == null ? -1 : f.line;
    }

    /**
     * Compiles a chunk. {@code chunkName} follows Lua: {@code @user_script} or {@code =user_script} name it
     * {@code user_script} in messages; any other string is shown as {@code [string "..."]}. Syntax errors are thrown
     * as {@link LuaError} with Lua's message.
     */
    public LuaFunction load(byte[] source, String chunkName) {
        return load(source, chunkName, globals);
    }

    /** {@link #load(byte[], String)} whose functions see {@code env} as their global table. */
    public LuaFunction load(byte[] source, String chunkName, LuaTable env) {
        Proto p = Parser.parse(source, chunkId(chunkName), chunkName);
        return new LuaClosure(p, new Cell[0], env);
    }

    /**
     * lua_load with a reader: compiles the pieces {@code reader} returns as the parser asks for them (so a syntax
     * error stops reading, as in Lua); syntax errors and errors the reader raises are thrown as {@link LuaError}.
     */
    LuaFunction load(java.util.function.Supplier<byte[]> reader, String chunkName, LuaTable env) {
        String id = chunkId(chunkName);
        Proto p = Parser.parse(new Lexer(new byte[0], reader, id), id, chunkName);
        return new LuaClosure(p, new Cell[0], env);
    }

    /** luaO_chunkid. */
    static String chunkId(String source) {
        int nul = source.indexOf('\0');
        if (nul >= 0) {
            source = source.substring(0, nul); // a C string
        }
        // LUA_IDSIZE is 80 in Redis's Lua (and Debian's lua5.1)
        if (source.startsWith("=")) {
            return source.substring(1, Math.min(source.length(), 80));
        }
        if (source.startsWith("@")) {
            String file = source.substring(1);
            int max = 80 - 8;
            return file.length() > max ? "..." + file.substring(file.length() - max) : file;
        }
        int len = 0;
        while (len < source.length() && source.charAt(len) != '\n' && source.charAt(len) != '\r') {
            len++;
        }
        int max = 80 - 17;
        if (len > max) {
            len = max;
        }
        if (len < source.length()) {
            return "[string \"" + source.substring(0, len) + "...\"]";
        }
        return "[string \"" + source + "\"]";
    }

    /**
     * Calls {@code f} from Java. A JVM stack overflow inside becomes Lua's {@code stack overflow} error.
     */
    public Object[] call(LuaFunction f, Object... args) {
        if (top == 0 && current == null && maxDepthSetting == 0) {
            maxDepth = LARGE_STACK.get() != null ? MAX_CALLS : SMALL_STACK_DEPTH;
        }
        push(null);
        int savedTop = top;
        int savedDepth = depth;
        int savedCcalls = nCcalls;
        nCcalls++; // lua_pcall from C
        try {
            return f.call(this, args);
        } catch (StackOverflowError e) {
            top = savedTop;
            depth = savedDepth;
            throw new LuaError(LuaString.of("stack overflow"));
        } finally {
            while (top >= savedTop) {
                frames[--top] = null;
            }
            depth = savedDepth;
            nCcalls = savedCcalls;
        }
    }

    // ---------------------------------------------------------------------------------------------- coroutines

    /** coroutine.create. */
    LuaCoroutine newCoroutine(LuaFunction body) {
        charge(1024);
        return new LuaCoroutine(this, body);
    }

    /** The running coroutine, or null in the main one. */
    LuaCoroutine running() {
        return current;
    }

    /** The status {@code coroutine.status} reports. */
    String status(LuaCoroutine co) {
        return co == current ? "running" : co.statusName();
    }

    /**
     * coroutine.resume: {@code true} and what the coroutine yielded or returned, or {@code false} and an error
     * value (also for a coroutine that cannot be resumed). Errors that end the script propagate.
     */
    Object[] resume(LuaCoroutine co, Object[] args) {
        if (co == current || co.status != LuaCoroutine.SUSPENDED) {
            return new Object[] {Boolean.FALSE, LuaString.of("cannot resume " + status(co) + " coroutine")};
        }
        if (nCcalls >= MAX_C_CALLS) {
            return new Object[] {Boolean.FALSE, LuaString.of("C stack overflow")};
        }
        if (!co.started()) {
            if (live.size() >= MAX_LIVE_COROUTINES) {
                throw error("too many coroutines alive (at most " + MAX_LIVE_COROUTINES + ")");
            }
            live.add(co);
        }
        LuaCoroutine prev = current;
        Frame[] savedFrames = frames;
        int savedTop = top;
        int savedDepth = depth;
        int savedCcalls = nCcalls;
        if (prev != null) {
            prev.status = LuaCoroutine.NORMAL;
        }
        co.status = LuaCoroutine.RUNNING;
        current = co;
        frames = co.frames;
        top = co.top;
        depth = co.depth;
        nCcalls = savedCcalls + 1;
        co.baseCcalls = nCcalls;
        try {
            return co.run(args);
        } finally {
            co.frames = frames;
            co.top = top;
            co.depth = depth;
            frames = savedFrames;
            top = savedTop;
            depth = savedDepth;
            nCcalls = savedCcalls;
            current = prev;
            if (prev != null) {
                prev.status = LuaCoroutine.RUNNING;
            }
            if (co.status == LuaCoroutine.DEAD) {
                live.remove(co);
            }
        }
    }

    /** coroutine.yield: suspends the running coroutine; returns the values of the resume that continues it. */
    Object[] yield(Object[] values) {
        LuaCoroutine co = current;
        if (co == null || nCcalls > co.baseCcalls) {
            throw new LuaError(LuaString.of("attempt to yield across metamethod/C-call boundary"));
        }
        return co.yield(values);
    }

    /**
     * Ends the coroutines left suspended (they are dead afterwards) and every coroutine thread. Call it when a script
     * has ended, from the thread that ran it; a no-op when no coroutine was resumed.
     */
    public void closeCoroutines() {
        killSuspended();
        while (!idleWorkers.isEmpty()) {
            idleWorkers.remove(idleWorkers.size() - 1).stop();
        }
    }

    private void killSuspended() {
        while (!live.isEmpty()) {
            LuaCoroutine co = live.remove(live.size() - 1);
            if (co.status != LuaCoroutine.SUSPENDED) {
                continue;
            }
            Frame[] savedFrames = frames;
            int savedTop = top;
            int savedDepth = depth;
            int savedCcalls = nCcalls;
            LuaCoroutine prev = current;
            current = co;
            frames = co.frames;
            top = co.top;
            depth = co.depth;
            try {
                co.kill();
            } finally {
                co.frames = null;
                frames = savedFrames;
                top = savedTop;
                depth = savedDepth;
                nCcalls = savedCcalls;
                current = prev;
            }
        }
    }

    /** A worker thread for a coroutine's first resume: an idle one, else a new one. */
    LuaCoroutine.Worker takeWorker() {
        int n = idleWorkers.size();
        return n > 0 ? idleWorkers.remove(n - 1) : new LuaCoroutine.Worker(coroutineStackBytes());
    }

    /** A coroutine ended: its worker waits for the next one. */
    void idleWorker(LuaCoroutine.Worker w) {
        idleWorkers.add(w);
    }

    /** How many coroutines hold a thread (for tests). */
    public int liveCoroutines() {
        return live.size();
    }

    /**
     * pcall / xpcall: calls {@code fn}; a catchable error returns {@code false, value} (or the handler's result);
     * time and memory errors pass through.
     */
    Object[] pcall(Object fn, Object[] args, Object handler) {
        int savedTop = top;
        int savedDepth = depth;
        int savedCcalls = nCcalls;
        push(null);
        Object[] r;
        try {
            r = callValue(fn, args);
        } catch (LuaError e) {
            restore(savedTop, savedDepth);
            nCcalls = savedCcalls;
            if (!e.catchable()) {
                throw e;
            }
            return failed(e.value(), handler);
        } catch (StackOverflowError e) {
            restore(savedTop, savedDepth);
            nCcalls = savedCcalls;
            return failed(LuaString.of("stack overflow"), handler);
        }
        restore(savedTop, savedDepth);
        Object[] out = new Object[r.length + 1];
        out[0] = Boolean.TRUE;
        System.arraycopy(r, 0, out, 1, r.length);
        return out;
    }

    private Object[] failed(Object value, Object handler) {
        if (handler == null) {
            return new Object[] {Boolean.FALSE, value};
        }
        Object[] h;
        int savedTop = top;
        int savedDepth = depth;
        int savedCcalls = nCcalls;
        try {
            h = callValue(handler, new Object[] {value});
        } catch (LuaError e) {
            restore(savedTop, savedDepth);
            nCcalls = savedCcalls;
            if (!e.catchable()) {
                throw e;
            }
            return new Object[] {Boolean.FALSE, e.value()};
        } catch (StackOverflowError e) {
            restore(savedTop, savedDepth);
            nCcalls = savedCcalls;
            return new Object[] {Boolean.FALSE, LuaString.of("stack overflow")};
        }
        return new Object[] {Boolean.FALSE, h.length > 0 ? h[0] : null};
    }

    private void restore(int savedTop, int savedDepth) {
        while (top > savedTop) {
            frames[--top] = null;
        }
        depth = savedDepth;
    }

    /** The call the running Java function was called from, when called from Lua. */
    Interp.Call callSite() {
        Frame f = top > 0 ? frames[top - 1] : null;
        return f == null ? null : f.callSite;
    }

    /** The Lua closure running {@code level} levels up (1 = the caller of the running Java function), or null. */
    LuaClosure closureAt(int level) {
        int i = top - level;
        if (i >= 0 && i < top && frames[i] != null) {
            return frames[i].closure;
        }
        return null;
    }

    /** Calls a value with {@code __call} or raises {@code attempt to call}. */
    Object[] callMeta(Object fn, Object[] args, Interp.Expr named, Frame f) {
        Object h = metaOf(fn, CALL);
        if (h instanceof LuaFunction lf) {
            Object[] a = new Object[args.length + 1];
            a[0] = fn;
            System.arraycopy(args, 0, a, 1, args.length);
            return lf.call(this, a);
        }
        throw typeError(f == null ? currentLine() : f.line, fn, named, "call");
    }

    /**
     * Calls any callable value from a library function (pcall, sort comparators, gsub functions, __tostring): one
     * more C-call level, as luaD_call; past {@link #MAX_C_CALLS}, {@code C stack overflow} without a position.
     */
    Object[] callValue(Object fn, Object[] args) {
        enterC(-1);
        Object[] r = fn instanceof LuaFunction lf ? lf.call(this, args) : callMeta(fn, args, null, null);
        nCcalls--; // on an error, whoever catches it restores the count
        return r;
    }

    /** A metamethod call made by the running Lua code: as {@link #callValue}, its C stack overflow names the line. */
    Object[] metaCall(Object fn, Object[] args) {
        enterC(currentLine());
        Object[] r = fn instanceof LuaFunction lf ? lf.call(this, args) : callMeta(fn, args, null, null);
        nCcalls--;
        return r;
    }

    /** luaD_call's check: an error at {@link #MAX_C_CALLS}, then a little room for error handlers, then none. */
    void enterC(int line) {
        if (++nCcalls >= MAX_C_CALLS) {
            if (nCcalls == MAX_C_CALLS) {
                throw rtError(line, "C stack overflow");
            }
            if (nCcalls >= MAX_C_CALLS + (MAX_C_CALLS >> 3)) {
                throw new LuaError(LuaString.of("error in error handling"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- errors

    /** A runtime error at {@code line} of the running Lua function: {@code chunk:line: msg}. */
    LuaError rtError(int line, String msg) {
        Frame f = top > 0 ? frames[top - 1] : null;
        if (f != null && line >= 0) {
            return new LuaError(LuaString.latin1(f.closure.proto.chunk + ":" + line + ": " + msg));
        }
        return new LuaError(LuaString.latin1(msg));
    }

    /** luaL_error: the message prefixed with the position of the Lua code that called the library function. */
    public LuaError error(String msg) {
        return new LuaError(LuaString.latin1(where(1) + msg));
    }

    /** The {@code chunk:line:} of the function {@code level} levels up (1 = the caller of a Java function). */
    String where(int level) {
        int i = top - level;
        if (i >= 0 && i < top) {
            Frame f = frames[i];
            if (f != null) {
                return f.closure.proto.chunk + ":" + f.line + ": ";
            }
        }
        return "";
    }

    /**
     * Redis's read-only table error as a library function (rawset, setmetatable, table.insert, ...) raises it: from
     * C, so without a position (Lua code assigning to a read-only table gets {@code chunk:line:} first).
     */
    static LuaError readonlyError() {
        return new LuaError(LuaString.of("Attempt to modify a readonly table"));
    }

    LuaError typeError(int line, Object value, Interp.Expr named, String op) {
        String d = named == null ? null : named.describe();
        String t = typeName(value);
        String msg = d == null ? "attempt to " + op + " a " + t + " value"
                : "attempt to " + op + " " + d + " (a " + t + " value)";
        return rtError(line, msg);
    }

    // ---------------------------------------------------------------------------------------------- values

    public static String typeName(Object o) {
        if (o == null) {
            return "nil";
        } else if (o instanceof Boolean) {
            return "boolean";
        } else if (o instanceof Double) {
            return "number";
        } else if (o instanceof LuaString) {
            return "string";
        } else if (o instanceof LuaTable) {
            return "table";
        } else if (o instanceof LuaFunction) {
            return "function";
        } else if (o instanceof LuaCoroutine) {
            return "thread";
        }
        return "userdata";
    }

    public LuaTable getMetatable(Object o) {
        if (o instanceof LuaTable t) {
            return t.metatable;
        }
        if (o instanceof LuaUserdata u) {
            return u.metatable;
        }
        if (o instanceof LuaString) {
            return stringMeta;
        }
        return null;
    }

    Object metaOf(Object o, LuaString event) {
        LuaTable mt = getMetatable(o);
        return mt == null ? null : mt.getStr(event);
    }

    /** Lua's {@code tostring} (honours {@code __tostring}). */
    public String tostring(Object o) {
        return tostringValue(o).toString();
    }

    /** Lua's {@code tostring} as a Lua string (honours {@code __tostring}). */
    public LuaString tostringValue(Object o) {
        if (o instanceof LuaString s) {
            return s;
        }
        Object h = metaOf(o, TOSTRING);
        if (h != null) {
            Object[] r = callValue(h, new Object[] {o});
            Object v = r.length > 0 ? r[0] : null;
            if (!(v instanceof LuaString) && !(v instanceof Double)) {
                throw error("'__tostring' must return a string");
            }
            return v instanceof LuaString s ? s : LuaString.latin1(LuaNumbers.toLuaString((Double) v));
        }
        return LuaString.latin1(tostringStatic(o));
    }

    /** tostring without metamethods. */
    static String tostringStatic(Object o) {
        if (o == null) {
            return "nil";
        } else if (o instanceof Boolean b) {
            return b ? "true" : "false";
        } else if (o instanceof Double d) {
            return LuaNumbers.toLuaString(d);
        } else if (o instanceof LuaString s) {
            return s.toString();
        } else if (o instanceof LuaTable) {
            return "table: 0x" + String.format("%08x", System.identityHashCode(o));
        } else if (o instanceof LuaFunction f) {
            return "function: 0x" + String.format("%08x", System.identityHashCode(f));
        } else if (o instanceof LuaCoroutine) {
            return "thread: 0x" + String.format("%08x", System.identityHashCode(o));
        }
        return "userdata: 0x" + String.format("%08x", System.identityHashCode(o));
    }

    /** The number a value converts to (a number, or a string per Lua 5.1's rules), or null. */
    public Double tonumber(Object o) {
        if (o instanceof Double d) {
            return d;
        }
        if (o instanceof LuaString s) {
            Double d = simpleDecimal(s.bytes);
            return d != null ? d : str2d(s.latin1());
        }
        return null;
    }

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
        1e14, 1e15, 1e16};

    /**
     * The common case of string-to-number, without allocating: [-]digits[.digits] with at most 15 digits. The
     * integer of the digits and the power of ten are exact doubles, so their correctly rounded quotient is what
     * strtod returns. Null for anything else (the general parser decides).
     */
    static Double simpleDecimal(byte[] b) {
        int n = b.length;
        if (n == 0 || n > 17) {
            return null;
        }
        int i = 0;
        boolean neg = false;
        if (b[0] == '-') {
            neg = true;
            i = 1;
        }
        long m = 0;
        int digits = 0;
        int frac = -1;
        for (; i < n; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                m = m * 10 + (c - '0');
                digits++;
                if (frac >= 0) {
                    frac++;
                }
            } else if (c == '.' && frac < 0) {
                frac = 0;
            } else {
                return null;
            }
        }
        if (digits == 0 || digits > 15) {
            return null;
        }
        double d = frac > 0 ? m / POW10[frac] : (double) m;
        return neg ? -d : d;
    }

    /**
     * luaO_str2d: C's strtod (decimal, hexadecimal with optional fraction and 'p' exponent, inf, nan), then hex
     * integers, with leading and trailing spaces, no trailing garbage.
     */
    static Double str2d(String s) {
        int n = s.length();
        int i = 0;
        while (i < n && isSpace(s.charAt(i))) {
            i++;
        }
        int end = n;
        while (end > i && isSpace(s.charAt(end - 1))) {
            end--;
        }
        if (i == end) {
            return null;
        }
        String t = s.substring(i, end);
        boolean neg = false;
        int j = 0;
        if (t.charAt(0) == '+' || t.charAt(0) == '-') {
            neg = t.charAt(0) == '-';
            j = 1;
        }
        String body = t.substring(j);
        double v;
        if (body.length() > 1 && body.charAt(0) == '0' && (body.charAt(1) == 'x' || body.charAt(1) == 'X')) {
            Double h = parseHex(body.substring(2));
            if (h == null) {
                return null;
            }
            v = h;
        } else {
            String low = body.toLowerCase();
            if (low.equals("inf") || low.equals("infinity")) {
                v = Double.POSITIVE_INFINITY;
            } else if (low.equals("nan") || (low.startsWith("nan(") && low.endsWith(")"))) {
                v = Double.NaN;
            } else {
                if (!isDecimal(body)) {
                    return null;
                }
                try {
                    v = Double.parseDouble(body);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
        return neg ? -v : v;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b;
    }

    private static boolean isDecimal(String b) {
        int n = b.length();
        int i = 0;
        int digits = 0;
        while (i < n && Character.isDigit(b.charAt(i)) && b.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && b.charAt(i) == '.') {
            i++;
            while (i < n && b.charAt(i) >= '0' && b.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (b.charAt(i) == 'e' || b.charAt(i) == 'E')) {
            i++;
            if (i < n && (b.charAt(i) == '+' || b.charAt(i) == '-')) {
                i++;
            }
            int ed = 0;
            while (i < n && b.charAt(i) >= '0' && b.charAt(i) <= '9') {
                i++;
                ed++;
            }
            if (ed == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static Double parseHex(String h) {
        double v = 0;
        int i = 0;
        int n = h.length();
        int digits = 0;
        while (i < n && Character.digit(h.charAt(i), 16) >= 0) {
            v = v * 16 + Character.digit(h.charAt(i), 16);
            i++;
            digits++;
        }
        int exp = 0;
        if (i < n && h.charAt(i) == '.') {
            i++;
            while (i < n && Character.digit(h.charAt(i), 16) >= 0) {
                v = v * 16 + Character.digit(h.charAt(i), 16);
                exp -= 4;
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return null;
        }
        if (i < n && (h.charAt(i) == 'p' || h.charAt(i) == 'P')) {
            i++;
            boolean en = false;
            if (i < n && (h.charAt(i) == '+' || h.charAt(i) == '-')) {
                en = h.charAt(i) == '-';
                i++;
            }
            int e = 0;
            int ed = 0;
            while (i < n && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
                e = Math.min(100000, e * 10 + (h.charAt(i) - '0'));
                i++;
                ed++;
            }
            if (ed == 0) {
                return null;
            }
            exp += en ? -e : e;
        }
        if (i != n) {
            return null;
        }
        return v * Math.pow(2, exp);
    }

    /** A number's or string's text for concatenation, or null. */
    static LuaString tostr(Object o) {
        if (o instanceof LuaString s) {
            return s;
        }
        if (o instanceof Double d) {
            return LuaString.latin1(LuaNumbers.toLuaString(d));
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- slow paths

    static double arith(int op, double a, double b) {
        switch (op) {
            case ADD:
                return a + b;
            case SUB:
                return a - b;
            case MUL:
                return a * b;
            case DIV:
                return a / b;
            case MOD:
                return a - Math.floor(a / b) * b;
            case POW:
                return Math.pow(a, b);
            default:
                return -a;
        }
    }

    Object arith(int op, Object x, Object y, Interp.Expr ex, Interp.Expr ey, int line) {
        Double a = tonumber(x);
        Double b = tonumber(y);
        if (a != null && b != null) {
            return arith(op, a, b);
        }
        LuaString ev = EVENT_STRINGS[op];
        Object h = metaOf(x, ev);
        if (h == null) {
            h = metaOf(y, ev);
        }
        if (h != null) {
            Object[] r = metaCall(h, new Object[] {x, y});
            return r.length > 0 ? r[0] : null;
        }
        if (a == null) {
            throw typeError(line, x, ex, "perform arithmetic on");
        }
        throw typeError(line, y, ey, "perform arithmetic on");
    }

    Object len(Object x, Interp.Expr ex, int line) {
        Object h = metaOf(x, LEN);
        if (h != null) {
            Object[] r = metaCall(h, new Object[] {x});
            return r.length > 0 ? r[0] : null;
        }
        throw typeError(line, x, ex, "get length of");
    }

    /** Concatenates values right to left as luaV_concat does (runs of strings and numbers at once). */
    Object concat(Object[] v, Interp.Expr[] parts, int line) {
        int total = v.length;
        // fast path: all strings or numbers
        boolean simple = true;
        long size = 0;
        for (Object o : v) {
            if (o instanceof LuaString s) {
                size += s.length();
            } else if (o instanceof Double) {
                size += 24;
            } else {
                simple = false;
                break;
            }
        }
        if (simple) {
            return join(v, 0, total, size);
        }
        Object[] stack = v.clone();
        int n = total;
        while (n > 1) {
            Object a = stack[n - 2];
            Object b = stack[n - 1];
            if ((a instanceof LuaString || a instanceof Double) && (b instanceof LuaString || b instanceof Double)) {
                // collect as many string/number values as possible
                int k = n - 2;
                while (k > 0 && (stack[k - 1] instanceof LuaString || stack[k - 1] instanceof Double)) {
                    k--;
                }
                long sz = 0;
                for (int i = k; i < n; i++) {
                    sz += stack[i] instanceof LuaString s ? s.length() : 24;
                }
                stack[k] = join(stack, k, n, sz);
                n = k + 1;
            } else {
                Object h = metaOf(a, CONCAT);
                if (h == null) {
                    h = metaOf(b, CONCAT);
                }
                if (h == null) {
                    Object bad = (a instanceof LuaString || a instanceof Double) ? b : a;
                    int idx = bad == a ? n - 2 : n - 1;
                    Interp.Expr named = idx < parts.length && n == total ? parts[idx] : null;
                    throw typeError(line, bad, named, "concatenate");
                }
                Object[] r = metaCall(h, new Object[] {a, b});
                stack[n - 2] = r.length > 0 ? r[0] : null;
                n--;
            }
        }
        return stack[0];
    }

    private LuaString join(Object[] v, int from, int to, long sizeHint) {
        if (to - from == 2 && v[from] instanceof LuaString a && v[from + 1] instanceof LuaString b) {
            long n = (long) a.length() + b.length();
            checkAlloc(n);
            byte[] out = new byte[(int) n];
            System.arraycopy(a.bytes, 0, out, 0, a.length());
            System.arraycopy(b.bytes, 0, out, a.length(), b.length());
            return LuaString.wrap(out);
        }
        LuaString[] s = new LuaString[to - from];
        long n = 0;
        for (int i = from; i < to; i++) {
            LuaString x = tostr(v[i]);
            s[i - from] = x;
            n += x.length();
        }
        checkAlloc(n);
        byte[] out = new byte[(int) n];
        int p = 0;
        for (LuaString x : s) {
            System.arraycopy(x.bytes, 0, out, p, x.length());
            p += x.length();
        }
        return LuaString.wrap(out);
    }

    /** t[k] with {@code __index}; raises {@code attempt to index} naming {@code named}. */
    Object index(Object o, Object k, Interp.Expr named, int line) {
        for (int loop = 0; loop < 100; loop++) {
            Object h;
            if (o instanceof LuaTable t) {
                Object v = t.rawget(k);
                if (v != null) {
                    return v;
                }
                LuaTable mt = t.metatable;
                if (mt == null || (h = mt.getStr(INDEX)) == null) {
                    return null;
                }
            } else {
                h = metaOf(o, INDEX);
                if (h == null) {
                    throw typeError(line, o, loop == 0 ? named : null, "index");
                }
            }
            if (h instanceof LuaFunction f) {
                Object[] r = metaCall(f, new Object[] {o, k});
                return r.length > 0 ? r[0] : null;
            }
            o = h;
            named = null;
        }
        throw rtError(line, "loop in gettable");
    }

    /** Public form of indexing with metamethods. */
    public Object index(Object o, Object k) {
        return index(o, k, null, currentLine());
    }

    /** t[k] = v with {@code __newindex}. */
    void setIndex(Object o, Object k, Object v, Interp.Expr named, int line) {
        for (int loop = 0; loop < 100; loop++) {
            Object h;
            if (o instanceof LuaTable t) {
                if (t.metatable == null || t.rawget(k) != null || (h = t.metatable.getStr(NEWINDEX)) == null) {
                    if (t.readonly) {
                        throw rtError(line, "Attempt to modify a readonly table");
                    }
                    if (k == null) {
                        throw rtError(line, "table index is nil");
                    }
                    if (k instanceof Double d && d.isNaN()) {
                        throw rtError(line, "table index is NaN");
                    }
                    charge(t.put(k, v));
                    return;
                }
            } else {
                h = metaOf(o, NEWINDEX);
                if (h == null) {
                    throw typeError(line, o, loop == 0 ? named : null, "index");
                }
            }
            if (h instanceof LuaFunction f) {
                metaCall(f, new Object[] {o, k, v});
                return;
            }
            o = h;
            named = null;
        }
        throw rtError(line, "loop in settable");
    }

    boolean eqMeta(Object a, Object b) {
        LuaTable ma = getMetatable(a);
        LuaTable mb = getMetatable(b);
        if (ma == null || mb == null) {
            return false;
        }
        Object h1 = ma.getStr(EQ);
        if (h1 == null) {
            return false;
        }
        Object h2 = ma == mb ? h1 : mb.getStr(EQ);
        if (!rawequals(h1, h2)) {
            return false;
        }
        Object[] r = metaCall(h1, new Object[] {a, b});
        return r.length > 0 && Interp.truthy(r[0]);
    }

    boolean eqOther(Object a, Object b) {
        if (a instanceof LuaUserdata && b instanceof LuaUserdata) {
            return eqMeta(a, b);
        }
        return a.equals(b);
    }

    static boolean rawequals(Object a, Object b) {
        if (a == b) {
            return !(a instanceof Double d && d.isNaN());
        }
        if (a instanceof Double x) {
            return b instanceof Double y && x.doubleValue() == y.doubleValue();
        }
        if (a instanceof LuaString s) {
            return s.equals(b);
        }
        if (a instanceof Boolean) {
            return a.equals(b);
        }
        return false;
    }

    /** Lua equality with {@code __eq}. */
    public boolean equalsLua(Object a, Object b) {
        if (rawequals(a, b)) {
            return true;
        }
        if (a instanceof LuaTable && b instanceof LuaTable || a instanceof LuaUserdata && b instanceof LuaUserdata) {
            return eqMeta(a, b);
        }
        return false;
    }

    boolean lt(Object a, Object b) {
        return lt(a, b, currentLine());
    }

    /**
     * {@code a < b} with {@code __lt}; an error names {@code line} of the running Lua function, or no position when
     * {@code line} is -1 (a comparison made by a library function, as lua_lessthan from C).
     */
    boolean lt(Object a, Object b, int line) {
        if (a instanceof Double x && b instanceof Double y) {
            return x < y;
        }
        if (a instanceof LuaString x && b instanceof LuaString y) {
            return x.compareTo(y) < 0;
        }
        Object r = orderMeta(a, b, LT, line);
        if (r != NOT_FOUND) {
            return Interp.truthy(r);
        }
        throw orderError(a, b, line);
    }

    boolean le(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x <= y;
        }
        if (a instanceof LuaString x && b instanceof LuaString y) {
            return x.compareTo(y) <= 0;
        }
        int line = currentLine();
        Object r = orderMeta(a, b, LE, line);
        if (r != NOT_FOUND) {
            return Interp.truthy(r);
        }
        r = orderMeta(b, a, LT, line);
        if (r != NOT_FOUND) {
            return !Interp.truthy(r);
        }
        throw orderError(a, b, line);
    }

    private static final Object NOT_FOUND = new Object();

    private Object orderMeta(Object a, Object b, LuaString event, int line) {
        if (!typeName(a).equals(typeName(b))) {
            return NOT_FOUND;
        }
        Object h1 = metaOf(a, event);
        if (h1 == null) {
            return NOT_FOUND;
        }
        Object h2 = metaOf(b, event);
        if (!rawequals(h1, h2)) {
            return NOT_FOUND;
        }
        Object[] r = line < 0 ? callValue(h1, new Object[] {a, b}) : metaCall(h1, new Object[] {a, b});
        return r.length > 0 ? r[0] : null;
    }

    private LuaError orderError(Object a, Object b, int line) {
        String t1 = typeName(a);
        String t2 = typeName(b);
        if (t1.equals(t2)) {
            return rtError(line, "attempt to compare two " + t1 + " values");
        }
        return rtError(line, "attempt to compare " + t1 + " with " + t2);
    }

    Double forNumber(Object o, String what, int line) {
        Double d = tonumber(o);
        if (d == null) {
            throw rtError(line, "'for' " + what + " must be a number");
        }
        return d;
    }

    static LuaString str(String s) {
        return LuaString.of(s);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
