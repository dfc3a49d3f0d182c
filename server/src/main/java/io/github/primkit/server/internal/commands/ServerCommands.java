package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.ADMIN;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.NOSCRIPT;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.STALE;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.engine.Blocking;
import io.github.primkit.server.internal.engine.Client;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.engine.Flag;
import io.github.primkit.server.internal.engine.Glob;
import io.github.primkit.server.internal.engine.KeyFinder;
import io.github.primkit.server.internal.engine.KeyFlag;
import io.github.primkit.server.internal.engine.KeyRefs;
import io.github.primkit.server.internal.engine.Settings;
import io.github.primkit.server.internal.protocol.Reply;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** COMMAND, INFO, DBSIZE, FLUSHDB, FLUSHALL, TIME, CONFIG. */
final class ServerCommands {
    private ServerCommands() {
    }

    static void register(Registry r) {
        CommandSpec command = r.add("command", -1, flags(LOADING, STALE), ServerCommands::commandAll);
        // COMMAND is both a command (no arguments) and a container; subcommands are registered on it.
        r.sub(command, "count", 2, flags(LOADING, STALE), c -> c.reply.integer(c.engine.commands().size()));
        r.sub(command, "info", -2, flags(LOADING, STALE), ServerCommands::commandInfo);
        r.sub(command, "docs", -2, flags(LOADING, STALE), ServerCommands::commandDocs);
        r.sub(command, "list", -2, flags(LOADING, STALE), ServerCommands::commandList);
        r.sub(command, "getkeys", -3, flags(LOADING, STALE), c -> commandGetKeys(c, false));
        r.sub(command, "getkeysandflags", -3, flags(LOADING, STALE), c -> commandGetKeys(c, true));
        r.add("info", -1, flags(LOADING, STALE), ServerCommands::info);
        r.add("dbsize", 1, flags(READONLY, FAST), c -> c.reply.integer(c.db().size()));
        r.add("flushdb", -1, flags(WRITE), c -> {
            flushMode(c);
            c.engine.flushDatabases(() -> c.db().flush());
            c.reply.ok();
        });
        r.add("flushall", -1, flags(WRITE), c -> {
            flushMode(c);
            c.engine.flushDatabases(() -> {
                for (int i = 0; i < c.engine.databaseCount(); i++) {
                    c.engine.database(i).flush();
                }
            });
            c.reply.ok();
        });
        // No replicas ever acknowledge: WAIT answers 0, at once when it needs none or may not block (MULTI, scripts),
        // else after its timeout (0 = for ever), as Redis without replicas does.
        r.add("wait", 3, flags(Flag.BLOCKING), c -> {
            long replicas = Context.parseLong(c.arg(1), "ERR value is not an integer or out of range");
            long timeout = Context.parseLong(c.arg(2), "ERR timeout is not an integer or out of range");
            if (timeout < 0) {
                throw new CommandException("ERR timeout is negative");
            }
            if (replicas <= 0 || c.atomic) {
                c.reply.integer(0);
                return;
            }
            c.block(new byte[0][], timeout, new Blocking.Waiter() {
                @Override
                public boolean tryServe(Context context) {
                    return false;
                }

                @Override
                public void timeout(Reply reply) {
                    reply.integer(0);
                }
            });
        });
        r.add("time", 1, flags(LOADING, STALE, FAST), c -> {
            // The command time snapshot: inside a script or an EXEC, TIME does not advance (valkey 8.0, Redis 7.2).
            long micros = c.engine.timeMicros();
            c.reply.array(2);
            c.reply.bulk(Long.toString(micros / 1_000_000));
            c.reply.bulk(Long.toString(micros % 1_000_000));
        });
        r.add("lastsave", 1, flags(LOADING, STALE, FAST), c -> c.reply.integer(c.engine.startedAt() / 1000));
        CommandSpec config = r.container("config", -2, flags());
        r.sub(config, "get", -3, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::configGet);
        r.sub(config, "set", -4, flags(ADMIN, NOSCRIPT, LOADING, STALE), ServerCommands::configSet);
        r.sub(config, "resetstat", 2, flags(ADMIN, NOSCRIPT, LOADING, STALE), c -> {
            for (CommandSpec spec : c.engine.commands().all()) {
                resetStats(spec);
            }
            c.engine.stats().errorCodes.clear();
            c.reply.ok();
        });
    }

    private static void resetStats(CommandSpec spec) {
        spec.stats().calls = 0;
        spec.stats().micros = 0;
        spec.stats().failed = 0;
        spec.stats().rejected = 0;
        spec.subcommands().values().forEach(ServerCommands::resetStats);
    }

    private static void flushMode(Context c) {
        if (c.argc() > 2 || (c.argc() == 2 && !c.is(1, "sync") && !c.is(1, "async"))) {
            throw CommandException.syntax();
        }
    }

    // ---- COMMAND -----------------------------------------------------------------------------------------------

    private static void commandAll(Context c) {
        List<CommandSpec> all = new ArrayList<>(c.engine.commands().all());
        c.reply.array(all.size());
        for (CommandSpec spec : all) {
            writeInfo(c.reply, spec);
        }
    }

    private static void commandInfo(Context c) {
        if (c.argc() == 2) {
            commandAll(c);
            return;
        }
        c.reply.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            CommandSpec spec = find(c, c.argString(i));
            if (spec == null) {
                c.reply.nullArray();
            } else {
                writeInfo(c.reply, spec);
            }
        }
    }

    private static CommandSpec find(Context c, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        int bar = lower.indexOf('|');
        if (bar < 0) {
            return c.engine.commands().lookup(lower);
        }
        CommandSpec container = c.engine.commands().lookup(lower.substring(0, bar));
        return container == null ? null : container.subcommands().get(lower.substring(bar + 1));
    }

    /** COMMAND INFO's array: name, arity, flags, first key, last key, step, ACL categories, tips, key specs, subs. */
    private static void writeInfo(Reply reply, CommandSpec spec) {
        reply.array(10);
        reply.bulk(spec.fullName());
        reply.integer(spec.arity());
        reply.set(spec.flags().size());
        for (Flag flag : spec.flags()) {
            reply.simple(flag.wireName());
        }
        reply.integer(spec.firstKey());
        reply.integer(spec.lastKey());
        reply.integer(spec.step());
        reply.set(0);
        reply.set(0);
        reply.array(0);
        reply.array(spec.subcommands().size());
        for (CommandSpec sub : spec.subcommands().values()) {
            writeInfo(reply, sub);
        }
    }

    private static void commandDocs(Context c) {
        List<CommandSpec> specs = new ArrayList<>();
        if (c.argc() == 2) {
            specs.addAll(c.engine.commands().all());
        } else {
            for (int i = 2; i < c.argc(); i++) {
                CommandSpec spec = find(c, c.argString(i));
                if (spec != null) {
                    specs.add(spec);
                }
            }
        }
        c.reply.map(specs.size());
        for (CommandSpec spec : specs) {
            c.reply.bulk(spec.fullName());
            c.reply.map(spec.subcommands().isEmpty() ? 3 : 4);
            c.reply.bulk("summary");
            c.reply.bulk("");
            c.reply.bulk("since");
            c.reply.bulk("1.0.0");
            c.reply.bulk("group");
            c.reply.bulk("generic");
            if (!spec.subcommands().isEmpty()) {
                c.reply.bulk("subcommands");
                c.reply.map(0);
            }
        }
    }

    private static void commandList(Context c) {
        byte[] pattern = null;
        if (c.argc() == 5 && c.is(2, "filterby") && c.is(3, "pattern")) {
            pattern = c.arg(4);
        } else if (c.argc() != 2) {
            throw CommandException.syntax();
        }
        List<String> names = new ArrayList<>();
        for (CommandSpec spec : c.engine.commands().all()) {
            addName(names, spec.fullName(), pattern);
            for (CommandSpec sub : spec.subcommands().values()) {
                addName(names, sub.fullName(), pattern);
            }
        }
        c.reply.array(names.size());
        names.forEach(c.reply::bulk);
    }

    /**
     * COMMAND GETKEYS / GETKEYSANDFLAGS: the keys of the command given as arguments (and their flags), found as Redis
     * 7.2 does; see {@link KeyFinder}.
     */
    private static void commandGetKeys(Context c, boolean withFlags) {
        byte[][] args = Arrays.copyOfRange(c.args, 2, c.argc());
        CommandSpec spec = c.engine.commands().lookup(args[0]);
        if (spec != null && args.length > 1 && !spec.subcommands().isEmpty()) {
            spec = spec.subcommands().get(new String(args[1], StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT));
        }
        if (spec == null) {
            throw new CommandException("ERR Invalid command specified");
        }
        if (!KeyFinder.hasKeys(spec)) {
            throw new CommandException("ERR The command has no key arguments");
        }
        if (!spec.arityAccepts(args.length)) {
            throw new CommandException("ERR Invalid number of arguments specified for command");
        }
        KeyRefs keys = new KeyRefs();
        KeyFinder.find(spec, args, keys);
        if (keys.size() == 0 && !spec.has(Flag.NO_MANDATORY_KEYS)) {
            throw new CommandException("ERR Invalid arguments specified for command");
        }
        c.reply.array(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (withFlags) {
                c.reply.array(2);
            }
            c.reply.bulk(args[keys.position(i)]);
            if (withFlags) {
                int flags = keys.flags(i);
                c.reply.set(Integer.bitCount(flags));
                for (KeyFlag flag : KeyFlag.values()) {
                    if ((flags & flag.bit()) != 0) {
                        c.reply.simple(flag.wireName());
                    }
                }
            }
        }
    }

    private static void addName(List<String> names, String name, byte[] pattern) {
        if (pattern == null || Glob.matches(pattern, name.getBytes(StandardCharsets.UTF_8), true)) {
            names.add(name);
        }
    }

    // ---- INFO --------------------------------------------------------------------------------------------------

    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence",
            "stats", "replication", "cpu", "errorstats", "cluster", "keyspace");

    private static void info(Context c) {
        List<String> sections = new ArrayList<>();
        if (c.argc() == 1) {
            sections.addAll(DEFAULT_SECTIONS);
        }
        for (int i = 1; i < c.argc(); i++) {
            String name = c.argString(i).toLowerCase(Locale.ROOT);
            switch (name) {
                case "default" -> sections.addAll(DEFAULT_SECTIONS);
                case "all", "everything" -> {
                    sections.addAll(DEFAULT_SECTIONS);
                    sections.add("commandstats");
                }
                default -> sections.add(name);
            }
        }
        StringBuilder text = new StringBuilder();
        for (String section : sections.stream().distinct().toList()) {
            String body = section(c, section);
            if (body != null) {
                if (text.length() > 0) {
                    text.append("\r\n");
                }
                text.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1))
                        .append("\r\n").append(body);
            }
        }
        c.reply.verbatim(text.toString());
    }

    private static String section(Context c, String name) {
        Engine e = c.engine;
        Map<String, Object> f = new LinkedHashMap<>();
        switch (name) {
            case "server" -> {
                f.put("redis_version", ConnectionCommands.VERSION);
                f.put("server_name", "primkit");
                f.put("primkit_version", ServerCommands.class.getPackage().getImplementationVersion() == null
                        ? "dev" : ServerCommands.class.getPackage().getImplementationVersion());
                f.put("redis_mode", "standalone");
                f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
                f.put("arch_bits", 64);
                f.put("multiplexing_api", e.settings().transport);
                f.put("java_version", System.getProperty("java.version"));
                f.put("process_id", ProcessHandle.current().pid());
                f.put("tcp_port", e.settings().port);
                long uptime = (c.now - e.startedAt()) / 1000;
                f.put("uptime_in_seconds", uptime);
                f.put("uptime_in_days", uptime / 86400);
                f.put("hz", e.settings().hz);
                f.put("executable", "java");
            }
            case "clients" -> {
                f.put("connected_clients", e.clients().size());
                f.put("maxclients", e.settings().maxClients);
                f.put("blocked_clients", e.blocking().blockedClients() + e.pause().postponedClients());
                f.put("pubsub_clients", e.clients().stream().filter(x -> x.subscriptions() > 0).count());
                f.put("watching_clients", e.clients().stream().filter(Client::watching).count());
            }
            case "memory" -> {
                Runtime rt = Runtime.getRuntime();
                long used = rt.totalMemory() - rt.freeMemory();
                f.put("used_memory", used);
                f.put("used_memory_human", human(used));
                f.put("used_memory_peak", used);
                f.put("maxmemory", 0);
                f.put("maxmemory_policy", "noeviction");
                f.put("jvm_heap_committed", rt.totalMemory());
                f.put("jvm_heap_max", rt.maxMemory());
                f.put("mem_allocator", "jvm");
            }
            case "persistence" -> {
                f.put("loading", 0);
                f.put("rdb_changes_since_last_save", 0);
                f.put("rdb_bgsave_in_progress", 0);
                f.put("rdb_last_save_time", e.startedAt() / 1000);
                f.put("aof_enabled", 0);
            }
            case "stats" -> {
                Engine.Stats s = e.stats();
                f.put("total_connections_received", s.connectionsReceived);
                f.put("total_commands_processed", s.commandsProcessed);
                f.put("rejected_connections", s.rejectedConnections);
                long expired = 0;
                for (int i = 0; i < e.databaseCount(); i++) {
                    expired += e.database(i).expiredKeys();
                }
                f.put("expired_keys", expired);
                f.put("keyspace_hits", s.keyspaceHits);
                f.put("keyspace_misses", s.keyspaceMisses);
                f.put("pubsub_channels", e.pubsub().channelCount());
                f.put("pubsub_patterns", e.pubsub().patternCount());
                f.put("total_error_replies", s.errorReplies);
            }
            case "replication" -> {
                f.put("role", "master");
                f.put("connected_slaves", 0);
                f.put("master_repl_offset", 0);
            }
            case "cpu" -> {
                var bean = ManagementFactory.getThreadMXBean();
                f.put("used_cpu_sys", "0.000000");
                f.put("used_cpu_user", String.format(Locale.ROOT, "%.6f",
                        bean.isCurrentThreadCpuTimeSupported() ? bean.getCurrentThreadCpuTime() / 1e9 : 0.0));
            }
            case "cluster" -> f.put("cluster_enabled", 0);
            case "keyspace" -> {
                for (int i = 0; i < e.databaseCount(); i++) {
                    Database db = e.database(i);
                    if (db.size() > 0) {
                        f.put("db" + i, "keys=" + db.size() + ",expires=" + db.expiresCount() + ",avg_ttl=0");
                    }
                }
            }
            case "commandstats" -> {
                StringBuilder text = new StringBuilder();
                for (CommandSpec spec : e.commands().all()) {
                    appendStats(text, spec);
                }
                return text.toString();
            }
            case "errorstats" -> e.stats().errorCodes.forEach((code, count) -> f.put("errorstat_" + code,
                    "count=" + count));
            default -> {
                return null;
            }
        }
        StringBuilder text = new StringBuilder();
        f.forEach((k, v) -> text.append(k).append(':').append(v).append("\r\n"));
        return text.toString();
    }

    private static void appendStats(StringBuilder text, CommandSpec spec) {
        CommandSpec.CommandStats s = spec.stats();
        if (s.calls > 0 || s.rejected > 0 || s.failed > 0) {
            text.append("cmdstat_").append(spec.fullName()).append(":calls=").append(s.calls)
                    .append(",usec=").append(s.micros)
                    .append(",usec_per_call=").append(String.format(Locale.ROOT, "%.2f",
                            s.calls == 0 ? 0.0 : (double) s.micros / s.calls))
                    .append(",rejected_calls=").append(s.rejected)
                    .append(",failed_calls=").append(s.failed).append("\r\n");
        }
        for (CommandSpec sub : spec.subcommands().values()) {
            appendStats(text, sub);
        }
    }

    private static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + "B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fK", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.2fM", bytes / 1024.0 / 1024);
        }
        return String.format(Locale.ROOT, "%.2fG", bytes / 1024.0 / 1024 / 1024);
    }

    // ---- CONFIG ------------------------------------------------------------------------------------------------

    private record Parameter(Function<Settings, String> get, BiConsumer<Settings, String> set) {
    }

    private static final Map<String, Parameter> PARAMETERS = new LinkedHashMap<>();

    static {
        PARAMETERS.put("requirepass", new Parameter(s -> s.requirePass, (s, v) -> s.requirePass = v));
        PARAMETERS.put("databases", new Parameter(s -> Integer.toString(s.databases), null));
        PARAMETERS.put("maxclients", new Parameter(s -> Integer.toString(s.maxClients),
                (s, v) -> s.maxClients = (int) Math.min(Integer.MAX_VALUE, inRange(parseConfigNumber(v), 1,
                        4294967295L))));
        // Redis 7.2: memory values from 1mb up; a bulk longer than a Java array can hold is refused by the parser.
        PARAMETERS.put("proto-max-bulk-len", new Parameter(s -> Long.toString(s.protoMaxBulkLen),
                (s, v) -> s.protoMaxBulkLen = inRange(parseMemory(v), 1024 * 1024, Long.MAX_VALUE)));
        PARAMETERS.put("client-query-buffer-limit", new Parameter(s -> Long.toString(s.clientQueryBufferLimit),
                (s, v) -> s.clientQueryBufferLimit = inRange(parseMemory(v), 1024 * 1024, Long.MAX_VALUE)));
        PARAMETERS.put("hz", new Parameter(s -> Integer.toString(s.hz), (s, v) -> s.hz = (int) positive(v)));
        PARAMETERS.put("bind", new Parameter(s -> s.bind, null));
        PARAMETERS.put("port", new Parameter(s -> Integer.toString(s.port), null));
        PARAMETERS.put("save", new Parameter(s -> "", (s, v) -> { }));
        PARAMETERS.put("appendonly", new Parameter(s -> "no", (s, v) -> { }));
        PARAMETERS.put("maxmemory", new Parameter(s -> "0", null));
        PARAMETERS.put("maxmemory-policy", new Parameter(s -> "noeviction", null));
        PARAMETERS.put("timeout", new Parameter(s -> "0", null));
        PARAMETERS.put("notify-keyspace-events", new Parameter(s -> "", null));
        // Redis 7 renamed lua-time-limit to busy-reply-threshold; both names work.
        Parameter luaTimeLimit = new Parameter(s -> Long.toString(s.luaTimeLimit),
                (s, v) -> s.luaTimeLimit = inRange(parseStrictLong(v), 0, Long.MAX_VALUE));
        PARAMETERS.put("lua-time-limit", luaTimeLimit);
        PARAMETERS.put("busy-reply-threshold", luaTimeLimit);
    }

    private static long positive(String value) {
        long v = parseConfigNumber(value);
        if (v < 1) {
            throw new IllegalArgumentException("argument must be between 1 and " + Integer.MAX_VALUE + " inclusive");
        }
        return v;
    }

    private static long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("argument must be between " + min + " and " + max + " inclusive");
        }
        return value;
    }

    /**
     * A memory value as Redis's memory configs take it: digits with an optional unit (b, k=1000, kb=1024, m, mb, g,
     * gb; any case). Anything else, negative numbers included, is not a memory value.
     */
    private static long parseMemory(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        int digits = 0;
        while (digits < lower.length() && lower.charAt(digits) >= '0' && lower.charAt(digits) <= '9') {
            digits++;
        }
        long unit = switch (lower.substring(digits)) {
            case "", "b" -> 1;
            case "k" -> 1000;
            case "kb" -> 1024;
            case "m" -> 1000 * 1000;
            case "mb" -> 1024 * 1024;
            case "g" -> 1000L * 1000 * 1000;
            case "gb" -> 1024L * 1024 * 1024;
            default -> -1;
        };
        if (digits > 0 && unit > 0) {
            try {
                return Math.multiplyExact(Long.parseLong(lower.substring(0, digits)), unit);
            } catch (NumberFormatException | ArithmeticException e) {
                // too large: not a memory value
            }
        }
        throw new IllegalArgumentException("argument must be a memory value");
    }

    /** A plain integer, as Redis's numeric (non-memory) configs take it. */
    private static long parseStrictLong(String value) {
        Long parsed = Context.tryParseLong(value.getBytes(StandardCharsets.UTF_8));
        if (parsed == null) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        return parsed;
    }

    /** Numbers with Redis's memory units: 1k, 1kb, 1m, 1mb, 1g, 1gb. */
    private static long parseConfigNumber(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"},
                {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                lower = lower.substring(0, lower.length() - u[0].length());
                break;
            }
        }
        try {
            return Math.multiplyExact(Long.parseLong(lower), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
    }

    private static void configGet(Context c) {
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 2; i < c.argc(); i++) {
            byte[] pattern = c.arg(i);
            for (Map.Entry<String, Parameter> entry : PARAMETERS.entrySet()) {
                if (Glob.matches(pattern, entry.getKey().getBytes(StandardCharsets.UTF_8), true)) {
                    found.put(entry.getKey(), entry.getValue().get().apply(c.engine.settings()));
                }
            }
        }
        c.reply.map(found.size());
        found.forEach((k, v) -> {
            c.reply.bulk(k);
            c.reply.bulk(v);
        });
    }

    private static void configSet(Context c) {
        if (c.argc() % 2 != 0) {
            throw new CommandException("ERR wrong number of arguments for 'config|set' command");
        }
        Settings settings = c.engine.settings();
        // Validate everything first: CONFIG SET of several parameters is all or nothing.
        for (int i = 2; i < c.argc(); i += 2) {
            String name = c.argString(i).toLowerCase(Locale.ROOT);
            Parameter parameter = PARAMETERS.get(name);
            if (parameter == null) {
                throw new CommandException("ERR Unknown option or number of arguments for CONFIG SET - '"
                        + c.argString(i) + "'");
            }
            if (parameter.set() == null) {
                throw new CommandException("ERR CONFIG SET failed (possibly related to argument '" + c.argString(i)
                        + "') - can't set immutable config");
            }
        }
        Settings trial = new Settings();
        copy(settings, trial);
        for (int i = 2; i < c.argc(); i += 2) {
            String name = c.argString(i).toLowerCase(Locale.ROOT);
            try {
                PARAMETERS.get(name).set().accept(trial, c.argString(i + 1));
            } catch (IllegalArgumentException e) {
                throw new CommandException("ERR CONFIG SET failed (possibly related to argument '"
                        + c.argString(i) + "') - " + e.getMessage());
            }
        }
        copy(trial, settings);
        c.reply.ok();
    }

    private static void copy(Settings from, Settings to) {
        to.requirePass = from.requirePass;
        to.maxClients = from.maxClients;
        to.protoMaxBulkLen = from.protoMaxBulkLen;
        to.clientQueryBufferLimit = from.clientQueryBufferLimit;
        to.hz = from.hz;
        to.luaTimeLimit = from.luaTimeLimit;
    }
}
