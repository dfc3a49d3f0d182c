package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.engine.CommandTable;

/** The command table of the bundled server: every family registers its commands here, explicitly. */
public final class StandardCommands {
    private StandardCommands() {
    }

    public static CommandTable table() {
        Registry registry = new Registry(new CommandTable());
        ConnectionCommands.register(registry);
        ServerCommands.register(registry);
        KeyCommands.register(registry);
        ObjectCommands.register(registry);
        StringCommands.register(registry);
        HashCommands.register(registry);
        SetCommands.register(registry);
        ListCommands.register(registry);
        StreamCommands.register(registry);
        SortedSetCommands.register(registry);
        GeoCommands.register(registry);
        TransactionCommands.register(registry);
        PubSubCommands.register(registry);
        ScriptingCommands.register(registry);
        KeySpecs.install(registry.table());
        return registry.table();
    }
}
