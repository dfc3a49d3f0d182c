package io.github.primkit.server.internal.engine;

/** Redis's command flags, as COMMAND INFO reports them. */
public enum Flag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG, FAST,
    NO_AUTH, MAY_REPLICATE, NO_MULTI, ALLOW_BUSY, MOVABLE_KEYS;

    public String wireName() {
        if (this == MOVABLE_KEYS) {
            return "movablekeys"; // the one flag Redis spells without its underscore
        }
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
