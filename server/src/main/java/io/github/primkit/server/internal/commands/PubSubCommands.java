package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.NOSCRIPT;
import static io.github.primkit.server.internal.engine.Flag.PUBSUB;
import static io.github.primkit.server.internal.engine.Flag.STALE;

import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, PUBSUB. */
final class PubSubCommands {
    private PubSubCommands() {
    }

    static void register(Registry r) {
        r.add("subscribe", -2, flags(PUBSUB, NOSCRIPT, LOADING, STALE), c -> {
            for (int i = 1; i < c.argc(); i++) {
                c.engine.pubsub().subscribe(c.client, c.arg(i));
            }
        });
        r.add("psubscribe", -2, flags(PUBSUB, NOSCRIPT, LOADING, STALE), c -> {
            for (int i = 1; i < c.argc(); i++) {
                c.engine.pubsub().psubscribe(c.client, c.arg(i));
            }
        });
        r.add("unsubscribe", -1, flags(PUBSUB, NOSCRIPT, LOADING, STALE),
                c -> c.engine.pubsub().unsubscribe(c.client, rest(c), true));
        r.add("punsubscribe", -1, flags(PUBSUB, NOSCRIPT, LOADING, STALE),
                c -> c.engine.pubsub().punsubscribe(c.client, rest(c), true));
        r.add("publish", 3, flags(PUBSUB, LOADING, STALE, FAST),
                c -> c.reply.integer(c.engine.pubsub().publish(c.arg(1), c.arg(2))));
        CommandSpec pubsub = r.container("pubsub", -2, flags());
        r.sub(pubsub, "channels", -2, flags(PUBSUB, LOADING, STALE), c -> {
            if (c.argc() > 3) {
                throw new CommandException("ERR wrong number of arguments for 'pubsub|channels' command");
            }
            List<byte[]> channels = c.engine.pubsub().channels(c.argc() == 3 ? c.arg(2) : null);
            c.reply.array(channels.size());
            channels.forEach(c.reply::bulk);
        });
        r.sub(pubsub, "numsub", -2, flags(PUBSUB, LOADING, STALE), c -> {
            c.reply.map(c.argc() - 2);
            for (int i = 2; i < c.argc(); i++) {
                c.reply.bulk(c.arg(i));
                c.reply.integer(c.engine.pubsub().subscribers(c.arg(i)));
            }
        });
        r.sub(pubsub, "numpat", 2, flags(PUBSUB, LOADING, STALE),
                c -> c.reply.integer(c.engine.pubsub().patternCount()));
    }

    private static List<byte[]> rest(Context c) {
        return c.argc() <= 1 ? List.of() : new ArrayList<>(Arrays.asList(c.args).subList(1, c.argc()));
    }
}
