package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.ALLOW_BUSY;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.NOSCRIPT;
import static io.github.primkit.server.internal.engine.Flag.NO_MULTI;
import static io.github.primkit.server.internal.engine.Flag.STALE;

import io.github.primkit.server.internal.engine.CommandException;

/** MULTI, EXEC, DISCARD, WATCH, UNWATCH, with Redis's semantics (see {@code Engine#exec}). */
final class TransactionCommands {
    private TransactionCommands() {
    }

    static void register(Registry r) {
        // MULTI and WATCH carry NO_MULTI: inside MULTI the dispatcher refuses them (and flags the transaction).
        r.add("multi", 1, flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY), c -> {
            c.engine.multi(c.client);
            c.reply.ok();
        });
        r.add("exec", 1, flags(NOSCRIPT, LOADING, STALE), c -> c.engine.exec(c));
        r.add("discard", 1, flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY), c -> {
            if (!c.client.inMulti()) {
                throw new CommandException("ERR DISCARD without MULTI");
            }
            c.engine.discard(c.client);
            c.reply.ok();
        });
        r.add("watch", -2, flags(NOSCRIPT, LOADING, STALE, FAST, NO_MULTI, ALLOW_BUSY), 1, -1, 1, c -> {
            for (int i = 1; i < c.argc(); i++) {
                c.engine.watch(c.client, c.arg(i), c.now);
            }
            c.reply.ok();
        });
        r.add("unwatch", 1, flags(NOSCRIPT, LOADING, STALE, FAST, ALLOW_BUSY), c -> {
            c.engine.unwatchAll(c.client);
            c.reply.ok();
        });
    }
}
