package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.data.RedisHash;
import io.github.primkit.server.internal.data.RedisList;
import io.github.primkit.server.internal.data.RedisSet;
import io.github.primkit.server.internal.protocol.Doubles;
import io.github.primkit.server.internal.protocol.Reply;
import java.nio.charset.StandardCharsets;

/**
 * What a command handler works with: the arguments, the client, its database, the reply, and the time of the
 * command (fixed for its whole execution, as Redis does, so a command sees one consistent "now").
 */
public final class Context {
    public final Engine engine;
    public final Client client;
    public final byte[][] args;
    public final Reply reply;
    public final long now;
    public final CommandSpec command;
    /** True inside MULTI/EXEC and scripts: blocking commands must not block. */
    public final boolean atomic;

    Context(Engine engine, Client client, byte[][] args, Reply reply, long now, CommandSpec command, boolean atomic) {
        this.engine = engine;
        this.client = client;
        this.args = args;
        this.reply = reply;
        this.now = now;
        this.command = command;
        this.atomic = atomic;
    }

    public Database db() {
        return engine.database(client.db);
    }

    public int argc() {
        return args.length;
    }

    public byte[] arg(int i) {
        return args[i];
    }

    public String argString(int i) {
        return new String(args[i], StandardCharsets.UTF_8);
    }

    /** Whether argument {@code i} equals {@code word}, ignoring ASCII case. */
    public boolean is(int i, String word) {
        byte[] a = args[i];
        if (a.length != word.length()) {
            return false;
        }
        for (int j = 0; j < a.length; j++) {
            int c = a[j];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            int w = word.charAt(j);
            if (w >= 'A' && w <= 'Z') {
                w += 32;
            }
            if (c != w) {
                return false;
            }
        }
        return true;
    }

    /** Argument {@code i} as a 64-bit integer, or Redis's "not an integer" error. */
    public long argLong(int i) {
        return parseLong(args[i], CommandException.NOT_INTEGER);
    }

    /** Argument {@code i} as a float, or Redis's "not a valid float" error. */
    public double argDouble(int i) {
        Double value = Doubles.parse(args[i]);
        if (value == null) {
            throw new CommandException(CommandException.NOT_FLOAT);
        }
        return value;
    }

    /** Parses a strict decimal long as Redis's string2ll: no spaces, no '+', no leading zeros, within range. */
    public static long parseLong(byte[] text, String error) {
        Long value = tryParseLong(text);
        if (value == null) {
            throw new CommandException(error);
        }
        return value;
    }

    public static Long tryParseLong(byte[] s) {
        int n = s.length;
        if (n == 0 || n > 20) {
            return null;
        }
        if (n == 1 && s[0] == '0') {
            return 0L;
        }
        int i = 0;
        boolean negative = false;
        if (s[0] == '-') {
            negative = true;
            i = 1;
            if (n == 1) {
                return null;
            }
        }
        if (s[i] < '1' || s[i] > '9') {
            return null;
        }
        long value = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                // Only -9223372036854775808 fits past this point.
                if (negative && value == 922337203685477580L && d == 8 && i == n - 1) {
                    return Long.MIN_VALUE;
                }
                return null;
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    // Typed lookups: null when absent, WRONGTYPE when the key holds another type.

    public byte[] getString(byte[] key) {
        Object value = db().get(key, now);
        if (value == null || value instanceof byte[]) {
            return (byte[]) value;
        }
        throw CommandException.wrongType();
    }

    public RedisHash getHash(byte[] key) {
        Object value = db().get(key, now);
        if (value == null || value instanceof RedisHash) {
            return (RedisHash) value;
        }
        throw CommandException.wrongType();
    }

    public RedisList getList(byte[] key) {
        Object value = db().get(key, now);
        if (value == null || value instanceof RedisList) {
            return (RedisList) value;
        }
        throw CommandException.wrongType();
    }

    public RedisSet getSet(byte[] key) {
        Object value = db().get(key, now);
        if (value == null || value instanceof RedisSet) {
            return (RedisSet) value;
        }
        throw CommandException.wrongType();
    }

    /** Blocks the client on {@code keys} until one is ready or the timeout passes (0 = forever). */
    public void block(byte[][] keys, long timeoutMillis, Blocking.Waiter waiter) {
        engine.blocking().block(this, keys, timeoutMillis, waiter);
    }

    /**
     * Parses a blocking timeout in seconds into milliseconds, as Redis's getTimeoutFromObjectOrReply does: a long
     * double (hexadecimal floats included) times 1000, rounded up, so a tiny negative value such as -0.0001 rounds to
     * 0 (block forever) rather than being negative; past what a deadline can hold it is out of range.
     */
    public long argTimeoutSeconds(int i) {
        Double seconds = parseTimeout(args[i]);
        if (seconds == null) {
            throw new CommandException("ERR timeout is not a float or out of range");
        }
        double millis = Math.ceil(seconds * 1000);
        if (millis > (double) Long.MAX_VALUE) {
            throw new CommandException("ERR timeout is out of range");
        }
        if (millis < 0) {
            throw new CommandException("ERR timeout is negative");
        }
        long timeout = (long) millis;
        if (timeout > 0 && timeout > Long.MAX_VALUE - now) {
            throw new CommandException("ERR timeout is out of range");
        }
        return timeout;
    }

    /** strtold's forms: what {@link Doubles#parse} accepts, plus C's hexadecimal floats (0x10, 0x1.8p3). */
    private static Double parseTimeout(byte[] text) {
        Double value = Doubles.parse(text);
        if (value != null || text.length < 3 || text.length > 100) {
            return value;
        }
        String s = new String(text, StandardCharsets.ISO_8859_1);
        if (!s.matches("[+-]?0[xX]([0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)([pP][+-]?[0-9]+)?")) {
            return null;
        }
        boolean exponent = s.indexOf('p') >= 0 || s.indexOf('P') >= 0;
        return Double.parseDouble(exponent ? s : s + "p0");
    }
}
