package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.data.KeyHooks;
import io.github.primkit.server.internal.protocol.Reply;
import io.github.primkit.server.internal.protocol.RespWriter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The server's state and its command dispatcher. One event-loop thread owns all of it and runs each command to
 * completion before the next (Redis's model): every command is atomic, and no data structure needs a lock.
 *
 * <p>Dispatch, for every command, in Redis's order: look the command (and subcommand) up, check the arity, the
 * authentication, the RESP2 subscriber-mode restriction, queue it inside MULTI, then execute it and count it for
 * INFO commandstats. Errors use Redis's exact wording, because clients act on it. After each command, clients
 * blocked on keys that received data are served.
 */
public final class Engine implements KeyHooks {
    private static final Set<String> RUN_IN_MULTI = Set.of("exec", "discard", "quit", "reset");
    /** Read-only scripts: client tracking remembers the keys of the commands they run, not their own. */
    private static final Set<String> TRACKED_AS_THEIR_COMMANDS = Set.of("eval_ro", "evalsha_ro", "fcall_ro");
    private static final Set<String> ALLOWED_WHILE_SUBSCRIBED = Set.of("ping", "subscribe", "ssubscribe",
            "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset");

    private final Settings settings;
    private final CommandTable commands;
    private final Database[] databases;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final Map<WatchKey, List<Client>> watchers = new HashMap<>();
    private final Blocking blocking = new Blocking(this);
    private final Pause pause = new Pause(this);
    private final PubSub pubsub = new PubSub(this);
    private final Tracking tracking = new Tracking(this);
    private final Random random = new Random();
    private final long startedAt = System.currentTimeMillis();
    private final Stats stats = new Stats();
    private Scheduler scheduler = Scheduler.MANUAL;
    private Consumer<String> log = message -> { };
    private long nextClientId = 1;
    /** How many {@link #call}s are running: above 1 inside EXEC or a script. */
    private int nesting;
    /** The time the outermost running call took, which nested calls keep. */
    private long timeSnapshot;
    /** {@link System#nanoTime()} when that snapshot was taken. */
    private long snapshotNanos;
    /** The snapshot in microseconds, once TIME has asked for it; -1 before. */
    private long snapshotMicros = -1;

    private record WatchKey(int db, Bytes key) {
    }

    /** Server-wide counters for INFO stats. */
    public static final class Stats {
        public long connectionsReceived;
        public long rejectedConnections;
        public long commandsProcessed;
        public long errorReplies;
        public long keyspaceHits;
        public long keyspaceMisses;
        public final Map<String, Long> errorCodes = new LinkedHashMap<>();
    }

    public Engine(Settings settings, CommandTable commands) {
        this.settings = settings;
        this.commands = commands;
        this.databases = new Database[settings.databases];
        for (int i = 0; i < databases.length; i++) {
            databases[i] = new Database(i, this);
        }
    }

    public void scheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public void logger(Consumer<String> logger) {
        this.log = logger;
    }

    public void log(String message) {
        log.accept(message);
    }

    public Settings settings() {
        return settings;
    }

    public CommandTable commands() {
        return commands;
    }

    public Database database(int index) {
        return databases[index];
    }

    public int databaseCount() {
        return databases.length;
    }

    /** CLIENT PAUSE's state. */
    public Pause pause() {
        return pause;
    }

    public Blocking blocking() {
        return blocking;
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public Stats stats() {
        return stats;
    }

    public Random random() {
        return random;
    }

    public long startedAt() {
        return startedAt;
    }

    public Collection<Client> clients() {
        return clients.values();
    }

    public Client client(long id) {
        return clients.get(id);
    }

    // ---- Connections -------------------------------------------------------------------------------------------

    /** A new connection; null if the server is full (the caller replies the error and closes). */
    public Client connect(ClientChannel channel) {
        stats.connectionsReceived++;
        if (clients.size() >= settings.maxClients) {
            stats.rejectedConnections++;
            return null;
        }
        Client client = new Client(nextClientId++, channel, System.currentTimeMillis());
        client.authenticated = settings.requirePass.isEmpty();
        clients.put(client.id, client);
        return client;
    }

    public void disconnect(Client client) {
        if (clients.remove(client.id) == null) {
            return;
        }
        if (client.blocked != null) {
            blocking.unblock(client.blocked);
        }
        pause.forget(client);
        unwatchAll(client);
        pubsub.forget(client);
        tracking.disable(client);
        client.closing = true;
    }

    /** RESET: back to a fresh connection's state. */
    public void reset(Client client) {
        if (client.inMulti()) {
            discard(client);
        }
        unwatchAll(client);
        pubsub.forget(client);
        tracking.disable(client);
        client.db = 0;
        client.protocol = 2;
        client.name = "";
        client.authenticated = settings.requirePass.isEmpty();
    }

    /** CLIENT UNBLOCK: true if the client was blocked. */
    public boolean unblock(Client client, boolean withError) {
        return blocking.unblockClient(client, withError);
    }

    // ---- Dispatch ----------------------------------------------------------------------------------------------

    /** Executes one command from a client and writes its reply to the client's output. */
    public void execute(Client client, byte[][] args) {
        CommandSpec spec = dispatch(client, args);
        tracking.afterCommand(client, spec);
    }

    /** {@link #execute}; returns the command's spec (the subcommand's), or null when there is none. */
    private CommandSpec dispatch(Client client, byte[][] args) {
        Reply reply = client.reply();
        client.lastInteraction = System.currentTimeMillis();
        CommandSpec spec = commands.lookup(args[0]);
        if (spec == null) {
            rejectQuoting(client, reply, unknownCommand(args));
            return null;
        }
        if (spec.isContainer() || (args.length >= 2 && !spec.subcommands().isEmpty())) {
            if (args.length < 2) {
                reject(client, reply, "ERR wrong number of arguments for '" + spec.name() + "' command");
                return spec;
            }
            CommandSpec sub = spec.subcommands().get(CommandTable.lowerAscii(args[1]));
            if (sub == null) {
                rejectQuoting(client, reply, "ERR unknown subcommand '" + cString(args[1], 128) + "'. Try "
                        + spec.name().toUpperCase(java.util.Locale.ROOT) + " HELP.");
                return spec;
            }
            spec = sub;
        }
        client.lastCommand = spec.fullName();
        if (!spec.arityAccepts(args.length)) {
            spec.stats().rejected++;
            reject(client, reply, "ERR wrong number of arguments for '" + spec.fullName() + "' command");
            return spec;
        }
        if (!client.authenticated && !spec.has(Flag.NO_AUTH)) {
            spec.stats().rejected++;
            reject(client, reply, "NOAUTH Authentication required.");
            return spec;
        }
        if (client.protocol == 2 && client.subscriptions() > 0 && !ALLOWED_WHILE_SUBSCRIBED.contains(spec.name())) {
            spec.stats().rejected++;
            reject(client, reply, "ERR Can't execute '" + spec.fullName() + "': only (P|S)SUBSCRIBE / "
                    + "(P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return spec;
        }
        if (client.inMulti() && spec.has(Flag.NO_MULTI)) {
            spec.stats().rejected++;
            reject(client, reply, "ERR Command not allowed inside a transaction");
            return spec;
        }
        if (pause.postpones(client, spec, args)) {
            return spec; // runs when the pause ends
        }
        if (client.inMulti() && !RUN_IN_MULTI.contains(spec.name())) {
            client.queued.add(args);
            client.queuedBytes += queuedSize(args);
            reply.simple("QUEUED");
            return spec;
        }
        call(client, spec, args, reply, false);
        blocking.serveReady();
        return spec;
    }

    /** The spec of a command already validated by the dispatcher (the subcommand for containers). */
    public CommandSpec resolve(byte[][] args) {
        CommandSpec spec = commands.lookup(args[0]);
        if (spec.isContainer() || (args.length >= 2 && !spec.subcommands().isEmpty())) {
            spec = spec.subcommands().get(CommandTable.lowerAscii(args[1]));
        }
        return spec;
    }

    /**
     * Runs a command that passed all checks. Used by the dispatcher, EXEC and scripts.
     *
     * <p>The time a command works with ({@link Context#now}: key expiry, TTLs, expiry times it sets) is taken once
     * by the outermost call and kept by the calls nested in it, as Redis 7.2's command time snapshot: every command
     * of an EXEC and every {@code redis.call} of a script sees the time the EXEC or the script started, so a key
     * cannot expire between two reads of one script; TIME answers the same snapshot ({@link #timeMicros}).
     */
    public void call(Client client, CommandSpec spec, byte[][] args, Reply reply, boolean atomic) {
        long start = System.nanoTime();
        if (nesting == 0) {
            timeSnapshot = System.currentTimeMillis();
            snapshotNanos = start;
            snapshotMicros = -1;
        }
        long now = timeSnapshot;
        Context context = new Context(this, client, args, reply, now, spec, atomic);
        int mark = replyMark(reply);
        if (nesting == 0) {
            tracking.begin(client);
        }
        nesting++;
        try {
            spec.handler().execute(context);
        } catch (CommandException e) {
            rewind(reply, mark);
            spec.stats().failed++;
            error(reply, e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            rewind(reply, mark);
            spec.stats().failed++;
            log("internal error in '" + spec.fullName() + "': " + e);
            error(reply, "ERR internal error executing '" + spec.fullName() + "': " + e.getClass().getSimpleName());
        } finally {
            nesting--;
        }
        if (client.tracking != null && spec.has(Flag.READONLY) && !TRACKED_AS_THEIR_COMMANDS.contains(spec.name())) {
            tracking.remember(client, spec, args);
        }
        if (nesting == 0) {
            tracking.end();
        }
        spec.stats().calls++;
        spec.stats().micros += (System.nanoTime() - start) / 1000;
        stats.commandsProcessed++;
    }

    /**
     * The command time snapshot in microseconds, for TIME: like Redis 7.2 (valkey 8.0), TIME answers the time the
     * outermost command started, so it does not advance inside a script or an EXEC. Worked out on first use from the
     * clock and the time elapsed since the snapshot, kept within the snapshot's millisecond so that TIME and the
     * expiry times commands set agree, and then kept until the next outermost command.
     */
    public long timeMicros() {
        if (snapshotMicros < 0) {
            java.time.Instant clock = java.time.Instant.now();
            long micros = clock.getEpochSecond() * 1_000_000L + clock.getNano() / 1000
                    - (System.nanoTime() - snapshotNanos) / 1000;
            long low = timeSnapshot * 1000;
            snapshotMicros = Math.max(low, Math.min(low + 999, micros));
        }
        return snapshotMicros;
    }

    /** Drops what a failed command wrote after {@code mark} (see {@link #replyMark}). */
    static void rewind(Reply reply, int mark) {
        if (mark >= 0) {
            ByteBuf out = ((RespWriter) reply).target();
            if (out.writerIndex() > mark) {
                out.writerIndex(mark);
            }
        }
    }

    /** Where the reply stands now, to {@link #rewind} to if the command fails; -1 when it cannot be rewound. */
    static int replyMark(Reply reply) {
        return reply instanceof RespWriter writer ? writer.target().writerIndex() : -1;
    }

    /** A context for re-running a blocked client's command. */
    Context contextFor(Client client, byte[][] args, CommandSpec spec) {
        return new Context(this, client, args, client.reply(), System.currentTimeMillis(), spec, false);
    }

    private void reject(Client client, Reply reply, String message) {
        if (client.inMulti()) {
            client.multiDirty = true;
        }
        error(reply, message);
    }

    /**
     * Rejects with a message that quotes what the client sent: its characters are the client's bytes (ISO-8859-1)
     * and go out unchanged, as Redis echoes them.
     */
    private void rejectQuoting(Client client, Reply reply, String latin1Message) {
        if (client.inMulti()) {
            client.multiDirty = true;
        }
        countError(latin1Message);
        if (reply instanceof RespWriter writer) {
            writer.error(latin1Message.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            reply.error(latin1Message);
        }
    }

    /** Writes an error reply and counts it in errorstats. */
    public void error(Reply reply, String message) {
        countError(message);
        reply.error(message);
    }

    /**
     * Replies a protocol error (the network layer closes the connection after it). The message's characters are
     * bytes (ISO-8859-1), because Redis quotes the offending byte as it came.
     */
    public void protocolError(Client client, String message) {
        countError(message);
        client.reply().error(message.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void countError(String message) {
        stats.errorReplies++;
        int space = message.indexOf(' ');
        String code = space > 0 ? message.substring(0, space) : message;
        stats.errorCodes.merge(code, 1L, Long::sum);
    }

    /**
     * Redis's text: the name and the arguments as C strings ("%.128s": up to a NUL, at most 128 bytes), the arguments
     * each as "'arg' " until the list reaches 128 characters.
     */
    private static String unknownCommand(byte[][] args) {
        StringBuilder quoted = new StringBuilder();
        for (int i = 1; i < args.length && quoted.length() < 128; i++) {
            String arg = cString(args[i], 128 - quoted.length());
            quoted.append('\'').append(arg).append("' ");
        }
        return "ERR unknown command '" + cString(args[0], 128) + "', with args beginning with: " + quoted;
    }

    /** The bytes up to the first NUL, at most {@code max} of them, one char per byte. */
    private static String cString(byte[] bytes, int max) {
        int length = 0;
        while (length < bytes.length && length < max && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    // ---- Transactions --------------------------------------------------------------------------------------------

    public void multi(Client client) {
        client.queued = new ArrayList<>();
        client.queuedBytes = 0;
        client.multiDirty = false;
    }

    public void discard(Client client) {
        client.queued = null;
        client.queuedBytes = 0;
        client.multiDirty = false;
        unwatchAll(client);
    }

    /** What a queued command holds: its arguments' bytes plus an overhead per argument and per command. */
    private static long queuedSize(byte[][] args) {
        long size = 16L + 16L * args.length;
        for (byte[] arg : args) {
            size += arg.length;
        }
        return size;
    }

    /** Runs the queued commands atomically, or aborts (EXECABORT after queue errors, null if a WATCH broke). */
    public void exec(Context context) {
        Client client = context.client;
        Reply reply = context.reply;
        if (!client.inMulti()) {
            throw new CommandException("ERR EXEC without MULTI");
        }
        List<byte[][]> queued = client.queued;
        boolean dirty = client.multiDirty;
        boolean broken = client.watchBroken || watchedKeyExpired(client, context.now);
        discard(client);
        if (dirty) {
            throw new CommandException("EXECABORT Transaction discarded because of previous errors.");
        }
        if (broken) {
            reply.nullArray();
            return;
        }
        reply.array(queued.size());
        for (byte[][] args : queued) {
            call(client, resolve(args), args, reply, true);
        }
    }

    public void watch(Client client, byte[] key, long now) {
        Bytes k = new Bytes(key);
        for (Client.WatchedKey watched : client.watched) {
            if (watched.db() == client.db && watched.key().equals(k)) {
                return;
            }
        }
        boolean exists = databases[client.db].exists(key, now);
        client.watched.add(new Client.WatchedKey(client.db, k, exists));
        watchers.computeIfAbsent(new WatchKey(client.db, k), w -> new ArrayList<>()).add(client);
    }

    public void unwatchAll(Client client) {
        for (Client.WatchedKey watched : client.watched) {
            WatchKey key = new WatchKey(watched.db(), watched.key());
            List<Client> list = watchers.get(key);
            if (list != null) {
                list.remove(client);
                if (list.isEmpty()) {
                    watchers.remove(key);
                }
            }
        }
        client.watched.clear();
        client.watchBroken = false;
    }

    private boolean watchedKeyExpired(Client client, long now) {
        for (Client.WatchedKey watched : client.watched) {
            if (watched.existed() && !databases[watched.db()].exists(watched.key().value, now)) {
                return true;
            }
        }
        return false;
    }

    // ---- Key hooks -----------------------------------------------------------------------------------------------

    @Override
    public void modified(int db, byte[] key) {
        tracking.modified(key);
        blocking.markChanged(db, key, io.github.primkit.server.internal.data.RedisStream.class);
        if (!watchers.isEmpty()) {
            List<Client> list = watchers.get(new WatchKey(db, new Bytes(key)));
            if (list != null) {
                for (Client client : list) {
                    client.watchBroken = true;
                }
            }
        }
    }

    @Override
    public void ready(int db, byte[] key) {
        blocking.markReady(db, key);
    }

    /** Client tracking (CLIENT TRACKING). */
    public Tracking tracking() {
        return tracking;
    }

    /**
     * FLUSHDB / FLUSHALL: tracking clients get one flush message (before the keys go, as Redis's signalFlushedDb)
     * instead of one per key, and {@code flush} then empties the database(s).
     */
    public void flushDatabases(Runnable flush) {
        tracking.flushed();
        tracking.whileFlushing(flush);
    }

    /** The connected clients, in connection order. */
    public Iterable<Client> allClients() {
        return new ArrayList<>(clients.values());
    }

    /** After a connection's input was read and run: BCAST tracking messages go out (Redis: before sleeping). */
    public void afterInput() {
        tracking.broadcast();
    }

    /** Marks every watched key of every database as modified (FLUSHALL, SWAPDB...). */
    public void touchAllWatched() {
        for (List<Client> list : watchers.values()) {
            for (Client client : list) {
                client.watchBroken = true;
            }
        }
    }

    // ---- Periodic work -------------------------------------------------------------------------------------------

    /** Called by the event loop {@code hz} times a second: active expiry within a 25 ms budget. */
    public void cron() {
        long now = System.currentTimeMillis();
        long deadline = System.nanoTime() + 25_000_000L;
        for (Database db : databases) {
            if (db.expiresCount() > 0) {
                db.expireCycle(now, random, deadline);
            }
        }
        blocking.serveReady();
        tracking.broadcast();
    }
}
