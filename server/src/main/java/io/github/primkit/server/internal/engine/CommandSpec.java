package io.github.primkit.server.internal.engine;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A command's metadata, as Redis's command table has it: name, arity (n = exactly n arguments including the name,
 * -n = at least n), flags, and the key positions (first key, last key (negative counts from the end), step). A
 * container command (CLIENT, CONFIG, ...) has subcommands instead of a handler.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final int arity;
    private final Set<Flag> flags;
    private final int firstKey;
    private final int lastKey;
    private final int step;
    private final Handler handler;
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private final CommandStats stats = new CommandStats();
    private KeySpec[] keySpecs = new KeySpec[0];
    private KeyFinder.Procedure keysProcedure;

    CommandSpec(String name, String fullName, int arity, Set<Flag> flags, int firstKey, int lastKey, int step,
            Handler handler) {
        this.name = name;
        this.fullName = fullName;
        this.arity = arity;
        this.flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
        this.firstKey = firstKey;
        this.lastKey = lastKey;
        this.step = step;
        this.handler = handler;
    }

    public String name() {
        return name;
    }

    /** {@code get}, or {@code client|setname} for a subcommand. */
    public String fullName() {
        return fullName;
    }

    public int arity() {
        return arity;
    }

    public Set<Flag> flags() {
        return flags;
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    public int firstKey() {
        return firstKey;
    }

    public int lastKey() {
        return lastKey;
    }

    public int step() {
        return step;
    }

    /** The key specs (Redis 7), in Redis's order; empty for a command without keys. */
    public KeySpec[] keySpecs() {
        return keySpecs;
    }

    /** The command's own key search, for arguments its key specs cannot describe; null if none. */
    public KeyFinder.Procedure keysProcedure() {
        return keysProcedure;
    }

    /** Declares the command's key specs and (optionally) its own key search; see {@link KeyFinder}. */
    public CommandSpec keys(KeyFinder.Procedure procedure, KeySpec... specs) {
        this.keysProcedure = procedure;
        this.keySpecs = specs.clone();
        return this;
    }

    public Handler handler() {
        return handler;
    }

    public boolean isContainer() {
        return handler == null;
    }

    public Map<String, CommandSpec> subcommands() {
        return subcommands;
    }

    public CommandStats stats() {
        return stats;
    }

    /** Whether {@code argc} arguments (including the name) satisfy the arity. */
    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /** Calls, time and failures of one command, for INFO commandstats. */
    public static final class CommandStats {
        public long calls;
        public long micros;
        public long rejected;
        public long failed;
    }
}
