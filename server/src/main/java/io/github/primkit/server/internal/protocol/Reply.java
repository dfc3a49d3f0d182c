package io.github.primkit.server.internal.protocol;

/**
 * Where a command writes its reply. {@link RespWriter} encodes straight into the client's output buffer in RESP2 or
 * RESP3; other implementations (the scripting engine) build values instead. Aggregates are written as a header
 * ({@link #array}, {@link #map}, {@link #set}, {@link #push}) followed by exactly that many elements (twice that many
 * for a map: key, value, key, value...).
 */
public interface Reply {
    /** The client's protocol: 2 or 3. */
    int protocol();

    void simple(String text);

    /** An error reply; {@code text} starts with its code, e.g. {@code ERR syntax error} or {@code WRONGTYPE ...}. */
    void error(String text);

    void integer(long value);

    /** A bulk string; null writes the null reply. */
    void bulk(byte[] value);

    void bulk(String value);

    /** Null: {@code $-1} in RESP2, {@code _} in RESP3. */
    void nullBulk();

    /** Null array: {@code *-1} in RESP2, {@code _} in RESP3. */
    void nullArray();

    void array(int length);

    /** A map of {@code size} pairs: {@code %} in RESP3, a flat array of 2*size in RESP2. */
    void map(int size);

    /** A set: {@code ~} in RESP3, an array in RESP2. */
    void set(int size);

    /** A push message: {@code >} in RESP3, an array in RESP2. */
    void push(int length);

    /** A double: {@code ,} in RESP3, a bulk string in RESP2, formatted as Redis 7.2 does. */
    void doubleValue(double value);

    /**
     * A double already formatted by the caller ({@code ,text} in RESP3, a bulk string in RESP2), for replies Redis
     * formats its own way (GEOPOS coordinates: 17 decimals, as its addReplyHumanLongDouble does).
     */
    default void doubleText(String text) {
        doubleValue(Double.parseDouble(text));
    }

    /** A boolean: {@code #t/#f} in RESP3, {@code :1/:0} in RESP2. */
    void bool(boolean value);

    /** Verbatim text: {@code =<len>\r\ntxt:...} in RESP3, a bulk string in RESP2. */
    void verbatim(String text);

    default void ok() {
        simple("OK");
    }
}
