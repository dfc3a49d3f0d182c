package io.github.primkit.testing;

/**
 * Server features a test class may require with {@link RedisBackends#requires()}. Real Redis and Valkey have them all;
 * the bundled server gains them as it is built, and until then a class that requires a missing one does not run on
 * it (the run says so).
 */
public enum RedisFeature {
    /** EVAL, EVALSHA, SCRIPT (Lua). */
    SCRIPTING,
    /** Sorted-set commands (ZADD, ZRANGE, ...). */
    SORTED_SETS,
    /** GEOADD, GEOSEARCH, ... */
    GEO,
    /** Stream commands (XADD, XREADGROUP, ...). */
    STREAMS
}
