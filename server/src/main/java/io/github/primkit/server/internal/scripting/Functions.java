package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Glob;
import io.github.primkit.server.internal.protocol.InlineSplitter;
import io.github.primkit.server.internal.protocol.Reply;
import io.github.primkit.server.internal.scripting.Scripting.RegisteredFunction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Redis 7 functions on the bundled server: FUNCTION LOAD / DELETE / FLUSH / LIST / STATS / DUMP / RESTORE and
 * FCALL / FCALL_RO.
 *
 * <p>Design. Libraries run in a Lua state of their own ({@link Scripting#forFunctions()}), apart from EVAL's, as in
 * Redis. A library is its code, whose first line is the shebang {@code #!lua name=<library>}; loading it runs the code
 * once with only {@code redis.register_function} (and {@code redis.log}) visible, and keeps the callbacks it
 * registered. Library names are case-sensitive; function names are unique across libraries ignoring case, and FCALL
 * finds them ignoring case, as Redis's dictionaries do. A load that fails (compile error, no function registered, a
 * name taken by another library) changes nothing, REPLACE included. Owned by the event loop: not thread-safe.
 *
 * <p>FUNCTION DUMP / RESTORE use Redis's payload format ({@link FunctionPayload}), so libraries move between this
 * server and Redis or valkey both ways. The libraries do not survive a restart (the server keeps nothing on disk).
 */
public final class Functions {
    static final String BAD_NAME = "Library names can only contain letters, numbers, or underscores(_) and must be at "
            + "least one character long";

    private Scripting engine = Scripting.forFunctions();
    /** By exact name, in load order. */
    private final Map<String, Library> libraries = new LinkedHashMap<>();
    /** By lower-case name, across all libraries. */
    private final Map<String, Function> functions = new HashMap<>();

    /**
     * A loaded library: its name, whole code (shebang included) and functions in registration order. Compared by
     * identity (it and its functions point at each other).
     */
    private static final class Library {
        private final String name;
        private final byte[] code;
        private final List<Function> functions = new ArrayList<>();

        Library(String name, byte[] code) {
            this.name = name;
            this.code = code;
        }

        String name() {
            return name;
        }

        byte[] code() {
            return code;
        }

        List<Function> functions() {
            return functions;
        }
    }

    /** A function of a library, compared by identity. */
    private static final class Function {
        private final RegisteredFunction registered;
        private final Library library;

        Function(RegisteredFunction registered, Library library) {
            this.registered = registered;
            this.library = library;
        }

        RegisteredFunction registered() {
            return registered;
        }

        Library library() {
            return library;
        }

        String name() {
            return registered.name();
        }
    }

    /** Whether a library or function name is one or more of {@code [A-Za-z0-9_]} (functionsVerifyName). */
    static boolean validName(byte[] name) {
        if (name.length == 0) {
            return false;
        }
        for (byte b : name) {
            boolean ok = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ---- FUNCTION LOAD ------------------------------------------------------------------------------------------

    /** FUNCTION LOAD [REPLACE] code: replies with the library's name. */
    public void load(Context c) {
        boolean replace = false;
        int i = 2;
        for (; i < c.argc() - 1; i++) {
            if (c.is(i, "replace")) {
                replace = true;
            } else {
                throw new CommandException("ERR Unknown option given: " + c.argString(i));
            }
        }
        if (i != c.argc() - 1) {
            throw new CommandException("ERR Function code is missing");
        }
        c.reply.bulk(load(c, c.arg(i), replace));
    }

    private String load(Context c, byte[] code, boolean replace) {
        String name = libraryName(code);
        Library old = libraries.get(name);
        if (old != null && !replace) {
            throw new CommandException("ERR Library '" + name + "' already exists");
        }
        Library library = create(name, code, c.engine);
        for (Function f : library.functions()) {
            Function existing = functions.get(f.name().toLowerCase(Locale.ROOT));
            if (existing != null && existing.library() != old) {
                throw new CommandException("ERR Function " + f.name() + " already exists");
            }
        }
        if (old != null) {
            unlink(old);
        }
        link(library);
        return library.name();
    }

    /**
     * The library name a code's shebang line declares ({@code #!lua name=<library>}), after checking that line as
     * Redis does (functionExtractLibMetaData, then the name's characters and the engine).
     */
    private static String libraryName(byte[] code) {
        if (code.length < 2 || code[0] != '#' || code[1] != '!') {
            throw new CommandException("ERR Missing library metadata");
        }
        int end = shebangEnd(code);
        if (end == code.length) {
            throw new CommandException("ERR Invalid library metadata");
        }
        byte[][] parts = InlineSplitter.split(Arrays.copyOf(code, end));
        if (parts == null || parts.length == 0) {
            throw new CommandException("ERR Invalid library metadata");
        }
        String engineName = latin1(parts[0]).substring(2);
        byte[] name = null;
        for (int p = 1; p < parts.length; p++) {
            String part = latin1(parts[p]);
            if (part.regionMatches(true, 0, "name=", 0, 5)) {
                if (name != null) {
                    throw new CommandException("ERR Invalid metadata value, name argument was given multiple times");
                }
                name = Arrays.copyOfRange(parts[p], 5, parts[p].length);
                continue;
            }
            throw new CommandException("ERR Invalid metadata value given: " + part);
        }
        if (name == null) {
            throw new CommandException("ERR Library name was not given");
        }
        if (!validName(name)) {
            throw new CommandException("ERR " + BAD_NAME);
        }
        if (!engineName.equalsIgnoreCase("lua")) {
            throw new CommandException("ERR Engine '" + engineName + "' not found");
        }
        return latin1(name);
    }

    private static int shebangEnd(byte[] code) {
        int end = 0;
        while (end < code.length && code[end] != '\n') {
            end++;
        }
        return end;
    }

    /**
     * A library from its code (whose shebang named it {@code name}), not yet linked: the code run once to register
     * its functions.
     */
    private Library create(String name, byte[] code, io.github.primkit.server.internal.engine.Engine server) {
        List<RegisteredFunction> registered =
                engine.loadLibrary(Arrays.copyOfRange(code, shebangEnd(code), code.length), server);
        if (registered.isEmpty()) {
            throw new CommandException("ERR No functions registered");
        }
        Library library = new Library(name, code.clone());
        for (RegisteredFunction f : registered) {
            library.functions().add(new Function(f, library));
        }
        return library;
    }

    private void link(Library library) {
        libraries.put(library.name(), library);
        for (Function f : library.functions()) {
            functions.put(f.name().toLowerCase(Locale.ROOT), f);
        }
    }

    private void unlink(Library library) {
        libraries.remove(library.name());
        for (Function f : library.functions()) {
            functions.remove(f.name().toLowerCase(Locale.ROOT));
        }
    }

    // ---- FUNCTION DUMP / RESTORE ----------------------------------------------------------------------------------

    public void dump(Context c) {
        List<byte[]> codes = new ArrayList<>();
        libraries.values().forEach(library -> codes.add(library.code()));
        c.reply.bulk(FunctionPayload.write(codes));
    }

    /** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]: all of the payload's libraries, or nothing. */
    public void restore(Context c) {
        if (c.argc() > 4) {
            throw subcommandSyntax(c);
        }
        String policy = "append";
        if (c.argc() == 4) {
            if (c.is(3, "append") || c.is(3, "replace") || c.is(3, "flush")) {
                policy = c.argString(3).toLowerCase(Locale.ROOT);
            } else {
                throw new CommandException("ERR Wrong restore policy given, value should be either FLUSH, APPEND or "
                        + "REPLACE.");
            }
        }
        byte[] payload = c.arg(2);
        if (!FunctionPayload.verify(payload)) {
            throw new CommandException("ERR DUMP payload version or checksum are wrong");
        }
        List<byte[]> codes;
        try {
            codes = FunctionPayload.read(payload);
        } catch (FunctionPayload.BadPayload e) {
            throw new CommandException("ERR " + e.getMessage());
        }
        // Load into a set of our own first, as Redis does into a new library context: a duplicate within the
        // payload fails here, before anything current changes.
        Map<String, Library> restored = new LinkedHashMap<>();
        Map<String, Function> restoredFunctions = new HashMap<>();
        for (byte[] code : codes) {
            String name = libraryName(code);
            if (restored.containsKey(name)) {
                throw new CommandException("ERR Library '" + name + "' already exists");
            }
            Library library = create(name, code, c.engine);
            for (Function f : library.functions()) {
                if (restoredFunctions.containsKey(f.name().toLowerCase(Locale.ROOT))) {
                    throw new CommandException("ERR Function " + f.name() + " already exists");
                }
            }
            restored.put(library.name(), library);
            library.functions().forEach(f -> restoredFunctions.put(f.name().toLowerCase(Locale.ROOT), f));
        }
        if (policy.equals("flush")) {
            libraries.clear();
            functions.clear();
        } else {
            List<Library> replaced = new ArrayList<>();
            for (Library library : restored.values()) {
                Library old = libraries.get(library.name());
                if (old != null) {
                    if (policy.equals("append")) {
                        throw new CommandException("ERR Library " + library.name() + " already exists");
                    }
                    replaced.add(old);
                }
            }
            Set<Library> leaving = new HashSet<>(replaced);
            for (Function f : restoredFunctions.values()) {
                Function existing = functions.get(f.name().toLowerCase(Locale.ROOT));
                if (existing != null && !leaving.contains(existing.library())) {
                    throw new CommandException("ERR Function " + f.name() + " already exists");
                }
            }
            replaced.forEach(this::unlink);
        }
        restored.values().forEach(this::link);
        c.reply.ok();
    }

    // ---- FCALL --------------------------------------------------------------------------------------------------

    /** FCALL / FCALL_RO name numkeys key... arg... */
    public void call(Context c, boolean readOnly) {
        Function function = functions.get(latin1(c.arg(1)).toLowerCase(Locale.ROOT));
        if (function == null) {
            throw new CommandException("ERR Function not found");
        }
        Long numkeys = Context.tryParseLong(c.arg(2));
        if (numkeys == null) {
            throw new CommandException("ERR Bad number of keys provided");
        }
        if (numkeys > c.argc() - 3) {
            throw new CommandException("ERR Number of keys can't be greater than number of args");
        } else if (numkeys < 0) {
            throw new CommandException("ERR Number of keys can't be negative");
        }
        boolean noWrites = (function.registered().flags() & Scripting.NO_WRITES) != 0;
        if (readOnly && !noWrites) {
            throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
        }
        engine.callFunction(c, function.name(), function.registered().callback(), (int) (long) numkeys,
                readOnly || noWrites);
    }

    // ---- FUNCTION DELETE / FLUSH / LIST / STATS ------------------------------------------------------------------

    public void delete(Context c) {
        Library library = libraries.get(latin1(c.arg(2)));
        if (library == null) {
            throw new CommandException("ERR Library not found");
        }
        unlink(library);
        c.reply.ok();
    }

    public void flush(Context c) {
        if (c.argc() > 3) {
            throw subcommandSyntax(c);
        }
        if (c.argc() == 3 && !c.is(2, "sync") && !c.is(2, "async")) {
            throw new CommandException("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        }
        libraries.clear();
        functions.clear();
        engine = Scripting.forFunctions(); // a fresh Lua state: nothing of the old libraries stays reachable
        c.reply.ok();
    }

    /** FUNCTION LIST [WITHCODE] [LIBRARYNAME pattern]. */
    public void list(Context c) {
        boolean withCode = false;
        byte[] pattern = null;
        for (int i = 2; i < c.argc(); i++) {
            if (!withCode && c.is(i, "withcode")) {
                withCode = true;
                continue;
            }
            if (pattern == null && c.is(i, "libraryname")) {
                if (i >= c.argc() - 1) {
                    throw new CommandException("ERR library name argument was not given");
                }
                pattern = c.arg(++i);
                continue;
            }
            throw new CommandException("ERR Unknown argument " + c.argString(i));
        }
        List<Library> shown = new ArrayList<>();
        for (Library library : libraries.values()) {
            if (pattern == null || Glob.matches(pattern, library.name().getBytes(StandardCharsets.ISO_8859_1), true)) {
                shown.add(library);
            }
        }
        Reply reply = c.reply;
        reply.array(shown.size());
        for (Library library : shown) {
            reply.map(withCode ? 4 : 3);
            reply.bulk("library_name");
            reply.bulk(library.name().getBytes(StandardCharsets.ISO_8859_1));
            reply.bulk("engine");
            reply.bulk("LUA");
            reply.bulk("functions");
            reply.array(library.functions().size());
            for (Function function : library.functions()) {
                RegisteredFunction f = function.registered();
                reply.map(3);
                reply.bulk("name");
                reply.bulk(f.name().getBytes(StandardCharsets.ISO_8859_1));
                reply.bulk("description");
                if (f.description() == null) {
                    reply.nullBulk();
                } else {
                    reply.bulk(f.description());
                }
                reply.bulk("flags");
                reply.set(Integer.bitCount(f.flags()));
                for (int bit = 0; bit < Scripting.FLAG_NAMES.length; bit++) {
                    if ((f.flags() & 1 << bit) != 0) {
                        reply.simple(Scripting.FLAG_NAMES[bit]);
                    }
                }
            }
            if (withCode) {
                reply.bulk("library_code");
                reply.bulk(library.code());
            }
        }
    }

    /** FUNCTION STATS: no function is ever running while a command is served (one event loop). */
    public void stats(Context c) {
        Reply reply = c.reply;
        reply.map(2);
        reply.bulk("running_script");
        reply.nullBulk();
        reply.bulk("engines");
        reply.map(1);
        reply.bulk("LUA");
        reply.map(2);
        reply.bulk("libraries_count");
        reply.integer(libraries.size());
        reply.bulk("functions_count");
        reply.integer(functions.size());
    }

    /** addReplySubcommandSyntaxError: the subcommand as the client typed it. */
    private static CommandException subcommandSyntax(Context c) {
        return new CommandException("ERR unknown subcommand or wrong number of arguments for '" + latin1(c.arg(1))
                + "'. Try FUNCTION HELP.");
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
