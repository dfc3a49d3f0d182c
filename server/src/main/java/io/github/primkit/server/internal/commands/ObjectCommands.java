package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.READONLY;

import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;

/**
 * OBJECT ENCODING, REFCOUNT, FREQ and HELP. Encodings are the ones Redis would use for the same value (see
 * {@link Values#encodingName}). IDLETIME is not provided: the server keeps no per-key access time (docs/compatibility.md).
 */
final class ObjectCommands {
    /** Redis shares the string objects of the integers 0..9999 and reports them with this reference count. */
    private static final int SHARED_INTEGERS = 10_000;
    private static final long SHARED_REFCOUNT = Integer.MAX_VALUE;

    private static final String[] HELP = {
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Print this help.",
    };

    private ObjectCommands() {
    }

    static void register(Registry r) {
        CommandSpec object = r.container("object", -2, flags());
        r.sub(object, "encoding", 3, flags(READONLY), 2, 2, 1, c -> {
            Object value = c.db().get(c.arg(2), c.now);
            c.reply.bulk(value == null ? null : Values.encodingName(value));
        });
        r.sub(object, "refcount", 3, flags(READONLY), 2, 2, 1, c -> {
            Object value = c.db().get(c.arg(2), c.now);
            if (value == null) {
                c.reply.nullBulk();
                return;
            }
            c.reply.integer(isSharedInteger(value) ? SHARED_REFCOUNT : 1);
        });
        r.sub(object, "freq", 3, flags(READONLY), 2, 2, 1, c -> {
            if (c.db().get(c.arg(2), c.now) == null) {
                c.reply.nullBulk();
                return;
            }
            throw new CommandException("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some "
                    + "time to adjust.");
        });
        r.sub(object, "help", 2, flags(), c -> {
            c.reply.array(HELP.length);
            for (String line : HELP) {
                c.reply.simple(line);
            }
        });
    }

    private static boolean isSharedInteger(Object value) {
        if (!(value instanceof byte[] bytes) || !Values.isCanonicalLong(bytes)) {
            return false;
        }
        long number = Long.parseLong(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
        return number >= 0 && number < SHARED_INTEGERS;
    }
}
