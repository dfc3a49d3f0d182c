package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.engine.KeyFlag.ACCESS;
import static io.github.primkit.server.internal.engine.KeyFlag.DELETE;
import static io.github.primkit.server.internal.engine.KeyFlag.INSERT;
import static io.github.primkit.server.internal.engine.KeyFlag.OW;
import static io.github.primkit.server.internal.engine.KeyFlag.RM;
import static io.github.primkit.server.internal.engine.KeyFlag.RO;
import static io.github.primkit.server.internal.engine.KeyFlag.RW;
import static io.github.primkit.server.internal.engine.KeyFlag.UPDATE;
import static io.github.primkit.server.internal.engine.KeyFlag.VARIABLE_FLAGS;
import static io.github.primkit.server.internal.engine.KeySpec.afterKeyword;
import static io.github.primkit.server.internal.engine.KeySpec.afterKeywordShare;
import static io.github.primkit.server.internal.engine.KeySpec.keyNum;
import static io.github.primkit.server.internal.engine.KeySpec.range;
import static io.github.primkit.server.internal.engine.KeySpec.single;

import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.CommandTable;
import io.github.primkit.server.internal.engine.KeyFinder;
import io.github.primkit.server.internal.engine.KeyFlag;
import io.github.primkit.server.internal.engine.KeyRefs;
import io.github.primkit.server.internal.engine.KeySpec;
import java.nio.charset.StandardCharsets;

/**
 * The key specs of every command with keys, as Redis 7.2 declares them (what COMMAND GETKEYS and GETKEYSANDFLAGS
 * answer from), and the key procedures Redis falls back to when the specs do not fit the arguments: a key count
 * that is not a clean number (Redis then reads it with C's atoi), XREAD's STREAMS, GEORADIUS's STORE, SET's GET.
 * Kept apart from the command families so that one table shows every command's keys; a test checks that every
 * command with key positions has specs here.
 */
final class KeySpecs {
    private static final byte[] STREAMS = bytes("streams");
    private static final byte[] BLOCK = bytes("block");
    private static final byte[] COUNT = bytes("count");
    private static final byte[] GROUP = bytes("group");
    private static final byte[] NOACK = bytes("noack");
    private static final byte[] STORE = bytes("store");
    private static final byte[] STOREDIST = bytes("storedist");
    private static final byte[] GET = bytes("get");

    private KeySpecs() {
    }

    static void install(CommandTable t) {
        keys(t, "append", null, single(1, RW, INSERT));
        keys(t, "blmove", null, single(1, RW, ACCESS, DELETE), single(2, RW, INSERT));
        keys(t, "blmpop", generic(0, 2, 3), keyNum(2, RW, ACCESS, DELETE));
        keys(t, "blpop", null, range(1, -2, 1, RW, ACCESS, DELETE));
        keys(t, "brpop", null, range(1, -2, 1, RW, ACCESS, DELETE));
        keys(t, "brpoplpush", null, single(1, RW, ACCESS, DELETE), single(2, RW, INSERT));
        keys(t, "bzmpop", generic(0, 2, 3), keyNum(2, RW, ACCESS, DELETE));
        keys(t, "bzpopmax", null, range(1, -2, 1, RW, ACCESS, DELETE));
        keys(t, "bzpopmin", null, range(1, -2, 1, RW, ACCESS, DELETE));
        keys(t, "copy", null, single(1, RO, ACCESS), single(2, OW, UPDATE));
        keys(t, "decr", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "decrby", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "del", null, range(1, -1, 1, RM, DELETE));
        keys(t, "eval", generic(0, 2, 3), keyNum(2, RW, ACCESS, UPDATE));
        keys(t, "eval_ro", generic(0, 2, 3), keyNum(2, RO, ACCESS));
        keys(t, "evalsha", generic(0, 2, 3), keyNum(2, RW, ACCESS, UPDATE));
        keys(t, "evalsha_ro", generic(0, 2, 3), keyNum(2, RO, ACCESS));
        keys(t, "exists", null, range(1, -1, 1, RO));
        keys(t, "fcall", generic(0, 2, 3), keyNum(2, RW, ACCESS, UPDATE));
        keys(t, "fcall_ro", generic(0, 2, 3), keyNum(2, RO, ACCESS));
        keys(t, "expire", null, single(1, RW, UPDATE));
        keys(t, "expireat", null, single(1, RW, UPDATE));
        keys(t, "expiretime", null, single(1, RO, ACCESS));
        keys(t, "geoadd", null, single(1, RW, UPDATE));
        keys(t, "geodist", null, single(1, RO, ACCESS));
        keys(t, "geohash", null, single(1, RO, ACCESS));
        keys(t, "geopos", null, single(1, RO, ACCESS));
        keys(t, "georadius",
                KeySpecs::georadius, single(1, RO, ACCESS), afterKeyword("STORE", 6, OW, UPDATE),
                afterKeyword("STOREDIST", 6, OW, UPDATE));
        keys(t, "georadius_ro", null, single(1, RO, ACCESS));
        keys(t, "georadiusbymember",
                KeySpecs::georadius, single(1, RO, ACCESS), afterKeyword("STORE", 5, OW, UPDATE),
                afterKeyword("STOREDIST", 5, OW, UPDATE));
        keys(t, "georadiusbymember_ro", null, single(1, RO, ACCESS));
        keys(t, "geosearch", null, single(1, RO, ACCESS));
        keys(t, "geosearchstore", null, single(1, OW, UPDATE), single(2, RO, ACCESS));
        keys(t, "get", null, single(1, RO, ACCESS));
        keys(t, "getdel", null, single(1, RW, ACCESS, DELETE));
        keys(t, "getex", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "getrange", null, single(1, RO, ACCESS));
        keys(t, "getset", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "hdel", null, single(1, RW, DELETE));
        keys(t, "hexists", null, single(1, RO));
        keys(t, "hget", null, single(1, RO, ACCESS));
        keys(t, "hgetall", null, single(1, RO, ACCESS));
        keys(t, "hincrby", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "hincrbyfloat", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "hkeys", null, single(1, RO, ACCESS));
        keys(t, "hlen", null, single(1, RO));
        keys(t, "hmget", null, single(1, RO, ACCESS));
        keys(t, "hmset", null, single(1, RW, UPDATE));
        keys(t, "hrandfield", null, single(1, RO, ACCESS));
        keys(t, "hscan", null, single(1, RO, ACCESS));
        keys(t, "hset", null, single(1, RW, UPDATE));
        keys(t, "hsetnx", null, single(1, RW, INSERT));
        keys(t, "hstrlen", null, single(1, RO));
        keys(t, "hvals", null, single(1, RO, ACCESS));
        keys(t, "incr", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "incrby", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "incrbyfloat", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "lindex", null, single(1, RO, ACCESS));
        keys(t, "linsert", null, single(1, RW, INSERT));
        keys(t, "llen", null, single(1, RO));
        keys(t, "lmove", null, single(1, RW, ACCESS, DELETE), single(2, RW, INSERT));
        keys(t, "lmpop", generic(0, 1, 2), keyNum(1, RW, ACCESS, DELETE));
        keys(t, "lpop", null, single(1, RW, ACCESS, DELETE));
        keys(t, "lpos", null, single(1, RO, ACCESS));
        keys(t, "lpush", null, single(1, RW, INSERT));
        keys(t, "lpushx", null, single(1, RW, INSERT));
        keys(t, "lrange", null, single(1, RO, ACCESS));
        keys(t, "lrem", null, single(1, RW, DELETE));
        keys(t, "lset", null, single(1, RW, UPDATE));
        keys(t, "ltrim", null, single(1, RW, DELETE));
        keys(t, "mget", null, range(1, -1, 1, RO, ACCESS));
        keys(t, "mset", null, range(1, -1, 2, OW, UPDATE));
        keys(t, "msetnx", null, range(1, -1, 2, OW, INSERT));
        keys(t, "object|encoding", null, single(2, RO));
        keys(t, "object|freq", null, single(2, RO));
        keys(t, "object|refcount", null, single(2, RO));
        keys(t, "persist", null, single(1, RW, UPDATE));
        keys(t, "pexpire", null, single(1, RW, UPDATE));
        keys(t, "pexpireat", null, single(1, RW, UPDATE));
        keys(t, "pexpiretime", null, single(1, RO, ACCESS));
        keys(t, "psetex", null, single(1, OW, UPDATE));
        keys(t, "pttl", null, single(1, RO, ACCESS));
        keys(t, "rename", null, single(1, RW, ACCESS, DELETE), single(2, OW, UPDATE));
        keys(t, "renamenx", null, single(1, RW, ACCESS, DELETE), single(2, OW, INSERT));
        keys(t, "rpop", null, single(1, RW, ACCESS, DELETE));
        keys(t, "rpoplpush", null, single(1, RW, ACCESS, DELETE), single(2, RW, INSERT));
        keys(t, "rpush", null, single(1, RW, INSERT));
        keys(t, "rpushx", null, single(1, RW, INSERT));
        keys(t, "sadd", null, single(1, RW, INSERT));
        keys(t, "scard", null, single(1, RO));
        keys(t, "sdiff", null, range(1, -1, 1, RO, ACCESS));
        keys(t, "sdiffstore", null, single(1, OW, UPDATE), range(2, -1, 1, RO, ACCESS));
        keys(t, "set", KeySpecs::set, single(1, RW, ACCESS, UPDATE, VARIABLE_FLAGS));
        keys(t, "setex", null, single(1, OW, UPDATE));
        keys(t, "setnx", null, single(1, OW, INSERT));
        keys(t, "setrange", null, single(1, RW, UPDATE));
        keys(t, "sinter", null, range(1, -1, 1, RO, ACCESS));
        keys(t, "sintercard", generic(0, 1, 2), keyNum(1, RO, ACCESS));
        keys(t, "sinterstore", null, single(1, OW, UPDATE), range(2, -1, 1, RO, ACCESS));
        keys(t, "sismember", null, single(1, RO));
        keys(t, "smembers", null, single(1, RO, ACCESS));
        keys(t, "smismember", null, single(1, RO, ACCESS));
        keys(t, "smove", null, single(1, RW, ACCESS, DELETE), single(2, RW, INSERT));
        keys(t, "spop", null, single(1, RW, ACCESS, DELETE));
        keys(t, "srandmember", null, single(1, RO, ACCESS));
        keys(t, "srem", null, single(1, RW, DELETE));
        keys(t, "sscan", null, single(1, RO, ACCESS));
        keys(t, "strlen", null, single(1, RO));
        keys(t, "substr", null, single(1, RO, ACCESS));
        keys(t, "sunion", null, range(1, -1, 1, RO, ACCESS));
        keys(t, "sunionstore", null, single(1, OW, UPDATE), range(2, -1, 1, RO, ACCESS));
        keys(t, "touch", null, range(1, -1, 1, RO));
        keys(t, "ttl", null, single(1, RO, ACCESS));
        keys(t, "type", null, single(1, RO));
        keys(t, "unlink", null, range(1, -1, 1, RM, DELETE));
        keys(t, "watch", null, range(1, -1, 1, RO));
        keys(t, "xack", null, single(1, RW, UPDATE));
        keys(t, "xadd", null, single(1, RW, UPDATE));
        keys(t, "xautoclaim", null, single(1, RW, DELETE));
        keys(t, "xclaim", null, single(1, RW, UPDATE));
        keys(t, "xdel", null, single(1, RW, DELETE));
        keys(t, "xgroup|create", null, single(2, RW, INSERT));
        keys(t, "xgroup|createconsumer", null, single(2, RW, INSERT));
        keys(t, "xgroup|delconsumer", null, single(2, RW, DELETE));
        keys(t, "xgroup|destroy", null, single(2, RW, DELETE));
        keys(t, "xgroup|setid", null, single(2, RW, UPDATE));
        keys(t, "xinfo|consumers", null, single(2, RO, ACCESS));
        keys(t, "xinfo|groups", null, single(2, RO, ACCESS));
        keys(t, "xinfo|stream", null, single(2, RO, ACCESS));
        keys(t, "xlen", null, single(1, RO));
        keys(t, "xpending", null, single(1, RO, ACCESS));
        keys(t, "xrange", null, single(1, RO, ACCESS));
        keys(t, "xread", KeySpecs::xread, afterKeywordShare("STREAMS", 1, 2, RO, ACCESS));
        keys(t, "xreadgroup", KeySpecs::xread, afterKeywordShare("STREAMS", 4, 2, RO, ACCESS));
        keys(t, "xrevrange", null, single(1, RO, ACCESS));
        keys(t, "xsetid", null, single(1, RW, UPDATE));
        keys(t, "xtrim", null, single(1, RW, DELETE));
        keys(t, "zadd", null, single(1, RW, UPDATE));
        keys(t, "zcard", null, single(1, RO));
        keys(t, "zcount", null, single(1, RO, ACCESS));
        keys(t, "zdiff", generic(0, 1, 2), keyNum(1, RO, ACCESS));
        keys(t, "zdiffstore", generic(1, 2, 3), single(1, OW, UPDATE), keyNum(2, RO, ACCESS));
        keys(t, "zincrby", null, single(1, RW, ACCESS, UPDATE));
        keys(t, "zinter", generic(0, 1, 2), keyNum(1, RO, ACCESS));
        keys(t, "zintercard", generic(0, 1, 2), keyNum(1, RO, ACCESS));
        keys(t, "zinterstore", generic(1, 2, 3), single(1, OW, UPDATE), keyNum(2, RO, ACCESS));
        keys(t, "zlexcount", null, single(1, RO, ACCESS));
        keys(t, "zmpop", generic(0, 1, 2), keyNum(1, RW, ACCESS, DELETE));
        keys(t, "zmscore", null, single(1, RO, ACCESS));
        keys(t, "zpopmax", null, single(1, RW, ACCESS, DELETE));
        keys(t, "zpopmin", null, single(1, RW, ACCESS, DELETE));
        keys(t, "zrandmember", null, single(1, RO, ACCESS));
        keys(t, "zrange", null, single(1, RO, ACCESS));
        keys(t, "zrangebylex", null, single(1, RO, ACCESS));
        keys(t, "zrangebyscore", null, single(1, RO, ACCESS));
        keys(t, "zrangestore", null, single(1, OW, UPDATE), single(2, RO, ACCESS));
        keys(t, "zrank", null, single(1, RO, ACCESS));
        keys(t, "zrem", null, single(1, RW, DELETE));
        keys(t, "zremrangebylex", null, single(1, RW, DELETE));
        keys(t, "zremrangebyrank", null, single(1, RW, DELETE));
        keys(t, "zremrangebyscore", null, single(1, RW, DELETE));
        keys(t, "zrevrange", null, single(1, RO, ACCESS));
        keys(t, "zrevrangebylex", null, single(1, RO, ACCESS));
        keys(t, "zrevrangebyscore", null, single(1, RO, ACCESS));
        keys(t, "zrevrank", null, single(1, RO, ACCESS));
        keys(t, "zscan", null, single(1, RO, ACCESS));
        keys(t, "zscore", null, single(1, RO, ACCESS));
        keys(t, "zunion", generic(0, 1, 2), keyNum(1, RO, ACCESS));
        keys(t, "zunionstore", generic(1, 2, 3), single(1, OW, UPDATE), keyNum(2, RO, ACCESS));
    }

    private static void keys(CommandTable table, String name, KeyFinder.Procedure procedure, KeySpec... specs) {
        int bar = name.indexOf('|');
        CommandSpec command = bar < 0 ? table.lookup(name)
                : table.lookup(name.substring(0, bar)).subcommands().get(name.substring(bar + 1));
        if (command == null) {
            throw new IllegalStateException("key specs for an unknown command: " + name);
        }
        command.keys(procedure, specs);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * Redis's genericGetKeys: the count at {@code countAt} (read with atoi), that many keys from {@code firstAt},
     * then the destination at {@code storeAt} (0 for none); no keys when the count is below 1 or too large. The
     * keys come without flags.
     */
    private static KeyFinder.Procedure generic(int storeAt, int countAt, int firstAt) {
        return (args, out) -> {
            int count = KeyFinder.atoi(args[countAt]);
            if (count < 1 || count > args.length - firstAt) {
                return;
            }
            for (int i = 0; i < count; i++) {
                out.add(firstAt + i, 0);
            }
            if (storeAt > 0) {
                out.add(storeAt, 0);
            }
        };
    }

    /** XREAD/XREADGROUP: the options before STREAMS, then half of what follows it; none for a malformed list. */
    private static void xread(byte[][] args, KeyRefs out) {
        int streams = -1;
        for (int i = 1; i < args.length; i++) {
            byte[] arg = args[i];
            if (KeyFinder.equalsIgnoreCase(arg, BLOCK) || KeyFinder.equalsIgnoreCase(arg, COUNT)) {
                i++;
            } else if (KeyFinder.equalsIgnoreCase(arg, GROUP)) {
                i += 2;
            } else if (KeyFinder.equalsIgnoreCase(arg, NOACK)) {
                continue;
            } else if (KeyFinder.equalsIgnoreCase(arg, STREAMS)) {
                streams = i;
                break;
            } else {
                break;
            }
        }
        int remaining = streams < 0 ? 0 : args.length - streams - 1;
        if (remaining == 0 || remaining % 2 != 0) {
            return;
        }
        for (int i = streams + 1; i < args.length - remaining / 2; i++) {
            out.add(i, 0);
        }
    }

    /** GEORADIUS/GEORADIUSBYMEMBER: the source key, and the last STORE/STOREDIST destination from argument 5 on. */
    private static void georadius(byte[][] args, KeyRefs out) {
        int stored = -1;
        for (int i = 5; i < args.length; i++) {
            if ((KeyFinder.equalsIgnoreCase(args[i], STORE) || KeyFinder.equalsIgnoreCase(args[i], STOREDIST))
                    && i + 1 < args.length) {
                stored = i + 1;
                i++;
            }
        }
        out.add(1, 0);
        if (stored > 0) {
            out.add(stored, 0);
        }
    }

    /** SET: read-write when a GET option follows the value, otherwise overwrite. */
    private static void set(byte[][] args, KeyRefs out) {
        for (int i = 3; i < args.length; i++) {
            if (KeyFinder.equalsIgnoreCase(args[i], GET)) {
                out.add(1, KeyFlag.mask(RW, ACCESS, UPDATE));
                return;
            }
        }
        out.add(1, KeyFlag.mask(OW, UPDATE));
    }
}
