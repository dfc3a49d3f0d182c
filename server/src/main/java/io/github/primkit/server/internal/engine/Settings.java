package io.github.primkit.server.internal.engine;

/** The server's settings; CONFIG SET changes some of them at run time. Used on the event loop only. */
public final class Settings {
    public String requirePass = "";
    public int databases = 16;
    public int maxClients = 10_000;
    /** proto-max-bulk-len: the largest bulk string a client may send. */
    public long protoMaxBulkLen = 512L * 1024 * 1024;
    /** client-query-buffer-limit: unparsed input one client may have pending. */
    public long clientQueryBufferLimit = 1024L * 1024 * 1024;
    /**
     * The most arguments a multibulk may announce. Redis 7.2 allows up to INT_MAX (memory is bounded by the query
     * buffer limit, since arguments are stored as they arrive); embedders may lower it.
     */
    public int maxMultibulkLength = Integer.MAX_VALUE;
    /** Pub/sub output buffer hard limit (client-output-buffer-limit pubsub): over it the subscriber is dropped. */
    public long pubsubOutputLimit = 32L * 1024 * 1024;
    public int hz = 10;
    /** lua-time-limit (alias busy-reply-threshold), milliseconds: a script running longer is stopped; 0 = never. */
    public long luaTimeLimit = 5000;
    public String bind = "127.0.0.1";
    public int port;
    /** The I/O transport in use: epoll or nio (INFO server multiplexing_api). */
    public String transport = "nio";
}
