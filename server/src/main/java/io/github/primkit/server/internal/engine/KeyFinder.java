package io.github.primkit.server.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * Finds the keys of a command in its arguments, as Redis 7.2 does for COMMAND GETKEYS: from the command's key specs
 * when it has some and their flags do not depend on the arguments; when the specs do not fit the arguments (a bad
 * key count, a range past the end) or the flags vary (SET ... GET), from the command's own key procedure, whose keys
 * may come without flags.
 */
public final class KeyFinder {
    private KeyFinder() {
    }

    /** A command-specific key search (Redis's getkeys_proc), for what key specs cannot express. */
    @FunctionalInterface
    public interface Procedure {
        void find(byte[][] args, KeyRefs out);
    }

    /** Whether the command can have keys at all: a key procedure, or a key spec that is not marked not-a-key. */
    public static boolean hasKeys(CommandSpec command) {
        return command.keysProcedure() != null || (allFlags(command, true) & KeyFlag.NOT_KEY.bit()) != 0;
    }

    /** Adds the keys of {@code args} (the command name first) to {@code out}; none when they cannot be found. */
    public static void find(CommandSpec command, byte[][] args, KeyRefs out) {
        boolean hasSpec = (allFlags(command, true) & KeyFlag.NOT_KEY.bit()) != 0;
        boolean variableFlags = (allFlags(command, false) & KeyFlag.VARIABLE_FLAGS.bit()) != 0;
        if (hasSpec && !variableFlags && fromSpecs(command, args, out)) {
            return;
        }
        out.clear();
        if (command.keysProcedure() != null) {
            command.keysProcedure().find(args, out);
        }
    }

    /** Every flag of any spec, or with {@code inverted} every flag some spec lacks. */
    private static int allFlags(CommandSpec command, boolean inverted) {
        int flags = 0;
        for (KeySpec spec : command.keySpecs()) {
            flags |= inverted ? ~spec.flags : spec.flags;
        }
        return flags;
    }

    /** Redis's getKeysUsingKeySpecs: false when a spec does not fit the arguments. */
    private static boolean fromSpecs(CommandSpec command, byte[][] args, KeyRefs out) {
        int argc = args.length;
        for (KeySpec spec : command.keySpecs()) {
            if (spec.has(KeyFlag.NOT_KEY)) {
                continue;
            }
            int first = 0;
            if (spec.keyword == null) {
                first = spec.index;
            } else {
                first = keywordPosition(spec, args);
                if (first == 0) {
                    continue;
                }
            }
            int last;
            int step;
            if (!spec.keyNum) {
                step = spec.step;
                if (spec.lastKey >= 0) {
                    last = first + spec.lastKey;
                } else if (spec.limit == 0) {
                    last = argc + spec.lastKey;
                } else {
                    last = first + ((argc - first) / spec.limit + spec.lastKey);
                }
            } else {
                step = spec.step;
                int countAt = first + spec.keyNumIndex;
                if (spec.keyNumIndex >= argc || countAt >= argc) {
                    return false;
                }
                Long count = Context.tryParseLong(args[countAt]);
                if (count == null || count < 0) {
                    return false;
                }
                first += spec.firstKey;
                // As Redis 7.2 and valkey: the count is truncated to an int.
                last = first + (int) (long) count - 1;
            }
            if (last >= argc || last < first || first >= argc) {
                return false;
            }
            for (int i = first; i <= last; i += step) {
                out.add(i, spec.flags);
            }
            if (spec.has(KeyFlag.INCOMPLETE)) {
                return false;
            }
        }
        return true;
    }

    /** The position after the spec's keyword (ignoring case), or 0; the last argument is never taken as it. */
    private static int keywordPosition(KeySpec spec, byte[][] args) {
        int argc = args.length;
        int start = spec.startFrom > 0 ? spec.startFrom : argc + spec.startFrom;
        int end = spec.startFrom > 0 ? argc - 1 : 1;
        byte[] keyword = spec.keyword.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
            if (i >= argc || i < 1) {
                break;
            }
            if (equalsIgnoreCase(args[i], keyword)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** C's strcasecmp(arg, word) == 0: ASCII case ignored, the argument read up to its first NUL. */
    public static boolean equalsIgnoreCase(byte[] arg, byte[] word) {
        if (arg.length < word.length || (arg.length > word.length && arg[word.length] != 0)) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (lower(arg[i]) != lower(word[i])) {
                return false;
            }
        }
        return true;
    }

    private static int lower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }

    /**
     * C's atoi as glibc has it ({@code (int) strtol}): leading white space, a sign, then digits up to the first
     * other character; 0 when there are none; out-of-range values clamp to a long, then keep their low 32 bits.
     */
    public static int atoi(byte[] text) {
        int i = 0;
        int n = text.length;
        while (i < n && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        long value = 0;
        boolean overflow = false;
        for (; i < n && text[i] >= '0' && text[i] <= '9'; i++) {
            int d = text[i] - '0';
            if (value > (Long.MAX_VALUE - d) / 10) {
                overflow = true;
            } else {
                value = value * 10 + d;
            }
        }
        if (overflow) {
            return (int) (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        return (int) (negative ? -value : value);
    }
}
