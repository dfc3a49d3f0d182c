package io.github.primkit.server.internal.engine;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every command the server knows, registered explicitly by the command families; looked up by lower-cased name
 * without allocating for names up to 32 bytes.
 */
public final class CommandTable {
    private final Map<String, CommandSpec> commands = new TreeMap<>();

    /** Registers a command. Keys: first, last (negative counts from the end), step; 0/0/0 for none. */
    public CommandSpec add(String name, int arity, EnumSet<Flag> flags, int firstKey, int lastKey, int step,
            Handler handler) {
        String lower = name.toLowerCase(Locale.ROOT);
        CommandSpec spec = new CommandSpec(lower, lower, arity, flags, firstKey, lastKey, step, handler);
        if (commands.putIfAbsent(lower, spec) != null) {
            throw new IllegalStateException("command registered twice: " + lower);
        }
        return spec;
    }

    /** Registers a container command (CLIENT, CONFIG...) whose subcommands are added with {@link #sub}. */
    public CommandSpec container(String name, int arity, EnumSet<Flag> flags) {
        return add(name, arity, flags, 0, 0, 0, null);
    }

    /** Registers a subcommand of a container. */
    public CommandSpec sub(CommandSpec container, String name, int arity, EnumSet<Flag> flags, int firstKey,
            int lastKey, int step, Handler handler) {
        String lower = name.toLowerCase(Locale.ROOT);
        CommandSpec spec = new CommandSpec(lower, container.name() + "|" + lower, arity, flags, firstKey, lastKey,
                step, handler);
        if (container.subcommands().putIfAbsent(lower, spec) != null) {
            throw new IllegalStateException("subcommand registered twice: " + spec.fullName());
        }
        return spec;
    }

    public CommandSpec lookup(byte[] name) {
        return commands.get(lowerAscii(name));
    }

    public CommandSpec lookup(String name) {
        return commands.get(name.toLowerCase(Locale.ROOT));
    }

    public Collection<CommandSpec> all() {
        return commands.values();
    }

    public int size() {
        return commands.size();
    }

    static String lowerAscii(byte[] bytes) {
        byte[] lower = null;
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b >= 'A' && b <= 'Z') {
                if (lower == null) {
                    lower = bytes.clone();
                }
                lower[i] = (byte) (b + 32);
            }
        }
        return new String(lower == null ? bytes : lower, StandardCharsets.ISO_8859_1);
    }
}
