package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.engine.Client;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.engine.Flag;
import io.github.primkit.server.internal.lua.LuaError;
import io.github.primkit.server.internal.lua.LuaFunction;
import io.github.primkit.server.internal.lua.LuaMemoryError;
import io.github.primkit.server.internal.lua.LuaState;
import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import io.github.primkit.server.internal.lua.LuaTimeoutError;
import io.github.primkit.server.internal.lua.RandomSource;
import io.github.primkit.server.internal.protocol.Reply;
import io.github.primkit.server.internal.protocol.RespWriter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redis scripting on the bundled server: one Lua state with Redis's libraries and sandbox, the script cache, and
 * EVAL's execution of a script.
 *
 * <p>Design. A script runs on the event loop like any command, to completion, so nothing interleaves with it. The
 * commands it calls go through {@link Engine#call} with a {@link LuaReply} that turns their replies into Lua values,
 * so they count in stats, break WATCHes and mark keys ready for blocked clients exactly as from a connection; those
 * clients are served after the script (the dispatcher serves them after each command, and EVAL is one). The state
 * persists between scripts until SCRIPT FLUSH, as Redis's does: cjson settings and the random generator carry over,
 * and the global table is read-only, so scripts cannot leave globals behind.
 *
 * <p>Limits. A script past {@code lua-time-limit} is stopped with an error that {@code pcall} cannot catch; unlike
 * Redis, which keeps running it and answers others BUSY until SCRIPT KILL, one event loop cannot answer anyone
 * mid-script, so stopping it is the only way to serve the next command. Its writes before the stop stay (as after
 * SCRIPT KILL of a script that wrote, which Redis refuses; here the choice is stop or hang). Allocations are charged
 * against a memory budget and deep recursion is Lua's {@code stack overflow} error.
 *
 * <p>Error replies follow Redis 7.2: a runtime error {@code ERR user_script:1: msg script: <sha>, on
 * @user_script:1.}, an error table raised by {@code redis.call} keeps its code, compile errors {@code ERR Error
 * compiling script (new function): user_script:1: ...}.
 */
public final class Scripting {
    /** Redis 7.2's LL_* log levels, verbosity "notice". */
    private static final int LOG_NOTICE = 2;
    private static final Set<String> ALLOWED_GLOBALS = Set.of("string", "cjson", "bit", "cmsgpack", "math",
            "table", "struct", "redis", "__redis__err__handler", "xpcall", "tostring", "getfenv", "setmetatable",
            "next", "assert", "tonumber", "rawequal", "collectgarbage", "getmetatable", "rawset", "pcall",
            "coroutine", "type", "_G", "select", "unpack", "gcinfo", "pairs", "rawget", "loadstring", "ipairs",
            "_VERSION", "setfenv", "load", "error", "newproxy", "os");

    /** math.random's generator: Redis's redisLrand48, seeded once per server (not per script, as in Redis 7). */
    private final RandomSource random = redisRandom();
    private final Map<String, Script> scripts = new HashMap<>();
    private final LuaReply callReply = new LuaReply();
    /** Whether this state runs FUNCTION libraries (FCALL) rather than EVAL scripts. */
    private final boolean functionEngine;
    /** The chunk name of the code: {@code user_script} (EVAL) or {@code user_function} (libraries). */
    private final String chunk;
    private LuaState lua;
    private LuaTable globals;
    /**
     * Libraries' global table (function engine only), as Redis 7.2 sets it up: empty and read-only, its metatable's
     * {@code __index} the real globals while functions run, and the load API (only {@code redis.register_function},
     * {@code redis.log} and constants) while FUNCTION LOAD runs a library's code.
     */
    private LuaTable libraryGlobals;
    private LuaTable libraryGlobalsMeta;
    private LuaTable loadApi;
    /** The functions the library being loaded has registered so far, by lower-case name; null outside a load. */
    private Map<String, RegisteredFunction> loading;
    /** Where redis.log writes: the engine of the running script or load. */
    private Engine logEngine;

    // The script running now (the event loop runs one at a time).
    private Run run;

    /** What one script invocation needs while it runs. */
    private static final class Run {
        final Context context;
        /** What error replies name after {@code script:}: the script's SHA1, or the function's name. */
        final String sha;
        final boolean readOnly;
        int resp = 2;
        /** The last error value raised through error() or redis.call, and the script line it was raised at. */
        Object raised;
        int raisedLine = -1;

        Run(Context context, String sha, boolean readOnly) {
            this.context = context;
            this.sha = sha;
            this.readOnly = readOnly;
        }
    }

    /** A scripting state for EVAL; it keeps no reference to the engine (which finds it by identity). */
    public Scripting() {
        this(false);
    }

    private Scripting(boolean functionEngine) {
        this.functionEngine = functionEngine;
        this.chunk = functionEngine ? "user_function" : "user_script";
        reset();
    }

    private Functions functions;

    /** This server's FUNCTION libraries (an EVAL state's companion, made on first use; SCRIPT FLUSH keeps them). */
    public Functions functions() {
        if (functions == null) {
            functions = new Functions();
        }
        return functions;
    }

    /** A state for FUNCTION libraries: Redis keeps them in a Lua state of their own, apart from EVAL's. */
    static Scripting forFunctions() {
        return new Scripting(true);
    }

    // ---- The Lua state -------------------------------------------------------------------------------------------

    /** SCRIPT FLUSH: a fresh Lua state and an empty cache. */
    public void reset() {
        scripts.clear();
        lua = new LuaState().openLibraries();
        lua.setRandomSource(random);
        globals = lua.globals();
        // Remove what Redis does not load (print, ...), keep os with clock only.
        for (Object[] e = globals.next(null); e != null; e = globals.next(e[0])) {
            if (!(e[0] instanceof LuaString name) || !ALLOWED_GLOBALS.contains(name.toString())) {
                globals.rawset(e[0], null);
            }
        }
        globals.rawset(LuaSupport.str("cjson"), LuaCjson.library());
        globals.rawset(LuaSupport.str("bit"), LuaBit.library());
        globals.rawset(LuaSupport.str("struct"), LuaStruct.library());
        globals.rawset(LuaSupport.str("cmsgpack"), LuaCmsgpack.library());
        globals.rawset(LuaSupport.str("redis"), redisLibrary());
        globals.rawset(LuaSupport.str("__redis__err__handler"), LuaFunction.of("__redis__err__handler",
                (s, a) -> new Object[] {a.length > 0 ? a[0] : null}));
        wrapErrorAndPcall();
        LuaTable protection = new LuaTable();
        protection.rawset(LuaSupport.str("__index"), LuaFunction.of("__index", (s, a) -> {
            Object key = LuaSupport.arg(a, 1);
            if (!(key instanceof LuaString) && !(key instanceof Double)) {
                throw s.error("Second argument to luaProtectedTableError must be a string or number");
            }
            throw s.error("Script attempted to access nonexistent global variable '" + s.tostring(key) + "'");
        }));
        globals.setMetatable(protection);
        protect(globals, new java.util.IdentityHashMap<>());
        if (!functionEngine) {
            globals.rawset(KEYS, EMPTY);
            globals.rawset(ARGV, EMPTY);
            return;
        }
        loadApi = loadLibraryApi(protection);
        libraryGlobalsMeta = new LuaTable();
        libraryGlobalsMeta.rawset(INDEX, globals);
        libraryGlobalsMeta.setReadonly(true);
        libraryGlobals = new LuaTable();
        libraryGlobals.setMetatable(libraryGlobalsMeta);
        libraryGlobals.setReadonly(true);
    }

    private static final LuaString INDEX = LuaString.of("__index");

    /** Marks a table, the tables it holds and their metatables read-only (luaSetTableProtectionRecursively). */
    private static void protect(LuaTable table, java.util.IdentityHashMap<LuaTable, Boolean> seen) {
        if (seen.put(table, Boolean.TRUE) != null) {
            return;
        }
        table.setReadonly(true);
        for (Object[] e = table.next(null); e != null; e = table.next(e[0])) {
            if (e[1] instanceof LuaTable t) {
                protect(t, seen);
            }
        }
        if (table.getMetatable() != null) {
            protect(table.getMetatable(), seen);
        }
    }

    /**
     * Redis's pcall returns the message of an error table ({@code {err=...}}) rather than the table; error() and
     * redis.call note the line they raise at, for the {@code on @user_script:N.} of the reply.
     */
    private void wrapErrorAndPcall() {
        LuaString pcallName = LuaSupport.str("pcall");
        LuaFunction pcall = (LuaFunction) globals.rawget(pcallName);
        globals.rawset(pcallName, LuaFunction.of("pcall", (s, a) -> {
            Object[] r = pcall.call(s, a);
            if (r.length >= 2 && Boolean.FALSE.equals(r[0]) && r[1] instanceof LuaTable t) {
                Object err = t.rawget(LuaReply.ERR);
                if (err instanceof LuaString || err instanceof Double) {
                    r[1] = err;
                }
            }
            return r;
        }));
        LuaString errorName = LuaSupport.str("error");
        LuaFunction error = (LuaFunction) globals.rawget(errorName);
        globals.rawset(errorName, LuaFunction.of("error", (s, a) -> {
            try {
                return error.call(s, a);
            } catch (LuaError e) {
                noteRaised(s, e.value());
                throw e;
            }
        }));
    }

    private void noteRaised(LuaState s, Object value) {
        if (run != null) {
            run.raised = value;
            run.raisedLine = callerLine(s);
        }
    }

    /** The line of the Lua code calling the running Java function (luaL_where(1)), or -1. */
    private int callerLine(LuaState s) {
        String where = s.error("").getMessage();
        return lineOf(where, chunk + ":");
    }

    private static int lineOf(String message, String prefix) {
        if (message == null || !message.startsWith(prefix)) {
            return -1;
        }
        int colon = message.indexOf(':', prefix.length());
        if (colon < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(message.substring(prefix.length(), colon));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---- The redis table -----------------------------------------------------------------------------------------

    private LuaTable redisLibrary() {
        LuaTable redis = new LuaTable();
        put(redis, "call", (s, a) -> redisCall(s, a, true));
        put(redis, "pcall", (s, a) -> redisCall(s, a, false));
        put(redis, "sha1hex", (s, a) -> {
            if (a.length != 1) {
                throw raise(s, "wrong number of arguments");
            }
            byte[] bytes = a[0] instanceof LuaString str ? str.unsafeBytes()
                    : a[0] instanceof Double ? s.tostring(a[0]).getBytes(StandardCharsets.ISO_8859_1) : new byte[0];
            return LuaSupport.one(LuaSupport.str(sha1hex(bytes)));
        });
        put(redis, "error_reply", (s, a) -> {
            if (a.length != 1 || !(a[0] instanceof LuaString text)) {
                return LuaSupport.one(LuaReply.errorTable("ERR wrong number or type of arguments"));
            }
            String t = latin1(text.unsafeBytes());
            return LuaSupport.one(LuaReply.errorTable(t.startsWith("-") ? t.substring(1) : t));
        });
        put(redis, "status_reply", (s, a) -> {
            if (a.length != 1 || !(a[0] instanceof LuaString text)) {
                return LuaSupport.one(LuaReply.errorTable("ERR wrong number or type of arguments"));
            }
            LuaTable t = new LuaTable(0, 1);
            t.rawset(LuaReply.OK, text);
            return LuaSupport.one(t);
        });
        put(redis, "log", (s, a) -> {
            if (a.length < 2) {
                throw raise(s, "redis.log() requires two arguments or more.");
            }
            Double level = s.tonumber(a[0]);
            if (level == null) {
                throw raise(s, "First argument must be a number (log level).");
            }
            int l = (int) (double) level;
            if (l < 0 || l > 3) {
                throw raise(s, "Invalid debug level.");
            }
            if (l >= LOG_NOTICE) {
                StringBuilder message = new StringBuilder();
                for (int i = 1; i < a.length; i++) {
                    if (a[i] instanceof LuaString || a[i] instanceof Double) {
                        if (message.length() > 0) {
                            message.append(' ');
                        }
                        message.append(s.tostring(a[i]));
                    }
                }
                if (logEngine != null) {
                    logEngine.log(message.toString());
                }
            }
            return LuaSupport.NONE;
        });
        put(redis, "setresp", (s, a) -> {
            if (a.length != 1) {
                throw raise(s, "redis.setresp() requires one argument.");
            }
            Double n = s.tonumber(a[0]);
            int resp = n == null ? 0 : (int) (double) n;
            if (resp != 2 && resp != 3) {
                throw raise(s, "RESP version must be 2 or 3.");
            }
            if (run != null) {
                run.resp = resp;
            }
            return LuaSupport.NONE;
        });
        put(redis, "set_repl", (s, a) -> {
            if (a.length != 1) {
                throw raise(s, "redis.set_repl() requires two arguments.");
            }
            Double n = s.tonumber(a[0]);
            long flags = n == null ? 0 : (long) (double) n;
            if ((flags & ~3L) != 0) {
                throw raise(s, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.");
            }
            return LuaSupport.NONE;
        });
        put(redis, "replicate_commands", (s, a) -> LuaSupport.one(Boolean.TRUE));
        put(redis, "breakpoint", (s, a) -> LuaSupport.one(Boolean.FALSE));
        put(redis, "debug", (s, a) -> LuaSupport.NONE);
        put(redis, "acl_check_cmd", (s, a) -> {
            byte[][] argv = arguments(s, a);
            if (run == null || lookup(argv) == null) {
                throw raise(s, "Invalid command passed to redis.acl_check_cmd()");
            }
            return LuaSupport.one(Boolean.TRUE);
        });
        number(redis, "LOG_DEBUG", 0);
        number(redis, "LOG_VERBOSE", 1);
        number(redis, "LOG_NOTICE", 2);
        number(redis, "LOG_WARNING", 3);
        number(redis, "REPL_NONE", 0);
        number(redis, "REPL_AOF", 1);
        number(redis, "REPL_SLAVE", 2);
        number(redis, "REPL_REPLICA", 2);
        number(redis, "REPL_ALL", 3);
        redis.rawset(LuaSupport.str("REDIS_VERSION"), LuaSupport.str(VERSION));
        number(redis, "REDIS_VERSION_NUM", versionNumber(VERSION));
        return redis;
    }

    /**
     * The globals a library's code sees while FUNCTION LOAD runs it (Redis 7.2's library API): a {@code redis}
     * table with only {@code register_function}, {@code log}, the log levels and the version; anything else is
     * Redis's "nonexistent global variable" error, since both tables carry the globals' protection metatable.
     */
    private LuaTable loadLibraryApi(LuaTable protection) {
        LuaTable full = (LuaTable) globals.rawget(LuaSupport.str("redis"));
        LuaTable redis = new LuaTable();
        put(redis, "register_function", this::registerFunction);
        for (String name : new String[] {"log", "LOG_DEBUG", "LOG_VERBOSE", "LOG_NOTICE", "LOG_WARNING",
            "REDIS_VERSION", "REDIS_VERSION_NUM"}) {
            redis.rawset(LuaSupport.str(name), full.rawget(LuaSupport.str(name)));
        }
        redis.setMetatable(protection);
        LuaTable api = new LuaTable();
        api.rawset(LuaSupport.str("redis"), redis);
        api.setMetatable(protection);
        redis.setReadonly(true);
        api.setReadonly(true);
        return api;
    }

    /** A function a library registered: its name as given, callback, description (or null) and flag bits. */
    record RegisteredFunction(String name, LuaFunction callback, byte[] description, int flags) {
    }

    /** Script flags in Redis's order (scripts_flags_def), as FUNCTION LIST reports them. */
    static final String[] FLAG_NAMES = {"no-writes", "allow-oom", "allow-stale", "no-cluster",
        "allow-cross-slot-keys"};
    static final int NO_WRITES = 1;

    /** redis.register_function(name, callback) or redis.register_function{function_name=..., callback=...}. */
    private Object[] registerFunction(LuaState s, Object[] a) {
        if (loading == null) {
            throw raise(s, "redis.register_function can only be called on FUNCTION LOAD command");
        }
        if (a.length < 1 || a.length > 2) {
            throw raise(s, "wrong number of arguments to redis.register_function");
        }
        byte[] name = null;
        LuaFunction callback = null;
        byte[] description = null;
        int flags = 0;
        if (a.length == 1) {
            if (!(a[0] instanceof LuaTable named)) {
                throw raise(s, "calling redis.register_function with a single argument is only applicable to Lua "
                        + "table (representing named arguments).");
            }
            for (Object[] e = named.next(null); e != null; e = named.next(e[0])) {
                if (!(e[0] instanceof LuaString) && !(e[0] instanceof Double)) {
                    throw raise(s, "named argument key given to redis.register_function is not a string");
                }
                String key = s.tostring(e[0]).toLowerCase(Locale.ROOT);
                Object value = e[1];
                switch (key) {
                    case "function_name" -> {
                        name = stringArgument(s, value);
                        if (name == null) {
                            throw raise(s, "function_name argument given to redis.register_function must be a "
                                    + "string");
                        }
                    }
                    case "description" -> {
                        description = stringArgument(s, value);
                        if (description == null) {
                            throw raise(s, "description argument given to redis.register_function must be a "
                                    + "string");
                        }
                    }
                    case "callback" -> {
                        if (!(value instanceof LuaFunction f)) {
                            throw raise(s, "callback argument given to redis.register_function must be a function");
                        }
                        callback = f;
                    }
                    case "flags" -> {
                        if (!(value instanceof LuaTable table)) {
                            throw raise(s, "flags argument to redis.register_function must be a table representing "
                                    + "function flags");
                        }
                        flags = flags(s, table);
                    }
                    default -> throw raise(s, "unknown argument given to redis.register_function");
                }
            }
            if (name == null) {
                throw raise(s, "redis.register_function must get a function name argument");
            }
            if (callback == null) {
                throw raise(s, "redis.register_function must get a callback argument");
            }
        } else {
            name = stringArgument(s, a[0]);
            if (name == null) {
                throw raise(s, "first argument to redis.register_function must be a string");
            }
            if (!(a[1] instanceof LuaFunction f)) {
                throw raise(s, "second argument to redis.register_function must be a function");
            }
            callback = f;
        }
        String functionName = latin1(name);
        if (!Functions.validName(name)) {
            // Redis 7.2 (and valkey 8.0) report a bad function name with the library names' message.
            throw raise(s, Functions.BAD_NAME);
        }
        String lower = functionName.toLowerCase(Locale.ROOT);
        if (loading.containsKey(lower)) {
            throw raise(s, "Function already exists in the library");
        }
        loading.put(lower, new RegisteredFunction(functionName, callback, description, flags));
        return LuaSupport.NONE;
    }

    /** lua_isstring + lua_tostring: a string, or a number as Lua prints it; null for anything else. */
    private static byte[] stringArgument(LuaState s, Object value) {
        if (value instanceof LuaString str) {
            return str.bytes();
        }
        return value instanceof Double ? s.tostring(value).getBytes(StandardCharsets.ISO_8859_1) : null;
    }

    /** The flags table {@code {'no-writes', ...}}, read up to its first nil; names match ignoring case. */
    private int flags(LuaState s, LuaTable table) {
        int flags = 0;
        for (int i = 1; ; i++) {
            Object value = table.rawget(i);
            if (value == null) {
                return flags;
            }
            byte[] flag = stringArgument(s, value);
            int bit = -1;
            for (int f = 0; flag != null && f < FLAG_NAMES.length; f++) {
                if (FLAG_NAMES[f].equalsIgnoreCase(latin1(flag))) {
                    bit = 1 << f;
                }
            }
            if (bit < 0) {
                throw raise(s, "unknown flag given");
            }
            flags |= bit;
        }
    }

    /**
     * FUNCTION LOAD's run of a library's code ({@code code} starts at the newline ending the shebang line, so line
     * numbers count it): compiles it, runs it with the load API for at most 500 ms, and returns the functions it
     * registered, in order. Errors are thrown as Redis words them.
     */
    java.util.List<RegisteredFunction> loadLibrary(byte[] code, Engine engine) {
        LuaFunction body;
        try {
            body = lua.load(code, "@" + chunk, libraryGlobals);
        } catch (LuaError e) {
            throw new CommandException("ERR Error compiling function: " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new CommandException("ERR Error compiling function: " + chunk + ": chunk has too many syntax "
                    + "levels");
        }
        loading = new java.util.LinkedHashMap<>();
        logEngine = engine;
        libraryGlobalsMeta.rawset(INDEX, loadApi);
        lua.setDeadline(System.nanoTime() + LOAD_TIMEOUT_MS * 1_000_000L);
        lua.setMemoryLimit(memoryLimit());
        try {
            lua.call(body);
            return new java.util.ArrayList<>(loading.values());
        } catch (LuaTimeoutError e) {
            throw new CommandException("ERR Error registering functions: ERR FUNCTION LOAD timeout");
        } catch (LuaMemoryError e) {
            throw new CommandException("ERR Error registering functions: ERR " + chunk + ": not enough memory");
        } catch (LuaError e) {
            throw new CommandException("ERR Error registering functions: " + errorText(e.value()));
        } catch (StackOverflowError e) {
            throw new CommandException("ERR Error registering functions: ERR " + chunk + ": stack overflow");
        } catch (RuntimeException e) {
            if (e instanceof CommandException) {
                throw e;
            }
            // A bug in a library or the engine: the load fails, the server and the connection go on.
            engine.log("internal error loading a function library: " + e);
            throw new CommandException("ERR Error registering functions: ERR internal error: "
                    + e.getClass().getSimpleName());
        } finally {
            lua.closeCoroutines();
            lua.clearDeadline();
            libraryGlobalsMeta.rawset(INDEX, globals);
            loading = null;
            logEngine = null;
        }
    }

    /** How long a library's code may run at load, as Redis's LOAD_TIMEOUT_MS. */
    private static final long LOAD_TIMEOUT_MS = 500;

    /** luaExtractErrorInformation's message: an error table's {@code err}, or {@code ERR } and the error's text. */
    private String errorText(Object value) {
        if (value instanceof LuaTable t) {
            Object err = t.rawget(LuaReply.ERR);
            return err instanceof LuaString || err instanceof Double ? lua.tostring(err) : "ERR unknown error";
        }
        return "ERR " + lua.tostring(value);
    }

    /** FCALL / FCALL_RO of a registered function, its keys and arguments already checked by the caller. */
    void callFunction(Context c, String name, LuaFunction callback, int numkeys, boolean readOnly) {
        run(c, name, callback, numkeys, readOnly);
    }

    /** The version HELLO and INFO report. */
    static final String VERSION = "7.2.4";

    static int versionNumber(String version) {
        String[] parts = version.split("\\.");
        return Integer.parseInt(parts[0]) << 16 | Integer.parseInt(parts[1]) << 8 | Integer.parseInt(parts[2]);
    }

    private static void put(LuaTable table, String name, LuaFunction.JavaBody body) {
        table.rawset(LuaSupport.str(name), LuaFunction.of(name, body));
    }

    private static void number(LuaTable table, String name, double value) {
        table.rawset(LuaSupport.str(name), value);
    }

    /** luaPushError + luaError: raises {@code {err='ERR <message>'}}, noting the line for the reply. */
    private LuaError raise(LuaState s, String message) {
        LuaTable t = LuaReply.errorTable("ERR " + message);
        noteRaised(s, t);
        return new LuaError(t);
    }

    /** The command's arguments as Redis 7.2 makes them: strings as they are, numbers as redis.call formats them. */
    private static byte[][] arguments(LuaState s, Object[] a) {
        byte[][] argv = new byte[a.length][];
        for (int i = 0; i < a.length; i++) {
            Object v = a[i];
            if (v instanceof LuaString str) {
                argv[i] = str.unsafeBytes();
            } else if (v instanceof Double d) {
                argv[i] = CNumbers.redisArgument(d).getBytes(StandardCharsets.US_ASCII);
            } else {
                return null;
            }
        }
        return argv;
    }

    /** The command (or subcommand) spec, or null if unknown. */
    private CommandSpec lookup(byte[][] argv) {
        if (argv == null || argv.length == 0) {
            return null;
        }
        CommandSpec spec = run.context.engine.commands().lookup(argv[0]);
        if (spec == null) {
            return null;
        }
        if (!spec.subcommands().isEmpty() && argv.length >= 2) {
            return spec.subcommands().get(new String(argv[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        return spec;
    }

    /** redis.call (raise) and redis.pcall (return the error table). */
    private Object[] redisCall(LuaState s, Object[] a, boolean raise) {
        if (run == null) {
            return failure(s, "ERR redis.call/pcall can only be called inside a script invocation", true);
        }
        if (a.length == 0) {
            return failure(s, "ERR Please specify at least one argument for this redis lib call", raise);
        }
        byte[][] argv = arguments(s, a);
        if (argv == null) {
            return failure(s, "ERR Lua redis lib command arguments must be strings or integers", raise);
        }
        CommandSpec spec = lookup(argv);
        if (spec == null || spec.isContainer() && argv.length >= 2) {
            return failure(s, "ERR Unknown Redis command called from script", raise);
        }
        if (!spec.arityAccepts(argv.length)) {
            return failure(s, "ERR Wrong number of args calling Redis command from script", raise);
        }
        if (spec.has(Flag.NOSCRIPT)) {
            return failure(s, "ERR This Redis command is not allowed from script", raise);
        }
        if (spec.isContainer()) {
            return failure(s, "ERR Unknown Redis command called from script", raise);
        }
        if (run.readOnly && spec.has(Flag.WRITE)) {
            return failure(s, "ERR Write commands are not allowed from read-only scripts.", raise);
        }
        Context c = run.context;
        LuaReply reply = callReply;
        reply.reset(run.resp);
        c.engine.call(c.client, spec, argv, reply, true);
        Object result = reply.result();
        if (reply.isError()) {
            LuaTable t = (LuaTable) result;
            t.rawset(LuaReply.IGNORE_STATS, Boolean.TRUE);
            if (raise) {
                noteRaised(s, t);
                throw new LuaError(t);
            }
        }
        return LuaSupport.one(result);
    }

    private Object[] failure(LuaState s, String message, boolean raise) {
        LuaTable t = LuaReply.errorTable(message);
        t.rawset(LuaReply.IGNORE_STATS, Boolean.TRUE);
        if (raise) {
            noteRaised(s, t);
            throw new LuaError(t);
        }
        return LuaSupport.one(t);
    }

    // ---- EVAL / EVALSHA / SCRIPT ---------------------------------------------------------------------------------

    /** EVAL, EVAL_RO, EVALSHA, EVALSHA_RO. */
    public void eval(Context c, boolean bySha, boolean readOnly) {
        if (bySha && c.arg(1).length != 40) {
            throw new CommandException(NOSCRIPT);
        }
        long numkeys = c.argLong(2);
        if (numkeys > c.argc() - 3) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        } else if (numkeys < 0) {
            throw new CommandException("ERR Number of keys can't be negative");
        }
        String sha;
        Script script;
        if (bySha) {
            sha = latin1(c.arg(1)).toLowerCase(Locale.ROOT);
            script = scripts.get(sha);
            if (script == null) {
                throw new CommandException(NOSCRIPT);
            }
        } else {
            sha = sha1hex(c.arg(1));
            script = scripts.get(sha);
            if (script == null) {
                script = compile(sha, c.arg(1));
            }
        }
        if (readOnly && script.shebang && !script.noWrites) {
            throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
        }
        run(c, sha, script.function, (int) numkeys, readOnly || script.noWrites);
    }

    /** A compiled script, and what its shebang line ({@code #!lua flags=no-writes}) declared. */
    private record Script(LuaFunction function, boolean shebang, boolean noWrites) {
    }

    private static final Set<String> SHEBANG_FLAGS = Set.of("no-writes", "allow-oom", "allow-stale", "no-cluster",
            "allow-cross-slot-keys");

    static final String NOSCRIPT = "NOSCRIPT No matching script. Please use EVAL.";

    /** SCRIPT LOAD: compiles and caches; returns the SHA1. */
    public String load(byte[] body) {
        String sha = sha1hex(body);
        if (!scripts.containsKey(sha)) {
            compile(sha, body);
        }
        return sha;
    }

    public boolean exists(byte[] sha) {
        return sha.length == 40 && scripts.containsKey(latin1(sha).toLowerCase(Locale.ROOT));
    }

    /**
     * Compiles a script: an optional Redis 7 shebang line ({@code #!lua [flags=a,b]}) is read and left out, keeping
     * its newline so line numbers stay right.
     */
    private Script compile(String sha, byte[] body) {
        boolean shebang = body.length >= 2 && body[0] == '#' && body[1] == '!';
        boolean noWrites = false;
        int skip = 0;
        if (shebang) {
            int end = 0;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            if (end == body.length) {
                throw new CommandException("ERR Invalid script shebang");
            }
            skip = end;
            String[] parts = latin1(java.util.Arrays.copyOf(body, end)).trim().split("[ \t\r]+");
            if (!parts[0].equals("#!lua")) {
                throw new CommandException("ERR Unexpected engine in script shebang: " + parts[0]);
            }
            for (int i = 1; i < parts.length; i++) {
                if (!parts[i].startsWith("flags=")) {
                    throw new CommandException("ERR Unknown lua shebang option: " + parts[i]);
                }
                for (String flag : parts[i].substring(6).split(",", -1)) {
                    if (flag.isEmpty()) {
                        continue;
                    }
                    if (!SHEBANG_FLAGS.contains(flag)) {
                        throw new CommandException("ERR Unexpected flag in script shebang: " + flag);
                    }
                    noWrites |= flag.equals("no-writes");
                }
            }
        }
        LuaFunction function;
        try {
            function = lua.load(skip == 0 ? body : java.util.Arrays.copyOfRange(body, skip, body.length),
                    "@user_script");
        } catch (LuaError e) {
            throw new CommandException("ERR Error compiling script (new function): " + e.getMessage());
        } catch (StackOverflowError e) {
            throw new CommandException("ERR Error compiling script (new function): user_script: chunk has too "
                    + "many syntax levels");
        }
        Script script = new Script(function, shebang, noWrites);
        scripts.put(sha, script);
        return script;
    }

    private void run(Context c, String sha, LuaFunction function, int numkeys, boolean readOnly) {
        Client client = c.client;
        int db = client.db();
        LuaTable keys = new LuaTable(numkeys, 0);
        for (int i = 0; i < numkeys; i++) {
            keys.rawset(i + 1, LuaString.of(c.arg(3 + i)));
        }
        int nargs = c.argc() - 3 - numkeys;
        LuaTable argv = new LuaTable(nargs, 0);
        for (int i = 0; i < nargs; i++) {
            argv.rawset(i + 1, LuaString.of(c.arg(3 + numkeys + i)));
        }
        if (!functionEngine) {
            globals.rawset(KEYS, keys);
            globals.rawset(ARGV, argv);
        }
        Run current = new Run(c, sha, readOnly);
        run = current;
        Engine engine = c.engine;
        logEngine = engine;
        long limit = engine.settings().luaTimeLimit;
        if (limit > 0) {
            lua.setDeadline(System.nanoTime() + limit * 1_000_000L);
        } else {
            lua.clearDeadline();
        }
        lua.setMemoryLimit(memoryLimit());
        Object result;
        try {
            Object[] r = functionEngine ? lua.call(function, keys, argv) : lua.call(function);
            result = r.length > 0 ? r[0] : null;
        } catch (LuaTimeoutError e) {
            engine.log("Lua script " + sha + " stopped after lua-time-limit (" + limit + " ms)");
            error(c, "ERR Script killed after running longer than lua-time-limit (" + limit + " ms); writes it made "
                    + "before remain. script: " + sha);
            return;
        } catch (LuaMemoryError e) {
            error(c, "ERR " + chunk + ": not enough memory: the script allocated more than the scripting memory "
                    + "limit. script: " + sha);
            return;
        } catch (LuaError e) {
            replyError(c, current, e);
            return;
        } catch (StackOverflowError e) {
            error(c, "ERR " + chunk + ": stack overflow script: " + sha);
            return;
        } catch (RuntimeException e) {
            // A bug in a library or the engine: the script fails, the server and the connection go on.
            engine.log("internal error in script " + sha + ": " + e);
            error(c, "ERR internal error running script " + sha + ": " + e.getClass().getSimpleName());
            return;
        } finally {
            lua.closeCoroutines();
            lua.clearDeadline();
            run = null;
            logEngine = null;
            client.select(db);
            if (!functionEngine) {
                globals.rawset(KEYS, EMPTY);
                globals.rawset(ARGV, EMPTY);
            }
        }
        new LuaToResp(c.reply, current.resp, engine).write(result);
    }

    private static final LuaTable EMPTY = new LuaTable();
    private static final LuaString KEYS = LuaString.of("KEYS");
    private static final LuaString ARGV = LuaString.of("ARGV");

    /** What one script may allocate: an eighth of the heap, between 32 MiB and 256 MiB. */
    private static long memoryLimit() {
        long max = Runtime.getRuntime().maxMemory();
        return Math.max(32L << 20, Math.min(256L << 20, max / 8));
    }

    /** The error handler's reply: the error's text, then where it was raised. */
    private void replyError(Context c, Run current, LuaError e) {
        Object value = e.value();
        String message = errorText(value);
        int line = -1;
        if (value == current.raised) {
            line = current.raisedLine;
        }
        if (line < 0 && value instanceof LuaString s) {
            line = lineOf(s.toString(), chunk + ":");
        }
        if (line < 0) {
            line = current.raisedLine >= 0 ? current.raisedLine : 1;
        }
        error(c, message + " script: " + current.sha + ", on @" + chunk + ":" + line + ".");
    }

    /** An error reply whose text may hold any bytes (a script's own message). */
    private static void error(Context c, String latin1) {
        if (c.reply instanceof RespWriter writer) {
            c.engine.error(new ErrorBytes(writer, latin1), latin1);
        } else {
            c.engine.error(c.reply, latin1);
        }
    }

    /** Writes an error's characters as the bytes they stand for (one char per byte). */
    private static final class ErrorBytes extends ForwardingReply {
        private final RespWriter writer;
        private final String latin1;

        ErrorBytes(RespWriter writer, String latin1) {
            super(writer);
            this.writer = writer;
            this.latin1 = latin1;
        }

        @Override
        public void error(String text) {
            writer.error(latin1.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    // ---- Helpers -------------------------------------------------------------------------------------------------

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    static String sha1hex(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(body);
            char[] hex = new char[40];
            for (int i = 0; i < 20; i++) {
                hex[2 * i] = Character.forDigit((digest[i] >> 4) & 15, 16);
                hex[2 * i + 1] = Character.forDigit(digest[i] & 15, 16);
            }
            return new String(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Redis's redisLrand48: POSIX lrand48's generator, starting from its initial state 0x1234ABCD330E when the
     * server starts and never reseeded by the server (math.randomseed reseeds it).
     */
    static RandomSource redisRandom() {
        return new RandomSource() {
            private long x = 0x1234ABCD330EL;

            @Override
            public double next() {
                x = (0x5DEECE66DL * x + 0xBL) & ((1L << 48) - 1);
                long r = x >>> 17;
                return (double) (r % Integer.MAX_VALUE) / (double) Integer.MAX_VALUE;
            }

            @Override
            public void seed(int n) {
                x = (((long) n & 0xffffffffL) << 16) | 0x330EL;
            }
        };
    }

    /** A raw RESP3 big number when the connection speaks RESP3, else a bulk string. */
    static void bigNumber(Reply reply, byte[] digits) {
        if (reply.protocol() == 3 && reply instanceof RespWriter writer) {
            ByteBuf out = writer.target();
            out.writeByte('(');
            for (byte b : digits) {
                out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            }
            out.writeByte('\r');
            out.writeByte('\n');
        } else {
            reply.bulk(digits);
        }
    }
}
