package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import io.github.primkit.server.internal.protocol.Doubles;
import io.github.primkit.server.internal.protocol.Reply;
import java.nio.charset.StandardCharsets;

/**
 * The reply of a command called from a script, built as the Lua value Redis 7.2 gives the script: integers become
 * numbers, bulk strings strings, nulls {@code false} (RESP2) or nil (RESP3), status replies {@code {ok=...}}, errors
 * {@code {err=...}}, arrays tables; after {@code redis.setresp(3)} maps become {@code {map={...}}}, sets
 * {@code {set={...}}}, doubles {@code {double=n}}, booleans booleans, verbatim strings
 * {@code {verbatim_string={format=, string=}}}.
 *
 * <p>One instance is reused for every call of a script (reset before each): the command writes into it as it
 * would into a connection.
 */
final class LuaReply implements Reply {
    static final LuaString OK = LuaString.of("ok");
    static final LuaString ERR = LuaString.of("err");
    static final LuaString MAP = LuaString.of("map");
    static final LuaString SET = LuaString.of("set");
    static final LuaString DOUBLE = LuaString.of("double");
    static final LuaString VERBATIM = LuaString.of("verbatim_string");
    static final LuaString FORMAT = LuaString.of("format");
    static final LuaString STRING = LuaString.of("string");
    static final LuaString BIG_NUMBER = LuaString.of("big_number");
    static final LuaString IGNORE_STATS = LuaString.of("ignore_error_stats_update");

    private int protocol = 2;
    private Object result;
    private boolean done;
    private boolean error;
    // Open aggregates: the table being filled, what it is, how many elements remain, the next array index, and a
    // pending map key.
    private LuaTable[] tables = new LuaTable[8];
    private int[] kinds = new int[8];
    private long[] remaining = new long[8];
    private int[] nextIndex = new int[8];
    private Object[] pendingKeys = new Object[8];
    private int depth;

    private static final int ARRAY = 0;
    private static final int MAP_KIND = 1;
    private static final int SET_KIND = 2;

    void reset(int protocol) {
        this.protocol = protocol;
        result = null;
        done = false;
        error = false;
        for (int i = 0; i < depth; i++) {
            tables[i] = null;
            pendingKeys[i] = null;
        }
        depth = 0;
    }

    /** The converted reply (after the command wrote exactly one). */
    Object result() {
        return result;
    }

    /** Whether the reply is an error (an {@code {err=...}} table). */
    boolean isError() {
        return error;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    private void value(Object v) {
        if (depth == 0) {
            result = v;
            done = true;
            return;
        }
        int d = depth - 1;
        LuaTable t = tables[d];
        switch (kinds[d]) {
            case ARRAY -> t.rawset(nextIndex[d]++, v);
            case MAP_KIND -> {
                if ((nextIndex[d] & 1) == 0) {
                    pendingKeys[d] = v;
                    nextIndex[d]++;
                    return;
                }
                Object key = pendingKeys[d];
                pendingKeys[d] = null;
                nextIndex[d]++;
                if (key != null && !(key instanceof Double k && Double.isNaN(k))) {
                    t.rawset(key, v);
                }
            }
            default -> {
                if (v != null && !(v instanceof Double k && Double.isNaN(k))) {
                    t.rawset(v, Boolean.TRUE);
                }
            }
        }
        if (--remaining[d] == 0) {
            close();
        }
    }

    private void close() {
        depth--;
        LuaTable t = tables[depth];
        Object whole = t;
        if (kinds[depth] == MAP_KIND) {
            whole = wrap(MAP, t);
        } else if (kinds[depth] == SET_KIND) {
            whole = wrap(SET, t);
        }
        tables[depth] = null;
        value(whole);
    }

    private static LuaTable wrap(LuaString field, Object value) {
        LuaTable t = new LuaTable(0, 1);
        t.rawset(field, value);
        return t;
    }

    private void open(int kind, long count) {
        LuaTable t = new LuaTable(kind == ARRAY ? (int) Math.min(count, 1024) : 0,
                kind == ARRAY ? 0 : (int) Math.min(count, 1024));
        if (count == 0) {
            value(kind == MAP_KIND ? wrap(MAP, t) : kind == SET_KIND ? wrap(SET, t) : t);
            return;
        }
        if (depth == tables.length) {
            int n = depth * 2;
            tables = java.util.Arrays.copyOf(tables, n);
            kinds = java.util.Arrays.copyOf(kinds, n);
            remaining = java.util.Arrays.copyOf(remaining, n);
            nextIndex = java.util.Arrays.copyOf(nextIndex, n);
            pendingKeys = java.util.Arrays.copyOf(pendingKeys, n);
        }
        tables[depth] = t;
        kinds[depth] = kind;
        remaining[depth] = count;
        nextIndex[depth] = kind == ARRAY ? 1 : 0;
        pendingKeys[depth] = null;
        depth++;
    }

    @Override
    public void simple(String text) {
        value(wrap(OK, LuaString.of(text.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void ok() {
        value(wrap(OK, LuaString.of("OK")));
    }

    /**
     * An error reply as luaPushErrorBuff shapes it: {@code CODE message} (a text without a space gets the code
     * {@code ERR}), trailing CR/LF removed. A command that fails after starting its reply leaves only the error, as a
     * connection's reply is rewound.
     */
    @Override
    public void error(String text) {
        if (depth > 0) {
            reset(protocol);
        }
        LuaTable t = errorTable(text);
        error = depth == 0;
        value(t);
    }

    static LuaTable errorTable(String text) {
        int space = text.indexOf(' ');
        String code = space < 0 ? "ERR" : text.substring(0, space);
        String message = space < 0 ? text : text.substring(space + 1);
        int end = message.length();
        while (end > 0 && (message.charAt(end - 1) == '\r' || message.charAt(end - 1) == '\n')) {
            end--;
        }
        int start = 0;
        while (start < end && (message.charAt(start) == '\r' || message.charAt(start) == '\n')) {
            start++;
        }
        LuaTable t = new LuaTable(0, 2);
        t.rawset(ERR, LuaString.of((code + " " + message.substring(start, end)).getBytes(StandardCharsets.UTF_8)));
        return t;
    }

    @Override
    public void integer(long value) {
        value((double) value);
    }

    @Override
    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
        } else {
            value(LuaString.of(value));
        }
    }

    @Override
    public void bulk(String value) {
        bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void nullBulk() {
        value(protocol == 2 ? Boolean.FALSE : null);
    }

    @Override
    public void nullArray() {
        value(protocol == 2 ? Boolean.FALSE : null);
    }

    @Override
    public void array(int length) {
        open(ARRAY, length);
    }

    @Override
    public void map(int size) {
        if (protocol == 2) {
            open(ARRAY, 2L * size);
        } else {
            open(MAP_KIND, size);
        }
    }

    @Override
    public void set(int size) {
        open(protocol == 2 ? ARRAY : SET_KIND, size);
    }

    @Override
    public void push(int length) {
        open(ARRAY, length);
    }

    @Override
    public void doubleValue(double value) {
        if (protocol == 2) {
            value(LuaString.of(Doubles.format(value).getBytes(StandardCharsets.US_ASCII)));
        } else {
            value(wrap(DOUBLE, value));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 2) {
            value(value ? 1.0 : 0.0);
        } else {
            value(value);
        }
    }

    @Override
    public void verbatim(String text) {
        LuaString s = LuaString.of(text.getBytes(StandardCharsets.UTF_8));
        if (protocol == 2) {
            value(s);
        } else {
            LuaTable inner = new LuaTable(0, 2);
            inner.rawset(STRING, s);
            inner.rawset(FORMAT, LuaString.of("txt"));
            value(wrap(VERBATIM, inner));
        }
    }

    boolean complete() {
        return done && depth == 0;
    }
}
