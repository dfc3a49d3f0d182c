package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.protocol.RespWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-assisted client-side caching (CLIENT TRACKING), as Redis 7.2 does it.
 *
 * <p>Default mode: the keys a tracking client reads (the keys of every read-only command it runs, in EXEC and in
 * scripts too) are remembered by name, across databases as in Redis; the first change to such a key sends that
 * client {@code invalidate [key]} once and forgets it. BCAST mode: every change to a key under one of the client's
 * prefixes is announced, batched until the connection's input has been read (Redis: before the event loop sleeps),
 * keys in byte order. OPTIN/OPTOUT: reads are remembered only after {@code CLIENT CACHING YES} / unless after
 * {@code CLIENT CACHING NO}. NOLOOP: no messages about the client's own changes. REDIRECT: messages go to another
 * connection, as a RESP3 push or, for a RESP2 subscriber, a message on {@code __redis__:invalidate}; a redirect target
 * that went away is reported to a RESP3 client as {@code tracking-redir-broken}. FLUSHDB and FLUSHALL send every
 * tracking client an invalidation with a null value and empty the table.
 *
 * <p>Messages about the running command's own client are held until its reply is written (Redis's pending keys), so
 * they never interleave with a reply, an EXEC's included. Owned by the event loop.
 */
public final class Tracking {
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);

    /** The client's tracking state, null in {@link Client} while tracking was never enabled. */
    static final class State {
        boolean on;
        long redirect;
        boolean bcast;
        boolean optin;
        boolean optout;
        boolean noloop;
        /** CLIENT CACHING YES (optin) or NO (optout) was given for the next command. */
        boolean caching;
        boolean brokenRedirect;
        /** BCAST prefixes, in byte order. */
        final TreeMap<Bytes, Boolean> prefixes = new TreeMap<>(Tracking::compare);
    }

    /** A BCAST prefix: its subscribers and the keys changed since the last broadcast, with who changed them last. */
    private static final class Prefix {
        final LinkedHashSet<Client> clients = new LinkedHashSet<>();
        TreeMap<Bytes, Client> changed = new TreeMap<>(Tracking::compare);
    }

    private final Engine engine;
    /** Key name -> ids of the clients that may cache it. */
    private final Map<Bytes, LinkedHashSet<Long>> table = new HashMap<>();
    private final TreeMap<Bytes, Prefix> prefixes = new TreeMap<>(Tracking::compare);
    private int trackingClients;
    /** The client whose command is running (Redis's current_client while it executes), or null. */
    private Client current;
    /** Keys to send {@link #current} after its reply; a null element stands for a flush. */
    private final List<byte[]> pending = new ArrayList<>();
    /** Set while FLUSHDB/FLUSHALL delete their keys: the flush message covers them. */
    private boolean flushing;

    Tracking(Engine engine) {
        this.engine = engine;
    }

    private static int compare(Bytes a, Bytes b) {
        return Arrays.compareUnsigned(a.value, b.value);
    }

    // ---- CLIENT TRACKING / CACHING ------------------------------------------------------------------------------

    /** CLIENT TRACKING ON with options already checked for compatibility by the caller. */
    private void enable(Client client, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop,
            List<byte[]> newPrefixes) {
        State s = client.tracking == null ? client.tracking = new State() : client.tracking;
        if (!s.on) {
            trackingClients++;
        }
        s.on = true;
        s.brokenRedirect = false;
        s.redirect = redirect;
        s.bcast = bcast;
        s.optin = optin;
        s.optout = optout;
        s.noloop = noloop;
        if (bcast) {
            if (newPrefixes.isEmpty()) {
                subscribe(client, new byte[0]);
            }
            for (byte[] prefix : newPrefixes) {
                subscribe(client, prefix);
            }
        }
    }

    private void subscribe(Client client, byte[] prefix) {
        Bytes key = new Bytes(prefix);
        prefixes.computeIfAbsent(key, k -> new Prefix()).clients.add(client);
        client.tracking.prefixes.put(key, Boolean.TRUE);
    }

    /** CLIENT TRACKING OFF, RESET and disconnection. Keys it read stay in the table, as in Redis. */
    void disable(Client client) {
        State s = client.tracking;
        if (s == null) {
            return;
        }
        if (s.bcast) {
            for (Bytes prefix : s.prefixes.keySet()) {
                Prefix p = prefixes.get(prefix);
                if (p != null) {
                    p.clients.remove(client);
                    if (p.clients.isEmpty()) {
                        prefixes.remove(prefix);
                    }
                }
            }
            s.prefixes.clear();
        }
        if (s.on) {
            trackingClients--;
        }
        s.on = false;
        s.brokenRedirect = false;
        s.bcast = false;
        s.optin = false;
        s.optout = false;
        s.caching = false;
        s.noloop = false;
    }

    /** The prefix among the client's (then among {@code others}) that overlaps {@code prefix}, or null. */
    static byte[] overlap(Client client, byte[] prefix) {
        if (client.tracking == null) {
            return null;
        }
        for (Bytes existing : client.tracking.prefixes.keySet()) {
            if (overlaps(existing.value, prefix)) {
                return existing.value;
            }
        }
        return null;
    }

    /** Whether one of the two is a prefix of the other (Redis's stringCheckPrefix). */
    static boolean overlaps(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** Drops CLIENT CACHING's one-command flag after a command (not after CLIENT ones, nor inside MULTI). */
    void afterCommand(Client client, CommandSpec spec) {
        if (client.tracking != null && client.tracking.caching && !client.inMulti()
                && !spec.fullName().startsWith("client")) {
            client.tracking.caching = false;
        }
    }

    /** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX p]... [BCAST] [OPTIN] [OPTOUT] [NOLOOP], Redis's checks in order. */
    public void clientTracking(Context c) {
        long redirect = 0;
        boolean bcast = false;
        boolean optin = false;
        boolean optout = false;
        boolean noloop = false;
        List<byte[]> newPrefixes = new ArrayList<>();
        for (int j = 3; j < c.argc(); j++) {
            boolean more = j < c.argc() - 1;
            if (c.is(j, "redirect") && more) {
                j++;
                if (redirect != 0) {
                    throw new CommandException("ERR A client can only redirect to a single other client");
                }
                redirect = c.argLong(j);
                if (engine.client(redirect) == null) {
                    throw new CommandException("ERR The client ID you want redirect to does not exist");
                }
            } else if (c.is(j, "bcast")) {
                bcast = true;
            } else if (c.is(j, "optin")) {
                optin = true;
            } else if (c.is(j, "optout")) {
                optout = true;
            } else if (c.is(j, "noloop")) {
                noloop = true;
            } else if (c.is(j, "prefix") && more) {
                newPrefixes.add(c.arg(++j));
            } else {
                throw CommandException.syntax();
            }
        }
        Client client = c.client;
        State s = client.tracking;
        if (c.is(2, "on")) {
            if (!bcast && !newPrefixes.isEmpty()) {
                throw new CommandException("ERR PREFIX option requires BCAST mode to be enabled");
            }
            if (s != null && s.on && s.bcast != bcast) {
                throw new CommandException("ERR You can't switch BCAST mode on/off before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast && (optin || optout)) {
                throw new CommandException("ERR OPTIN and OPTOUT are not compatible with BCAST");
            }
            if (optin && optout) {
                throw new CommandException("ERR You can't specify both OPTIN mode and OPTOUT mode");
            }
            if (s != null && (optin && s.optout || optout && s.optin)) {
                throw new CommandException("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for "
                        + "this client, and then re-enabling it with a different mode.");
            }
            if (bcast) {
                checkPrefixes(client, newPrefixes);
            }
            enable(client, redirect, bcast, optin, optout, noloop, newPrefixes);
        } else if (c.is(2, "off")) {
            disable(client);
        } else {
            throw CommandException.syntax();
        }
        c.reply.ok();
    }

    /** checkPrefixCollisionsOrReply: a client's prefixes must not overlap each other. */
    private static void checkPrefixes(Client client, List<byte[]> newPrefixes) {
        for (int i = 0; i < newPrefixes.size(); i++) {
            byte[] prefix = newPrefixes.get(i);
            byte[] existing = overlap(client, prefix);
            if (existing != null) {
                throw new CommandException("ERR Prefix '" + cString(prefix) + "' overlaps with an existing prefix '"
                        + cString(existing) + "'. Prefixes for a single client must not overlap.");
            }
            for (int j = i + 1; j < newPrefixes.size(); j++) {
                if (overlaps(prefix, newPrefixes.get(j))) {
                    throw new CommandException("ERR Prefix '" + cString(prefix) + "' overlaps with another provided "
                            + "prefix '" + cString(newPrefixes.get(j)) + "'. Prefixes for a single client must not "
                            + "overlap.");
                }
            }
        }
    }

    /** A byte string as C's %s prints it: up to its first NUL. */
    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** CLIENT CACHING YES|NO. */
    public void clientCaching(Context c) {
        State s = c.client.tracking;
        if (s == null || !s.on) {
            throw new CommandException("ERR CLIENT CACHING can be called only when the client is in tracking mode "
                    + "with OPTIN or OPTOUT mode enabled");
        }
        if (c.is(2, "yes")) {
            if (!s.optin) {
                throw new CommandException("ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN "
                        + "mode.");
            }
        } else if (c.is(2, "no")) {
            if (!s.optout) {
                throw new CommandException("ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT "
                        + "mode.");
            }
        } else {
            throw CommandException.syntax();
        }
        s.caching = true;
        c.reply.ok();
    }

    /** CLIENT GETREDIR: the redirect target's id, 0 without one, -1 when tracking is off. */
    public static long redirect(Client client) {
        return client.tracking != null && client.tracking.on ? client.tracking.redirect : -1;
    }

    /** The tracking letters of CLIENT LIST's flags: t (on), R (broken redirect), B (bcast). */
    public static String flags(Client client) {
        State s = client.tracking;
        if (s == null || !s.on) {
            return "";
        }
        return "t" + (s.brokenRedirect ? "R" : "") + (s.bcast ? "B" : "");
    }

    /** CLIENT TRACKINGINFO. */
    public static void trackingInfo(Context c) {
        State s = c.client.tracking;
        boolean on = s != null && s.on;
        List<String> flags = new ArrayList<>();
        flags.add(on ? "on" : "off");
        if (on) {
            if (s.bcast) {
                flags.add("bcast");
            }
            if (s.optin) {
                flags.add("optin");
                if (s.caching) {
                    flags.add("caching-yes");
                }
            }
            if (s.optout) {
                flags.add("optout");
                if (s.caching) {
                    flags.add("caching-no");
                }
            }
            if (s.noloop) {
                flags.add("noloop");
            }
            if (s.brokenRedirect) {
                flags.add("broken_redirect");
            }
        }
        c.reply.map(3);
        c.reply.bulk("flags");
        c.reply.set(flags.size());
        flags.forEach(c.reply::bulk);
        c.reply.bulk("redirect");
        c.reply.integer(redirect(c.client));
        c.reply.bulk("prefixes");
        if (s == null) {
            c.reply.array(0);
        } else {
            c.reply.array(s.prefixes.size());
            for (Bytes prefix : s.prefixes.keySet()) {
                c.reply.bulk(prefix.value);
            }
        }
    }

    // ---- Remembering reads --------------------------------------------------------------------------------------

    private final KeyRefs keyRefs = new KeyRefs();

    /** After a read-only command of {@code client}'s (scripts and EXEC included): remembers the keys it read. */
    void remember(Client client, CommandSpec spec, byte[][] args) {
        State s = client.tracking;
        if (s == null || !s.on || s.bcast || spec.has(Flag.PUBSUB)) {
            return;
        }
        if (s.optin && !s.caching || s.optout && s.caching) {
            return;
        }
        keyRefs.clear();
        KeyFinder.find(spec, args, keyRefs);
        for (int i = 0; i < keyRefs.size(); i++) {
            table.computeIfAbsent(new Bytes(args[keyRefs.position(i)]), k -> new LinkedHashSet<>()).add(client.id);
        }
    }

    // ---- Invalidating ---------------------------------------------------------------------------------------------

    /** The outermost command of {@code client} starts ({@code null}: work outside commands, such as active expiry). */
    void begin(Client client) {
        current = client;
    }

    /** The outermost command ended and its reply is written: sends what was held for its client. */
    void end() {
        Client client = current;
        current = null;
        if (pending.isEmpty()) {
            return;
        }
        List<byte[]> keys = new ArrayList<>(pending);
        pending.clear();
        if (client != null && !client.closing) {
            for (byte[] key : keys) {
                send(client, key == null ? null : List.of(key));
            }
        }
    }

    /** A key changed (written, deleted, expired). */
    void modified(byte[] key) {
        if (flushing || trackingClients == 0 && table.isEmpty() && prefixes.isEmpty()) {
            return;
        }
        if (!prefixes.isEmpty()) {
            for (Map.Entry<Bytes, Prefix> e : prefixes.entrySet()) {
                if (startsWith(key, e.getKey().value)) {
                    e.getValue().changed.put(new Bytes(key), current);
                }
            }
        }
        LinkedHashSet<Long> ids = table.remove(new Bytes(key));
        if (ids == null) {
            return;
        }
        for (long id : ids) {
            Client target = engine.client(id);
            if (target == null || target.tracking == null || !target.tracking.on || target.tracking.bcast) {
                continue;
            }
            if (target.tracking.noloop && target == current) {
                continue;
            }
            if (target == current) {
                pending.add(key);
            } else {
                send(target, List.of(key));
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** FLUSHDB / FLUSHALL: a null invalidation to every tracking client, and an empty table. */
    void flushed() {
        if (trackingClients > 0) {
            for (Client client : engine.allClients()) {
                if (client.tracking != null && client.tracking.on) {
                    if (client == current) {
                        pending.add(null);
                    } else {
                        send(client, (List<byte[]>) null);
                    }
                }
            }
        }
        table.clear();
    }

    /** Runs {@code flush} (a database's emptying) without a message per key. */
    void whileFlushing(Runnable flush) {
        flushing = true;
        try {
            flush.run();
        } finally {
            flushing = false;
        }
    }

    /** Sends the BCAST messages gathered since the last call (the event loop calls this after reading input). */
    public void broadcast() {
        if (prefixes.isEmpty()) {
            return;
        }
        for (Prefix prefix : new ArrayList<>(prefixes.values())) {
            if (prefix.changed.isEmpty()) {
                continue;
            }
            TreeMap<Bytes, Client> changed = prefix.changed;
            prefix.changed = new TreeMap<>(Tracking::compare);
            for (Client client : new ArrayList<>(prefix.clients)) {
                List<byte[]> keys = new ArrayList<>(changed.size());
                for (Map.Entry<Bytes, Client> e : changed.entrySet()) {
                    if (!(client.tracking.noloop && e.getValue() == client)) {
                        keys.add(e.getKey().value);
                    }
                }
                if (!keys.isEmpty()) {
                    send(client, keys);
                }
            }
        }
    }

    // ---- Messages -------------------------------------------------------------------------------------------------

    /**
     * sendTrackingMessage: {@code invalidate} with the keys (null: a flush) to the client or its redirect target; a
     * RESP2 client without a redirect gets nothing (RESP2 has no push messages).
     */
    private void send(Client client, List<byte[]> keys) {
        Client to = client;
        boolean redirected = false;
        if (client.tracking.redirect != 0) {
            to = engine.client(client.tracking.redirect);
            if (to == null || to.closing) {
                client.tracking.brokenRedirect = true;
                if (client.protocol() > 2) {
                    RespWriter reply = client.reply();
                    reply.push(2);
                    reply.bulk("tracking-redir-broken");
                    reply.integer(client.tracking.redirect);
                    client.channel().flushLater();
                }
                return;
            }
            redirected = true;
        }
        RespWriter reply = to.reply();
        if (to.protocol() > 2) {
            reply.push(2);
            reply.bulk("invalidate");
        } else if (redirected && to.subscriptions() > 0) {
            reply.array(3);
            reply.bulk("message");
            reply.bulk(CHANNEL);
        } else {
            return;
        }
        if (keys == null) {
            // Redis writes the null of the tracking client's own protocol, wherever the message goes.
            reply.target().writeBytes(client.protocol() > 2 ? NULL3 : NULL2);
        } else {
            reply.array(keys.size());
            for (byte[] key : keys) {
                reply.bulk(key);
            }
        }
        to.channel().flushLater();
    }

    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
}
