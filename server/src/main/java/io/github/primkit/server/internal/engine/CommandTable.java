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
    /** Open-addressing index by case-insensitive name bytes, so lookups allocate nothing. */
    private CommandSpec[] index = new CommandSpec[0];
    private byte[][] indexNames = new byte[0][];

    /** Registers a command. Keys: first, last (negative counts from the end), step; 0/0/0 for none. */
    public CommandSpec add(String name, int arity, EnumSet<Flag> flags, int firstKey, int lastKey, int step,
            Handler handler) {
        String lower = name.toLowerCase(Locale.ROOT);
        CommandSpec spec = new CommandSpec(lower, lower, arity, flags, firstKey, lastKey, step, handler);
        if (commands.putIfAbsent(lower, spec) != null) {
            throw new IllegalStateException("command registered twice: " + lower);
        }
        rebuildIndex();
        return spec;
    }

    private void rebuildIndex() {
        int capacity = Integer.highestOneBit(Math.max(4, commands.size() * 4 - 1)) * 2;
        CommandSpec[] specs = new CommandSpec[capacity];
        byte[][] names = new byte[capacity][];
        for (CommandSpec spec : commands.values()) {
            byte[] name = spec.name().getBytes(StandardCharsets.ISO_8859_1);
            int i = hashLower(name) & (capacity - 1);
            while (specs[i] != null) {
                i = (i + 1) & (capacity - 1);
            }
            specs[i] = spec;
            names[i] = name;
        }
        index = specs;
        indexNames = names;
    }

    private static int hashLower(byte[] name) {
        int h = 0;
        for (byte b : name) {
            h = 31 * h + (b >= 'A' && b <= 'Z' ? b + 32 : b);
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsLower(byte[] lowerName, byte[] candidate) {
        if (lowerName.length != candidate.length) {
            return false;
        }
        for (int i = 0; i < candidate.length; i++) {
            byte b = candidate[i];
            if ((b >= 'A' && b <= 'Z' ? b + 32 : b) != lowerName[i]) {
                return false;
            }
        }
        return true;
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
        CommandSpec[] specs = index;
        byte[][] names = indexNames;
        int mask = specs.length - 1;
        int i = hashLower(name) & mask;
        while (specs[i] != null) {
            if (equalsLower(names[i], name)) {
                return specs[i];
            }
            i = (i + 1) & mask;
        }
        return null;
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
