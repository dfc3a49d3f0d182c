package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.CommandTable;
import io.github.primkit.server.internal.engine.Flag;
import io.github.primkit.server.internal.engine.Handler;
import java.util.EnumSet;

/** Shorthands the command families use to register commands with Redis's metadata. */
final class Registry {
    private final CommandTable table;

    Registry(CommandTable table) {
        this.table = table;
    }

    static EnumSet<Flag> flags(Flag... flags) {
        EnumSet<Flag> set = EnumSet.noneOf(Flag.class);
        for (Flag flag : flags) {
            set.add(flag);
        }
        return set;
    }

    /** A command without keys. */
    CommandSpec add(String name, int arity, EnumSet<Flag> flags, Handler handler) {
        return table.add(name, arity, flags, 0, 0, 0, handler);
    }

    /** A command with keys at first..last (negative last counts from the end) every step. */
    CommandSpec add(String name, int arity, EnumSet<Flag> flags, int first, int last, int step, Handler handler) {
        return table.add(name, arity, flags, first, last, step, handler);
    }

    CommandSpec container(String name, int arity, EnumSet<Flag> flags) {
        return table.container(name, arity, flags);
    }

    CommandSpec sub(CommandSpec container, String name, int arity, EnumSet<Flag> flags, Handler handler) {
        return table.sub(container, name, arity, flags, 0, 0, 0, handler);
    }

    CommandSpec sub(CommandSpec container, String name, int arity, EnumSet<Flag> flags, int first, int last,
            int step, Handler handler) {
        return table.sub(container, name, arity, flags, first, last, step, handler);
    }

    CommandTable table() {
        return table;
    }
}
