package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.protocol.RespWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The server's state for one connection. Used on the event loop only. */
public final class Client {
    final long id;
    final ClientChannel channel;
    private final RespWriter writer;
    final long createdAt;

    int db;
    int protocol = 2;
    String name = "";
    String libName = "";
    String libVersion = "";
    boolean authenticated;
    long lastInteraction;
    String lastCommand = "NULL";
    boolean closing;

    // MULTI/EXEC
    List<byte[][]> queued;
    /** Memory held by {@link #queued}; counts toward the query buffer limit, as in Redis. */
    long queuedBytes;
    boolean multiDirty;
    final List<WatchedKey> watched = new ArrayList<>();
    boolean watchBroken;

    // Pub/sub
    final Set<Bytes> channels = new LinkedHashSet<>();
    final Set<Bytes> patterns = new LinkedHashSet<>();

    // CLIENT TRACKING (null until first enabled)
    Tracking.State tracking;

    // Blocking
    Blocking.Blocked blocked;
    /** The command that waits for a CLIENT PAUSE to end, or null. */
    byte[][] postponed;

    Client(long id, ClientChannel channel, long now) {
        this.id = id;
        this.channel = channel;
        this.writer = new RespWriter(null);
        this.createdAt = now;
        this.lastInteraction = now;
    }

    public long id() {
        return id;
    }

    public int db() {
        return db;
    }

    public int protocol() {
        return protocol;
    }

    public String name() {
        return name;
    }

    /** Blocked on keys, or postponed by CLIENT PAUSE: its further input waits. */
    public boolean isBlocked() {
        return blocked != null || postponed != null;
    }

    public boolean isClosing() {
        return closing;
    }

    public boolean inMulti() {
        return queued != null;
    }

    public int subscriptions() {
        return channels.size() + patterns.size();
    }

    /** The reply writer, aimed at the channel's current output buffer. */
    public RespWriter reply() {
        writer.target(channel.output());
        writer.protocol(protocol);
        return writer;
    }

    ClientChannel channel() {
        return channel;
    }

    public void select(int db) {
        this.db = db;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    public void name(String name) {
        this.name = name;
    }

    public String libName() {
        return libName;
    }

    public void libName(String libName) {
        this.libName = libName;
    }

    public String libVersion() {
        return libVersion;
    }

    public void libVersion(String libVersion) {
        this.libVersion = libVersion;
    }

    public boolean authenticated() {
        return authenticated;
    }

    public void authenticated(boolean authenticated) {
        this.authenticated = authenticated;
    }

    /** Closes the connection once the current reply is flushed (QUIT, CLIENT KILL). */
    public void close() {
        closing = true;
        channel.closeAfterFlush();
    }

    /** Marks the client to be closed after the reply of the command being executed (QUIT). */
    public void closeAfterReply() {
        closing = true;
    }

    public long createdAt() {
        return createdAt;
    }

    public long lastInteraction() {
        return lastInteraction;
    }

    public String lastCommand() {
        return lastCommand;
    }

    public int channelCount() {
        return channels.size();
    }

    public int patternCount() {
        return patterns.size();
    }

    /** Commands queued in MULTI, or -1 outside MULTI. */
    public int queuedCount() {
        return queued == null ? -1 : queued.size();
    }

    /** Bytes held by the commands queued in MULTI (they count toward client-query-buffer-limit, as in Redis). */
    public long queuedBytes() {
        return queuedBytes;
    }

    public boolean watching() {
        return !watched.isEmpty();
    }

    public String remoteAddress() {
        return channel.remoteAddress();
    }

    public String localAddress() {
        return channel.localAddress();
    }

    public long outputBytes() {
        return channel.pendingOutputBytes();
    }

    /** A key this client watches, and whether it was live when watched (for expiry detection at EXEC). */
    record WatchedKey(int db, Bytes key, boolean existed) {
    }
}
