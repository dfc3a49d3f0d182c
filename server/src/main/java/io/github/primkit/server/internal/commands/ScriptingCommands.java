package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.ALLOW_BUSY;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.NOSCRIPT;
import static io.github.primkit.server.internal.engine.Flag.NO_MANDATORY_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.SKIP_MONITOR;
import static io.github.primkit.server.internal.engine.Flag.STALE;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.scripting.Functions;
import io.github.primkit.server.internal.scripting.Scripting;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO, SCRIPT LOAD/EXISTS/FLUSH/KILL/HELP, FCALL, FCALL_RO and FUNCTION
 * LOAD/DELETE/FLUSH/LIST/STATS/DUMP/RESTORE/KILL/HELP, with Redis 7.2's metadata: the keys
 * are the {@code numkeys} arguments after the script (movable keys; COMMAND INFO reports 0 0 0 as Redis does), and
 * scripts may not call these commands (noscript). The scripting state of each server lives beside its engine.
 */
final class ScriptingCommands {
    /** One scripting state per engine (a command table may serve more than one server). */
    private static final Map<Engine, Scripting> STATES = new WeakHashMap<>();

    private ScriptingCommands() {
    }

    /** The last engine asked for and its state: one server per JVM is the common case, and it skips the lock. */
    private static volatile Object[] last = {null, null};

    static Scripting scripting(Engine engine) {
        Object[] cached = last;
        if (cached[0] == engine) {
            return (Scripting) cached[1];
        }
        Scripting scripting;
        synchronized (STATES) {
            scripting = STATES.computeIfAbsent(engine, e -> new Scripting());
        }
        last = new Object[] {engine, scripting};
        return scripting;
    }

    /** The FUNCTION libraries of the engine serving {@code c}. */
    private static Functions functions(Context c) {
        return scripting(c.engine).functions();
    }

    static void register(Registry r) {
        r.add("eval", -3, flags(NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> scripting(c.engine).eval(c, false, false));
        r.add("evalsha", -3, flags(NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> scripting(c.engine).eval(c, true, false));
        r.add("eval_ro", -3, flags(READONLY, NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> scripting(c.engine).eval(c, false, true));
        r.add("evalsha_ro", -3, flags(READONLY, NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> scripting(c.engine).eval(c, true, true));
        CommandSpec script = r.container("script", -2, flags());
        r.sub(script, "load", 3, flags(NOSCRIPT, STALE), c -> c.reply.bulk(scripting(c.engine).load(c.arg(2))));
        r.sub(script, "exists", -3, flags(NOSCRIPT), c -> {
            Scripting scripting = scripting(c.engine);
            c.reply.array(c.argc() - 2);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.integer(scripting.exists(c.arg(i)) ? 1 : 0);
            }
        });
        r.sub(script, "flush", -2, flags(NOSCRIPT), ScriptingCommands::flush);
        // Nothing runs while a command is being served (one event loop): there is never a script to kill.
        r.sub(script, "kill", 2, flags(NOSCRIPT, ALLOW_BUSY), c -> {
            throw new CommandException("NOTBUSY No scripts in execution right now.");
        });
        r.sub(script, "help", 2, flags(LOADING, STALE), ScriptingCommands::help);

        r.add("fcall", -3, flags(NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> functions(c).call(c, false));
        r.add("fcall_ro", -3, flags(READONLY, NOSCRIPT, STALE, SKIP_MONITOR, NO_MANDATORY_KEYS, MOVABLE_KEYS),
                c -> functions(c).call(c, true));
        CommandSpec function = r.container("function", -2, flags());
        r.sub(function, "load", -3, flags(NOSCRIPT, WRITE, DENYOOM), c -> functions(c).load(c));
        r.sub(function, "delete", 3, flags(NOSCRIPT, WRITE), c -> functions(c).delete(c));
        r.sub(function, "flush", -2, flags(NOSCRIPT, WRITE), c -> functions(c).flush(c));
        r.sub(function, "list", -2, flags(NOSCRIPT), c -> functions(c).list(c));
        r.sub(function, "dump", 2, flags(NOSCRIPT), c -> functions(c).dump(c));
        r.sub(function, "restore", -3, flags(NOSCRIPT, WRITE, DENYOOM),
                c -> functions(c).restore(c));
        r.sub(function, "stats", 2, flags(NOSCRIPT, ALLOW_BUSY), c -> functions(c).stats(c));
        // As SCRIPT KILL: nothing runs while a command is being served.
        r.sub(function, "kill", 2, flags(NOSCRIPT, ALLOW_BUSY), c -> {
            throw new CommandException("NOTBUSY No scripts in execution right now.");
        });
        r.sub(function, "help", 2, flags(LOADING, STALE), ScriptingCommands::functionHelp);
    }

    private static void flush(Context c) {
        if (c.argc() > 3 || (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async"))) {
            throw new CommandException("ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        }
        scripting(c.engine).reset();
        c.reply.ok();
    }

    private static void functionHelp(Context c) {
        String[] lines = {
            "FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "LOAD [REPLACE] <FUNCTION CODE>",
            "    Create a new library with the given library name and code.",
            "DELETE <LIBRARY NAME>",
            "    Delete the given library.",
            "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
            "    Return general information on all the libraries:",
            "    * Library name",
            "    * The engine used to run the Library",
            "    * Library description",
            "    * Functions list",
            "    * Library code (if WITHCODE is given)",
            "    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
            "STATS",
            "    Return information about the current function running:",
            "    * Function name",
            "    * Command used to run the function",
            "    * Duration in MS that the function is running",
            "    If no function is running, return nil",
            "    In addition, returns a list of available engines.",
            "KILL",
            "    Kill the current running function.",
            "FLUSH [ASYNC|SYNC]",
            "    Delete all the libraries.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the libraries.",
            "    * SYNC: Synchronously flush the libraries.",
            "DUMP",
            "    Return a serialized payload representing the current libraries, can be restored using FUNCTION "
                + "RESTORE command",
            "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
            "    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
            "    control how to handle existing libraries (default APPEND):",
            "    * FLUSH: delete all existing libraries.",
            "    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
            "    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
            "      libraries with the new libraries (notice that even on this option there is a chance of failure",
            "      in case of functions name collision with another library).",
            "HELP",
            "    Prints this help.",
        };
        helpLines(c, lines);
    }

    private static void help(Context c) {
        String[] lines = {
            "SCRIPT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "DEBUG (YES|SYNC|NO)",
            "    Set the debug mode for subsequent scripts executed.",
            "EXISTS <sha1> [<sha1> ...]",
            "    Return information about the existence of the scripts in the script cache.",
            "FLUSH [ASYNC|SYNC]",
            "    Flush the Lua scripts cache. Very dangerous on replicas.",
            "    When called without the optional mode argument, the behavior is determined by the",
            "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
            "    * ASYNC: Asynchronously flush the scripts cache.",
            "    * SYNC: Synchronously flush the scripts cache.",
            "KILL",
            "    Kill the currently executing Lua script.",
            "LOAD <script>",
            "    Load a script into the scripts cache without executing it.",
            "HELP",
            "    Print this help.",
        };
        helpLines(c, lines);
    }

    private static void helpLines(Context c, String[] lines) {
        c.reply.array(lines.length);
        for (String line : lines) {
            c.reply.simple(line);
        }
    }
}
