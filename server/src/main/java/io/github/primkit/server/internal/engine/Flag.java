package io.github.primkit.server.internal.engine;

/** Redis's command flags, as COMMAND INFO reports them. */
public enum Flag {
    WRITE, READONLY, DENYOOM, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR, SKIP_SLOWLOG, FAST,
    NO_AUTH, MAY_REPLICATE, NO_MULTI, ALLOW_BUSY, NO_MANDATORY_KEYS, MOVABLE_KEYS;

    /** The name COMMAND INFO reports: lower case; {@code movablekeys} without its underscore, as Redis spells it. */
    public String wireName() {
        return this == MOVABLE_KEYS ? "movablekeys" : name().toLowerCase(java.util.Locale.ROOT);
    }
}
