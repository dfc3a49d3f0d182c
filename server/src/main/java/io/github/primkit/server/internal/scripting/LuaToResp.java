package io.github.primkit.server.internal.scripting;

import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.lua.LuaString;
import io.github.primkit.server.internal.lua.LuaTable;
import io.github.primkit.server.internal.protocol.Reply;
import io.github.primkit.server.internal.protocol.RespWriter;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A script's return value as the client's reply, as Redis 7.2's luaReplyToRedisReply writes it: strings as bulk
 * strings, numbers as integers (truncated; NaN and out of range give -9223372036854775808), {@code true} as 1 and
 * {@code false} as nil (booleans after {@code redis.setresp(3)}), tables as arrays up to the first nil, except
 * tables with an {@code err}, {@code ok}, {@code double}, {@code big_number}, {@code verbatim_string}, {@code map}
 * or {@code set} field (checked in that order); anything else as nil.
 */
final class LuaToResp {
    /** How deep nested tables may go (a table holding itself would otherwise never end). */
    private static final int MAX_DEPTH = 1000;

    private final Reply reply;
    private final int scriptResp;
    private final Engine engine;

    LuaToResp(Reply reply, int scriptResp, Engine engine) {
        this.reply = reply;
        this.scriptResp = scriptResp;
        this.engine = engine;
    }

    void write(Object value) {
        write(value, 0);
    }

    private void write(Object value, int depth) {
        if (value instanceof LuaString s) {
            reply.bulk(s.unsafeBytes());
        } else if (value instanceof Boolean b) {
            if (scriptResp == 2) {
                if (b) {
                    reply.integer(1);
                } else {
                    reply.nullBulk();
                }
            } else {
                reply.bool(b);
            }
        } else if (value instanceof Double d) {
            reply.integer(toLong(d));
        } else if (value instanceof LuaTable t) {
            if (depth >= MAX_DEPTH) {
                engine.error(reply, "ERR reached lua stack limit");
                return;
            }
            table(t, depth);
        } else {
            reply.nullBulk();
        }
    }

    /** C's (long long) cast on x86-64: NaN and values out of range give LLONG_MIN. */
    static long toLong(double d) {
        if (d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
            return (long) d;
        }
        return Long.MIN_VALUE;
    }

    private void table(LuaTable t, int depth) {
        Object err = t.rawget(LuaReply.ERR);
        if (err instanceof LuaString e) {
            rawError(e.unsafeBytes());
            return;
        }
        Object ok = t.rawget(LuaReply.OK);
        if (ok instanceof LuaString o) {
            status(o.unsafeBytes());
            return;
        }
        Object d = t.rawget(LuaReply.DOUBLE);
        if (d instanceof Double number) {
            reply.doubleValue(number);
            return;
        }
        Object big = t.rawget(LuaReply.BIG_NUMBER);
        if (big instanceof LuaString b) {
            Scripting.bigNumber(reply, b.unsafeBytes());
            return;
        }
        Object verbatim = t.rawget(LuaReply.VERBATIM);
        if (verbatim instanceof LuaTable v && v.rawget(LuaReply.FORMAT) instanceof LuaString format
                && v.rawget(LuaReply.STRING) instanceof LuaString text) {
            verbatim(format.unsafeBytes(), text.unsafeBytes());
            return;
        }
        Object map = t.rawget(LuaReply.MAP);
        if (map instanceof LuaTable m) {
            List<Object[]> entries = new ArrayList<>();
            for (Object[] e = m.next(null); e != null; e = m.next(e[0])) {
                entries.add(e);
            }
            reply.map(entries.size());
            for (Object[] e : entries) {
                write(e[0], depth + 1);
                write(e[1], depth + 1);
            }
            return;
        }
        Object set = t.rawget(LuaReply.SET);
        if (set instanceof LuaTable s) {
            List<Object> members = new ArrayList<>();
            for (Object[] e = s.next(null); e != null; e = s.next(e[0])) {
                members.add(e[0]);
            }
            reply.set(members.size());
            for (Object member : members) {
                write(member, depth + 1);
            }
            return;
        }
        int n = 0;
        while (t.rawget(n + 1) != null) {
            n++;
        }
        reply.array(n);
        for (int i = 1; i <= n; i++) {
            write(t.rawget(i), depth + 1);
        }
    }

    /** A status reply of any bytes (CR and LF become spaces, as Redis maps them). */
    private void status(byte[] text) {
        if (reply instanceof RespWriter writer) {
            ByteBuf out = writer.target();
            out.writeByte('+');
            for (byte b : text) {
                out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            }
            out.writeByte('\r');
            out.writeByte('\n');
        } else {
            reply.simple(new String(text, StandardCharsets.UTF_8));
        }
    }

    private void rawError(byte[] text) {
        String latin1 = new String(text, StandardCharsets.ISO_8859_1);
        if (reply instanceof RespWriter writer) {
            engine.error(new ForwardingReply(writer) {
                @Override
                public void error(String ignored) {
                    writer.error(text);
                }
            }, latin1);
        } else {
            engine.error(reply, latin1);
        }
    }

    private void verbatim(byte[] format, byte[] text) {
        if (reply.protocol() == 3 && reply instanceof RespWriter writer) {
            ByteBuf out = writer.target();
            byte[] header = ("=" + (text.length + 4) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            out.writeBytes(header);
            for (int i = 0; i < 3; i++) {
                out.writeByte(i < format.length ? format[i] : ' ');
            }
            out.writeByte(':');
            out.writeBytes(text);
            out.writeByte('\r');
            out.writeByte('\n');
        } else {
            reply.bulk(text);
        }
    }
}
