package io.github.primkit.server.internal.commands;

import static io.github.primkit.server.internal.commands.Registry.flags;
import static io.github.primkit.server.internal.engine.Flag.BLOCKING;
import static io.github.primkit.server.internal.engine.Flag.DENYOOM;
import static io.github.primkit.server.internal.engine.Flag.FAST;
import static io.github.primkit.server.internal.engine.Flag.LOADING;
import static io.github.primkit.server.internal.engine.Flag.MOVABLE_KEYS;
import static io.github.primkit.server.internal.engine.Flag.READONLY;
import static io.github.primkit.server.internal.engine.Flag.STALE;
import static io.github.primkit.server.internal.engine.Flag.WRITE;

import io.github.primkit.server.internal.data.Database;
import io.github.primkit.server.internal.data.PendingList;
import io.github.primkit.server.internal.data.RedisStream;
import io.github.primkit.server.internal.data.RedisStream.Consumer;
import io.github.primkit.server.internal.data.RedisStream.Entry;
import io.github.primkit.server.internal.data.RedisStream.Group;
import io.github.primkit.server.internal.data.RedisStream.Nack;
import io.github.primkit.server.internal.data.StreamId;
import io.github.primkit.server.internal.engine.Blocking;
import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.CommandSpec;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.protocol.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stream commands: XADD, XRANGE, XREAD, consumer groups (XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM, XAUTOCLAIM),
 * XINFO, XSETID. Arguments are checked in Redis's order (t_stream.c), which decides which error a client sees when
 * several apply; IDs are parsed as Redis parses them (strtoull's leniency included).
 *
 * <p>As in Redis, only XADD, XDEL, XTRIM and stream creation count as modifications for WATCH; group bookkeeping
 * (XREADGROUP, XACK, XCLAIM, XGROUP, XSETID) does not. XREAD/XREADGROUP with BLOCK park the client with a
 * {@link StreamWaiter}; when a key it waits on is signalled (XADD, a stream appearing, XGROUP DESTROY, or, for
 * XREADGROUP, the key being deleted or replaced) the command is re-run like Redis re-executes it: it replies (data or
 * an error such as NOGROUP) or blocks again at the back of the queue, keeping its deadline.
 */
final class StreamCommands {
    private StreamCommands() {
    }

    static final String INVALID_ID = "ERR Invalid stream ID specified as stream command argument";
    private static final String TOP_ITEM = "ERR The ID specified in XADD is equal or smaller than the target stream "
            + "top item";

    static void register(Registry r) {
        r.add("xadd", -5, flags(WRITE, DENYOOM, FAST), 1, 1, 1, StreamCommands::xadd);
        r.add("xrange", -4, flags(READONLY), 1, 1, 1, c -> xrange(c, false));
        r.add("xrevrange", -4, flags(READONLY), 1, 1, 1, c -> xrange(c, true));
        r.add("xlen", 2, flags(READONLY, FAST), 1, 1, 1, c -> {
            RedisStream s = stream(c, c.arg(1));
            c.reply.integer(s == null ? 0 : s.length());
        });
        r.add("xdel", -3, flags(WRITE, FAST), 1, 1, 1, StreamCommands::xdel);
        r.add("xtrim", -4, flags(WRITE), 1, 1, 1, StreamCommands::xtrim);
        r.add("xread", -4, flags(READONLY, BLOCKING, MOVABLE_KEYS), 0, 0, 0, c -> xread(c, false, false));
        r.add("xreadgroup", -7, flags(WRITE, BLOCKING, MOVABLE_KEYS), 0, 0, 0, c -> xread(c, true, false));
        r.add("xack", -4, flags(WRITE, FAST), 1, 1, 1, StreamCommands::xack);
        r.add("xpending", -3, flags(READONLY), 1, 1, 1, StreamCommands::xpending);
        r.add("xclaim", -6, flags(WRITE, FAST), 1, 1, 1, StreamCommands::xclaim);
        r.add("xautoclaim", -6, flags(WRITE, FAST), 1, 1, 1, StreamCommands::xautoclaim);
        r.add("xsetid", -3, flags(WRITE, DENYOOM, FAST), 1, 1, 1, StreamCommands::xsetid);

        CommandSpec xgroup = r.container("xgroup", -2, flags());
        r.sub(xgroup, "create", -5, flags(WRITE, DENYOOM), 2, 2, 1, StreamCommands::xgroup);
        r.sub(xgroup, "setid", -5, flags(WRITE), 2, 2, 1, StreamCommands::xgroup);
        r.sub(xgroup, "destroy", 4, flags(WRITE), 2, 2, 1, StreamCommands::xgroup);
        r.sub(xgroup, "createconsumer", 5, flags(WRITE, DENYOOM), 2, 2, 1, StreamCommands::xgroup);
        r.sub(xgroup, "delconsumer", 5, flags(WRITE), 2, 2, 1, StreamCommands::xgroup);
        r.sub(xgroup, "help", 2, flags(LOADING, STALE), c -> ConnectionCommands.help(c.reply, "XGROUP", List.of(
                "CREATE <key> <groupname> <id|$> [option]",
                "    Create a new consumer group. Options are:",
                "    * MKSTREAM",
                "      Create the empty stream if it does not exist.",
                "    * ENTRIESREAD entries_read",
                "      Set the group's entries_read counter (internal use).",
                "CREATECONSUMER <key> <groupname> <consumer>",
                "    Create a new consumer in the specified group.",
                "DELCONSUMER <key> <groupname> <consumer>",
                "    Remove the specified consumer.",
                "DESTROY <key> <groupname>",
                "    Remove the specified group.",
                "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
                "    Set the current group ID and entries_read counter.")));

        CommandSpec xinfo = r.container("xinfo", -2, flags());
        r.sub(xinfo, "consumers", 4, flags(READONLY), 2, 2, 1, StreamCommands::xinfo);
        r.sub(xinfo, "groups", 3, flags(READONLY), 2, 2, 1, StreamCommands::xinfo);
        r.sub(xinfo, "stream", -3, flags(READONLY), 2, 2, 1, StreamCommands::xinfo);
        r.sub(xinfo, "help", 2, flags(LOADING, STALE), c -> ConnectionCommands.help(c.reply, "XINFO", List.of(
                "CONSUMERS <key> <groupname>",
                "    Show consumers of <groupname>.",
                "GROUPS <key>",
                "    Show the stream consumer groups.",
                "STREAM <key> [FULL [COUNT <count>]",
                "    Show information about the stream.")));
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    /** The stream at {@code key}: null when absent, WRONGTYPE for another type. */
    static RedisStream stream(Context c, byte[] key) {
        Object value = c.db().get(key, c.now);
        if (value == null || value instanceof RedisStream) {
            return (RedisStream) value;
        }
        throw CommandException.wrongType();
    }

    private static CommandException error(String message) {
        return new CommandException(message);
    }

    /** A C string's length: up to the first NUL (Redis compares option words and IDs as C strings). */
    private static int cLength(byte[] arg) {
        for (int i = 0; i < arg.length; i++) {
            if (arg[i] == 0) {
                return i;
            }
        }
        return arg.length;
    }

    /** Whether {@code arg} is exactly the one-character {@code ch} as a C string. */
    private static boolean isChar(byte[] arg, char ch) {
        return arg.length >= 1 && arg[0] == ch && (arg.length == 1 || arg[1] == 0);
    }

    /** strcasecmp(arg, word) == 0 on the argument as a C string. */
    private static boolean is(Context c, int i, String word) {
        byte[] a = c.arg(i);
        if (cLength(a) != word.length()) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            int x = a[j];
            if (x >= 'A' && x <= 'Z') {
                x += 32;
            }
            if (x != word.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    private static String quoted(byte[] arg) {
        return new String(arg, 0, cLength(arg), StandardCharsets.ISO_8859_1);
    }

    /**
     * Redis's streamGenericParseIDOrReply: {@code -}/{@code +} (unless strict), {@code <ms>}, {@code <ms>-<seq>}, and
     * {@code <ms>-*} when {@code seqGiven} is not null (then seqGiven[0] says whether the sequence was given).
     */
    static StreamId parseId(byte[] arg, long missingSeq, boolean strict, boolean[] seqGiven) {
        if (arg.length > 127) {
            throw error(INVALID_ID);
        }
        int n = cLength(arg);
        boolean single = n == 1;
        if (strict && single && (arg[0] == '-' || arg[0] == '+')) {
            throw error(INVALID_ID);
        }
        if (seqGiven != null) {
            seqGiven[0] = true;
        }
        if (single && arg[0] == '-') {
            return StreamId.MIN;
        }
        if (single && arg[0] == '+') {
            return StreamId.MAX;
        }
        int dash = -1;
        for (int i = 0; i < n; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        Long ms = parseUnsigned(arg, 0, dash < 0 ? n : dash);
        if (ms == null) {
            throw error(INVALID_ID);
        }
        long seq;
        if (dash >= 0) {
            if (seqGiven != null && n - dash - 1 == 1 && arg[dash + 1] == '*') {
                seq = 0;
                seqGiven[0] = false;
            } else {
                Long parsed = parseUnsigned(arg, dash + 1, n);
                if (parsed == null) {
                    throw error(INVALID_ID);
                }
                seq = parsed;
            }
        } else {
            seq = missingSeq;
        }
        return new StreamId(ms, seq);
    }

    /**
     * Redis's string2ull: a strict decimal first; failing that, what strtoull accepts (leading spaces, a sign, leading
     * zeros; a '-' negates modulo 2^64), all of the text, within 64 bits.
     */
    private static Long parseUnsigned(byte[] s, int from, int to) {
        if (from >= to) {
            return null;
        }
        Long strict = Context.tryParseLong(Arrays.copyOfRange(s, from, to));
        if (strict != null) {
            return strict < 0 ? null : strict;
        }
        int i = from;
        while (i < to && (s[i] == ' ' || (s[i] >= 9 && s[i] <= 13))) {
            i++;
        }
        boolean negative = false;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (i >= to || s[i] < '0' || s[i] > '9') {
            return null;
        }
        long value = 0;
        for (; i < to; i++) {
            int d = s[i] - '0';
            if (d < 0 || d > 9) {
                return null;
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                return null; // ERANGE
            }
            value = value * 10 + d;
        }
        return negative ? -value : value;
    }

    /** Redis's streamParseIntervalIDOrReply: a '(' prefix makes the bound exclusive (and the rest strict). */
    private static StreamId parseBound(byte[] arg, long missingSeq, boolean start) {
        boolean exclusive = arg.length > 1 && arg[0] == '(';
        if (!exclusive) {
            return parseId(arg, missingSeq, false, null);
        }
        StreamId id = parseId(Arrays.copyOfRange(arg, 1, arg.length), missingSeq, true, null);
        StreamId moved = start ? id.next() : id.previous();
        if (moved == null) {
            throw error(start ? "ERR invalid start ID for the interval" : "ERR invalid end ID for the interval");
        }
        return moved;
    }

    private static void writeId(Reply reply, StreamId id) {
        reply.bulk(id.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void writeEntry(Reply reply, Entry entry) {
        reply.array(2);
        writeId(reply, entry.id());
        byte[][] fv = entry.fieldsAndValues();
        reply.array(fv.length);
        for (byte[] part : fv) {
            reply.bulk(part);
        }
    }

    private static void writeEntries(Reply reply, List<Entry> entries) {
        reply.array(entries.size());
        for (Entry entry : entries) {
            writeEntry(reply, entry);
        }
    }

    private static long argLong(Context c, int i, String error) {
        Long value = Context.tryParseLong(c.arg(i));
        if (value == null) {
            throw error(error);
        }
        return value;
    }

    // ---- XADD and XTRIM --------------------------------------------------------------------------------------------

    /** XADD/XTRIM options (Redis's streamAddTrimArgs). */
    private static final class TrimArgs {
        StreamId id;
        boolean idGiven;
        boolean seqGiven;
        boolean noMkstream;
        int strategy; // 0 none, 1 MAXLEN, 2 MINID
        boolean approx;
        long limit;
        long maxlen;
        StreamId minId;
        int idPos;

        long trim(RedisStream s) {
            return strategy == 0 ? 0 : s.trim(strategy == 1, maxlen, minId, approx, limit);
        }
    }

    private static TrimArgs parseTrimArgs(Context c, boolean xadd) {
        TrimArgs a = new TrimArgs();
        boolean limitGiven = false;
        int i = 2;
        for (; i < c.argc(); i++) {
            int more = c.argc() - 1 - i;
            if (xadd && isChar(c.arg(i), '*')) {
                break;
            } else if ((is(c, i, "maxlen") || is(c, i, "minid")) && more > 0) {
                boolean maxlen = is(c, i, "maxlen");
                if (a.strategy != 0) {
                    throw error("ERR syntax error, MAXLEN and MINID options at the same time are not compatible");
                }
                a.approx = false;
                byte[] next = c.arg(i + 1);
                if (more >= 2 && isChar(next, '~')) {
                    a.approx = true;
                    i++;
                } else if (more >= 2 && isChar(next, '=')) {
                    i++;
                }
                if (maxlen) {
                    a.maxlen = c.argLong(i + 1);
                    if (a.maxlen < 0) {
                        throw error("ERR The MAXLEN argument must be >= 0.");
                    }
                    a.strategy = 1;
                } else {
                    a.minId = parseId(c.arg(i + 1), 0, true, null);
                    a.strategy = 2;
                }
                i++;
            } else if (is(c, i, "limit") && more > 0) {
                a.limit = c.argLong(i + 1);
                if (a.limit < 0) {
                    throw error("ERR The LIMIT argument must be >= 0.");
                }
                limitGiven = true;
                i++;
            } else if (xadd && is(c, i, "nomkstream")) {
                a.noMkstream = true;
            } else if (xadd) {
                boolean[] seqGiven = new boolean[1];
                a.id = parseId(c.arg(i), 0, true, seqGiven);
                a.seqGiven = seqGiven[0];
                a.idGiven = true;
                break;
            } else {
                throw CommandException.syntax();
            }
        }
        if (a.limit != 0 && a.strategy == 0) {
            throw error("ERR syntax error, LIMIT cannot be used without specifying a trimming strategy");
        }
        if (!xadd && a.strategy == 0) {
            throw error("ERR syntax error, XTRIM must be called with a trimming strategy");
        }
        if (limitGiven) {
            if (!a.approx) {
                throw error("ERR syntax error, LIMIT cannot be used without the special ~ option");
            }
        } else {
            a.limit = a.approx ? 100L * RedisStream.NODE_MAX_ENTRIES : 0;
        }
        a.idPos = i;
        return a;
    }

    private static void xadd(Context c) {
        TrimArgs a = parseTrimArgs(c, true);
        int fieldPos = a.idPos + 1;
        int pairs = c.argc() - fieldPos;
        if (pairs < 2 || pairs % 2 == 1) {
            throw error("ERR wrong number of arguments for 'xadd' command");
        }
        if (a.idGiven && a.seqGiven && a.id.isZero()) {
            throw error("ERR The ID specified in XADD must be greater than 0-0");
        }
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisStream s = stream(c, key);
        if (s == null) {
            if (a.noMkstream) {
                c.reply.nullBulk();
                return;
            }
            s = new RedisStream();
            db.add(key, s);
        }
        StreamId last = s.lastId();
        if (last.ms() == -1L && last.seq() == -1L) {
            throw error("ERR The stream has exhausted the last possible ID, unable to add more items");
        }
        StreamId id;
        if (a.idGiven) {
            if (a.seqGiven) {
                id = a.id;
            } else if (last.ms() == a.id.ms()) {
                if (last.seq() == -1L) {
                    throw error(TOP_ITEM);
                }
                id = new StreamId(last.ms(), last.seq() + 1);
            } else {
                id = a.id;
            }
        } else if (Long.compareUnsigned(c.now, last.ms()) > 0) {
            id = new StreamId(c.now, 0);
        } else {
            id = last.next();
        }
        if (id == null || id.compareTo(last) <= 0) {
            throw error(TOP_ITEM);
        }
        s.append(id, Arrays.copyOfRange(c.args, fieldPos, c.argc()));
        writeId(c.reply, id);
        db.modified(key);
        a.trim(s);
        db.ready(key);
    }

    private static void xtrim(Context c) {
        TrimArgs a = parseTrimArgs(c, false);
        byte[] key = c.arg(1);
        RedisStream s = stream(c, key);
        if (s == null) {
            c.reply.integer(0);
            return;
        }
        long deleted = a.trim(s);
        if (deleted > 0) {
            c.db().modified(key);
        }
        c.reply.integer(deleted);
    }

    // ---- Reading without groups ------------------------------------------------------------------------------------

    private static void xrange(Context c, boolean reverse) {
        StreamId start = parseBound(reverse ? c.arg(3) : c.arg(2), 0, true);
        StreamId end = parseBound(reverse ? c.arg(2) : c.arg(3), -1L, false);
        long count = -1;
        for (int j = 4; j < c.argc(); j++) {
            if (is(c, j, "count") && j + 1 < c.argc()) {
                count = Math.max(0, c.argLong(++j));
            } else {
                throw CommandException.syntax();
            }
        }
        RedisStream s = stream(c, c.arg(1));
        if (s == null) {
            c.reply.array(0);
            return;
        }
        if (count == 0) {
            c.reply.nullArray();
            return;
        }
        writeEntries(c.reply, s.range(start, end, count == -1 ? 0 : count, reverse));
    }

    private static void xdel(Context c) {
        byte[] key = c.arg(1);
        RedisStream s = stream(c, key);
        if (s == null) {
            c.reply.integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 2];
        for (int j = 2; j < c.argc(); j++) {
            ids[j - 2] = parseId(c.arg(j), 0, true, null);
        }
        long deleted = 0;
        boolean firstDeleted = false;
        for (StreamId id : ids) {
            if (s.delete(id)) {
                if (id.equals(s.firstId())) {
                    firstDeleted = true;
                }
                if (id.compareTo(s.maxDeletedId()) > 0) {
                    s.maxDeletedId(id);
                }
                deleted++;
            }
        }
        if (deleted > 0) {
            if (s.length() == 0) {
                s.refreshFirstId();
            } else if (firstDeleted) {
                s.refreshFirstId();
            }
            c.db().modified(key);
        }
        c.reply.integer(deleted);
    }

    // ---- XREAD and XREADGROUP --------------------------------------------------------------------------------------

    /** One stream's part of an XREAD reply: entries, or for history reads IDs whose entry may be gone (null). */
    private record Served(byte[] key, List<Entry> entries) {
    }

    /**
     * XREAD and XREADGROUP, also when re-run for a woken client ({@code rerun}): returns false only on a re-run that
     * finds nothing (the client blocks again); otherwise it has replied or blocked the client.
     */
    static boolean xread(Context c, boolean xreadgroup, boolean rerun) {
        String name = xreadgroup ? "xreadgroup" : "xread";
        long timeout = -1;
        long count = 0;
        int streamsArg = 0;
        int streamsCount = 0;
        boolean noack = false;
        byte[] groupName = null;
        byte[] consumerName = null;
        for (int i = 1; i < c.argc(); i++) {
            int more = c.argc() - i - 1;
            if (is(c, i, "block") && more > 0) {
                i++;
                timeout = blockTimeout(c, i);
            } else if (is(c, i, "count") && more > 0) {
                i++;
                count = Math.max(0, c.argLong(i));
            } else if (is(c, i, "streams") && more > 0) {
                streamsArg = i + 1;
                streamsCount = c.argc() - streamsArg;
                if (streamsCount % 2 != 0) {
                    throw error("ERR Unbalanced '" + name + "' list of streams: for each stream key an ID or '"
                            + (xreadgroup ? '>' : '$') + "' must be specified.");
                }
                streamsCount /= 2;
                break;
            } else if (is(c, i, "group") && more >= 2) {
                if (!xreadgroup) {
                    throw error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                }
                groupName = c.arg(i + 1);
                consumerName = c.arg(i + 2);
                i += 2;
            } else if (is(c, i, "noack")) {
                if (!xreadgroup) {
                    throw error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                }
                noack = true;
            } else {
                throw CommandException.syntax();
            }
        }
        if (streamsArg == 0) {
            throw CommandException.syntax();
        }
        if (xreadgroup && groupName == null) {
            throw error("ERR Missing GROUP option for XREADGROUP");
        }
        StreamId[] ids = new StreamId[streamsCount];
        Group[] groups = groupName == null ? null : new Group[streamsCount];
        for (int i = streamsArg + streamsCount; i < c.argc(); i++) {
            int idx = i - streamsArg - streamsCount;
            byte[] key = c.arg(i - streamsCount);
            RedisStream s = stream(c, key);
            if (groupName != null) {
                Group group = s == null ? null : s.group(groupName);
                if (group == null) {
                    throw error("NOGROUP No such key '" + quoted(key) + "' or consumer group '" + quoted(groupName)
                            + "' in XREADGROUP with GROUP option");
                }
                groups[idx] = group;
            }
            byte[] arg = c.arg(i);
            boolean exact = cLength(arg) == 1;
            if (exact && arg[0] == '$') {
                if (xreadgroup) {
                    throw error(meaningless('$'));
                }
                ids[idx] = s == null ? StreamId.MIN : s.lastId();
            } else if (exact && arg[0] == '+') {
                if (xreadgroup) {
                    throw error(meaningless('+'));
                }
                if (s == null) {
                    ids[idx] = StreamId.MIN;
                } else {
                    ids[idx] = s.lastId().previous();
                    if (ids[idx] == null) {
                        throw error("ERR the stream last element ID is 0-0");
                    }
                }
            } else if (exact && arg[0] == '>') {
                if (!xreadgroup) {
                    throw error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP "
                            + "<group> <consumer> option.");
                }
                ids[idx] = StreamId.MAX;
            } else {
                ids[idx] = parseId(arg, 0, true, null);
            }
        }

        List<Served> served = new ArrayList<>();
        for (int i = 0; i < streamsCount; i++) {
            byte[] key = c.arg(streamsArg + i);
            RedisStream s = stream(c, key);
            if (s == null) {
                continue;
            }
            StreamId gt = ids[i];
            boolean serve = false;
            boolean history = false;
            Consumer consumer = null;
            if (groups != null) {
                if (!gt.equals(StreamId.MAX)) {
                    serve = true;
                    history = true;
                } else if (s.length() > 0 && s.lastValidId().compareTo(groups[i].lastId) > 0) {
                    serve = true;
                    gt = groups[i].lastId;
                }
                consumer = groups[i].consumer(consumerName);
                if (consumer == null) {
                    consumer = groups[i].createConsumer(consumerName, c.now);
                }
                consumer.seenTime = c.now;
            } else if (s.length() > 0 && s.lastValidId().compareTo(gt) > 0) {
                serve = true;
            }
            if (!serve) {
                continue;
            }
            StreamId start = gt.next();
            if (start == null) {
                start = StreamId.MIN;
            }
            if (history) {
                served.add(new Served(key, history(s, consumer, start, count, c.now)));
            } else {
                List<Entry> entries = s.range(start, StreamId.MAX, count, false);
                if (groups != null) {
                    for (Entry entry : entries) {
                        s.advance(groups[i], entry.id());
                        if (!noack) {
                            deliver(groups[i], consumer, entry.id(), c.now);
                        }
                    }
                }
                served.add(new Served(key, entries));
            }
        }
        if (!served.isEmpty()) {
            Reply reply = c.reply;
            if (reply.protocol() == 2) {
                reply.array(served.size());
            } else {
                reply.map(served.size());
            }
            for (Served part : served) {
                if (reply.protocol() == 2) {
                    reply.array(2);
                }
                reply.bulk(part.key());
                reply.array(part.entries().size());
                for (Entry entry : part.entries()) {
                    if (entry.fieldsAndValues() == null) {
                        reply.array(2);
                        writeId(reply, entry.id());
                        reply.nullArray();
                    } else {
                        writeEntry(reply, entry);
                    }
                }
            }
            return true;
        }
        if (timeout != -1) {
            if (c.atomic) {
                c.reply.nullArray();
                return true;
            }
            if (rerun) {
                return false;
            }
            byte[][] keys = new byte[streamsCount][];
            for (int i = 0; i < streamsCount; i++) {
                keys[i] = c.arg(streamsArg + i);
                int idArg = streamsArg + streamsCount + i;
                if (isChar(c.arg(idArg), '$')) {
                    // As Redis rewrites the argument: a re-run must wait for entries after this ID, not a new '$'.
                    c.args[idArg] = ids[i].toString().getBytes(StandardCharsets.US_ASCII);
                }
            }
            c.block(keys, timeout, new StreamWaiter(xreadgroup));
            return true;
        }
        c.reply.nullArray();
        return true;
    }

    private static String meaningless(char id) {
        return "ERR The " + id + " ID is meaningless in the context of XREADGROUP: you want to read the history of "
                + "this consumer by specifying a proper ID, or use the > ID to get new messages. The " + id
                + " ID would just return an empty result set.";
    }

    /** BLOCK's milliseconds, as Redis's getTimeoutFromObjectOrReply with UNIT_MILLISECONDS checks them. */
    private static long blockTimeout(Context c, int i) {
        long millis = argLong(c, i, "ERR timeout is not an integer or out of range");
        if (millis < 0) {
            throw error("ERR timeout is negative");
        }
        if (millis > 0 && millis > Long.MAX_VALUE - c.now) {
            throw error("ERR timeout is out of range");
        }
        return millis;
    }

    /** A consumer's own pending entries from {@code start}; an entry deleted from the stream comes with null fields. */
    private static List<Entry> history(RedisStream s, Consumer consumer, StreamId start, long count, long now) {
        List<Entry> out = new ArrayList<>();
        for (PendingList.Cursor pending = consumer.pel.cursorFrom(start); pending.valid(); pending.next()) {
            if (count != 0 && out.size() >= count) {
                break;
            }
            StreamId id = pending.id();
            Entry entry = s.get(id);
            if (entry == null) {
                out.add(new Entry(id, null));
            } else {
                Nack nack = pending.nack();
                nack.deliveryTime = now;
                nack.deliveryCount++;
                out.add(entry);
            }
        }
        return out;
    }

    /** Records a delivery in the group's and the consumer's PEL (taking the entry from another consumer if needed). */
    private static void deliver(Group group, Consumer consumer, StreamId id, long now) {
        Nack nack = group.pel.get(id);
        if (nack == null) {
            nack = new Nack(consumer, now, 1);
            group.pel.put(id, nack);
        } else {
            nack.consumer.pel.remove(id);
            nack.consumer = consumer;
            nack.deliveryTime = now;
            nack.deliveryCount = 1;
        }
        consumer.pel.put(id, nack);
        consumer.activeTime = now;
    }

    /** A client blocked in XREAD or XREADGROUP: re-runs the command when a key it waits on is signalled. */
    private static final class StreamWaiter implements Blocking.Waiter {
        private final boolean group;

        StreamWaiter(boolean group) {
            this.group = group;
        }

        @Override
        public boolean tryServe(Context context) {
            return xread(context, group, true);
        }

        @Override
        public void timeout(Reply reply) {
            reply.nullArray();
        }

        @Override
        public boolean requeueWhenNotServed() {
            return true;
        }

        @Override
        public boolean wakes(Context context, byte[] key) {
            return group || context.db().get(key, context.now) instanceof RedisStream;
        }

        @Override
        public boolean wakesOnKeyLoss() {
            return group;
        }
    }

    // ---- Groups ------------------------------------------------------------------------------------------------

    private static CommandException subcommandSyntax(Context c) {
        return error("ERR unknown subcommand or wrong number of arguments for '" + quoted(c.arg(1)) + "'. Try "
                + quoted(c.arg(0)).toUpperCase(java.util.Locale.ROOT) + " HELP.");
    }

    private static void xgroup(Context c) {
        boolean create = is(c, 1, "create");
        boolean setid = is(c, 1, "setid");
        boolean mkstream = false;
        long entriesRead = RedisStream.INVALID_READS;
        int i = 5;
        while (i < c.argc()) {
            if (create && is(c, i, "mkstream")) {
                mkstream = true;
                i++;
            } else if ((create || setid) && is(c, i, "entriesread") && i + 1 < c.argc()) {
                entriesRead = c.argLong(i + 1);
                if (entriesRead < 0 && entriesRead != RedisStream.INVALID_READS) {
                    throw error("ERR value for ENTRIESREAD must be positive or -1");
                }
                i += 2;
            } else {
                throw subcommandSyntax(c);
            }
        }
        byte[] key = c.arg(2);
        byte[] groupName = c.arg(3);
        RedisStream s = stream(c, key);
        Group group = null;
        if (!mkstream) {
            if (s == null) {
                throw error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want "
                        + "to use the MKSTREAM option to create an empty stream automatically.");
            }
            group = s.group(groupName);
            if (group == null && !create && !is(c, 1, "destroy")) {
                throw error("NOGROUP No such consumer group '" + quoted(groupName) + "' for key name '"
                        + quoted(key) + "'");
            }
        }
        Database db = c.db();
        if (create) {
            if (c.argc() > 8) {
                throw subcommandSyntax(c);
            }
            StreamId id;
            if (isChar(c.arg(4), '$')) {
                id = s == null ? StreamId.MIN : s.lastId();
            } else {
                id = parseId(c.arg(4), 0, true, null);
            }
            if (s == null) {
                s = new RedisStream();
                db.add(key, s);
                db.ready(key);
            }
            if (s.createGroup(groupName, id, entriesRead) == null) {
                throw error("BUSYGROUP Consumer Group name already exists");
            }
            c.reply.ok();
        } else if (setid) {
            if (c.argc() != 5 && c.argc() != 7) {
                throw subcommandSyntax(c);
            }
            StreamId id = isChar(c.arg(4), '$') ? s.lastId() : parseId(c.arg(4), 0, false, null);
            group.lastId = id;
            group.entriesRead = entriesRead;
            c.reply.ok();
        } else if (is(c, 1, "destroy")) {
            if (group != null) {
                s.destroyGroup(groupName);
                c.reply.integer(1);
                db.ready(key); // blocked XREADGROUP clients get NOGROUP
            } else {
                c.reply.integer(0);
            }
        } else if (is(c, 1, "createconsumer")) {
            c.reply.integer(group.createConsumer(c.arg(4), c.now) != null ? 1 : 0);
        } else {
            Consumer consumer = group.consumer(c.arg(4));
            c.reply.integer(consumer == null ? 0 : group.deleteConsumer(consumer));
        }
    }

    private static void xsetid(Context c) {
        StreamId id = parseId(c.arg(2), 0, true, null);
        long entriesAdded = -1;
        StreamId maxDeleted = StreamId.MIN;
        for (int i = 3; i < c.argc(); i += 2) {
            boolean more = i + 1 < c.argc();
            if (is(c, i, "entriesadded") && more) {
                entriesAdded = c.argLong(i + 1);
                if (entriesAdded < 0) {
                    throw error("ERR entries_added must be positive");
                }
            } else if (is(c, i, "maxdeletedid") && more) {
                maxDeleted = parseId(c.arg(i + 1), 0, true, null);
                if (id.compareTo(maxDeleted) < 0) {
                    throw error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                }
            } else {
                throw CommandException.syntax();
            }
        }
        RedisStream s = stream(c, c.arg(1));
        if (s == null) {
            throw error(CommandException.NO_SUCH_KEY);
        }
        if (id.compareTo(s.maxDeletedId()) < 0) {
            throw error("ERR The ID specified in XSETID is smaller than current max_deleted_entry_id");
        }
        if (s.length() > 0) {
            if (id.compareTo(s.lastValidId()) < 0) {
                throw error("ERR The ID specified in XSETID is smaller than the target stream top item");
            }
            if (entriesAdded != -1 && s.length() > entriesAdded) {
                throw error("ERR The entries_added specified in XSETID is smaller than the target stream length");
            }
        }
        s.lastId(id);
        if (entriesAdded != -1) {
            s.entriesAdded(entriesAdded);
        }
        if (!maxDeleted.isZero()) {
            s.maxDeletedId(maxDeleted);
        }
        c.reply.ok();
    }

    private static void xack(Context c) {
        RedisStream s = stream(c, c.arg(1));
        Group group = s == null ? null : s.group(c.arg(2));
        if (group == null) {
            c.reply.integer(0);
            return;
        }
        StreamId[] ids = new StreamId[c.argc() - 3];
        for (int j = 3; j < c.argc(); j++) {
            ids[j - 3] = parseId(c.arg(j), 0, true, null);
        }
        long acknowledged = 0;
        for (StreamId id : ids) {
            Nack nack = group.pel.remove(id);
            if (nack != null) {
                nack.consumer.pel.remove(id);
                acknowledged++;
            }
        }
        c.reply.integer(acknowledged);
    }

    private static void xpending(Context c) {
        boolean summary = c.argc() == 3;
        if (c.argc() != 3 && (c.argc() < 6 || c.argc() > 9)) {
            throw CommandException.syntax();
        }
        StreamId start = null;
        StreamId end = null;
        long count = 0;
        long minIdle = 0;
        byte[] consumerName = null;
        if (c.argc() >= 6) {
            int startIdx = 3;
            if (is(c, 3, "idle")) {
                minIdle = c.argLong(4);
                if (c.argc() < 8) {
                    throw CommandException.syntax();
                }
                startIdx += 2;
            }
            count = Math.max(0, c.argLong(startIdx + 2));
            start = parseBound(c.arg(startIdx), 0, true);
            end = parseBound(c.arg(startIdx + 1), -1L, false);
            if (startIdx + 3 < c.argc()) {
                consumerName = c.arg(startIdx + 3);
            }
        }
        RedisStream s = stream(c, c.arg(1));
        Group group = s == null ? null : s.group(c.arg(2));
        if (group == null) {
            throw error("NOGROUP No such key '" + quoted(c.arg(1)) + "' or consumer group '" + quoted(c.arg(2))
                    + "'");
        }
        Reply reply = c.reply;
        if (summary) {
            reply.array(4);
            reply.integer(group.pel.size());
            if (group.pel.isEmpty()) {
                reply.nullBulk();
                reply.nullBulk();
                reply.nullArray();
                return;
            }
            writeId(reply, group.pel.firstId());
            writeId(reply, group.pel.lastId());
            List<Consumer> withPending = new ArrayList<>();
            for (Consumer consumer : group.consumers.values()) {
                if (!consumer.pel.isEmpty()) {
                    withPending.add(consumer);
                }
            }
            reply.array(withPending.size());
            for (Consumer consumer : withPending) {
                reply.array(2);
                reply.bulk(consumer.name);
                reply.bulk(Long.toString(consumer.pel.size()));
            }
            return;
        }
        PendingList pel;
        if (consumerName != null) {
            Consumer consumer = group.consumer(consumerName);
            if (consumer == null) {
                reply.array(0);
                return;
            }
            pel = consumer.pel;
        } else {
            pel = group.pel;
        }
        List<StreamId> ids = new ArrayList<>();
        List<Nack> nacks = new ArrayList<>();
        if (start.compareTo(end) <= 0 && count > 0) {
            for (PendingList.Cursor p = pel.cursorInRange(start, end); p.valid(); p.next()) {
                if (minIdle != 0 && c.now - p.nack().deliveryTime < minIdle) {
                    continue;
                }
                ids.add(p.id());
                nacks.add(p.nack());
                if (ids.size() >= count) {
                    break;
                }
            }
        }
        reply.array(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Nack nack = nacks.get(i);
            reply.array(4);
            writeId(reply, ids.get(i));
            reply.bulk(nack.consumer.name);
            reply.integer(Math.max(0, c.now - nack.deliveryTime));
            reply.integer(nack.deliveryCount);
        }
    }

    private static void xclaim(Context c) {
        RedisStream s = stream(c, c.arg(1));
        Group group = s == null ? null : s.group(c.arg(2));
        if (group == null) {
            throw error("NOGROUP No such key '" + quoted(c.arg(1)) + "' or consumer group '" + quoted(c.arg(2))
                    + "'");
        }
        long minIdle = Math.max(0, argLong(c, 4, "ERR Invalid min-idle-time argument for XCLAIM"));
        List<StreamId> ids = new ArrayList<>();
        int j = 5;
        for (; j < c.argc(); j++) {
            try {
                ids.add(parseId(c.arg(j), 0, true, null));
            } catch (CommandException notAnId) {
                break;
            }
        }
        long now = c.now;
        long retryCount = -1;
        long deliveryTime = -1;
        boolean force = false;
        boolean justId = false;
        StreamId lastId = StreamId.MIN;
        for (; j < c.argc(); j++) {
            boolean more = j + 1 < c.argc();
            if (is(c, j, "force")) {
                force = true;
            } else if (is(c, j, "justid")) {
                justId = true;
            } else if (is(c, j, "idle") && more) {
                deliveryTime = now - argLong(c, ++j, "ERR Invalid IDLE option argument for XCLAIM");
            } else if (is(c, j, "time") && more) {
                deliveryTime = argLong(c, ++j, "ERR Invalid TIME option argument for XCLAIM");
            } else if (is(c, j, "retrycount") && more) {
                retryCount = argLong(c, ++j, "ERR Invalid RETRYCOUNT option argument for XCLAIM");
            } else if (is(c, j, "lastid") && more) {
                lastId = parseId(c.arg(++j), 0, true, null);
            } else {
                throw error("ERR Unrecognized XCLAIM option '" + quoted(c.arg(j)) + "'");
            }
        }
        if (lastId.compareTo(group.lastId) > 0) {
            group.lastId = lastId;
        }
        if (deliveryTime != -1) {
            if (deliveryTime < 0 || deliveryTime > now) {
                deliveryTime = now;
            }
        } else {
            deliveryTime = now;
        }
        Consumer consumer = group.consumer(c.arg(3));
        if (consumer == null) {
            consumer = group.createConsumer(c.arg(3), now);
        }
        consumer.seenTime = now;
        List<Object> claimed = new ArrayList<>();
        for (StreamId id : ids) {
            Nack nack = group.pel.get(id);
            Entry entry = s.get(id);
            if (entry == null) {
                if (nack != null) {
                    group.pel.remove(id);
                    nack.consumer.pel.remove(id);
                }
                continue;
            }
            if (force && nack == null) {
                nack = new Nack(null, now, 1);
                group.pel.put(id, nack);
            }
            if (nack == null) {
                continue;
            }
            if (nack.consumer != null && minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (nack.consumer != consumer && nack.consumer != null) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = deliveryTime;
            if (retryCount >= 0) {
                nack.deliveryCount = retryCount;
            } else if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(justId ? id : entry);
            consumer.activeTime = now;
        }
        c.reply.array(claimed.size());
        for (Object item : claimed) {
            if (item instanceof StreamId id) {
                writeId(c.reply, id);
            } else {
                writeEntry(c.reply, (Entry) item);
            }
        }
    }

    private static void xautoclaim(Context c) {
        long minIdle = Math.max(0, argLong(c, 4, "ERR Invalid min-idle-time argument for XAUTOCLAIM"));
        StreamId start = parseBound(c.arg(5), 0, true);
        long count = 100;
        boolean justId = false;
        for (int j = 6; j < c.argc(); j++) {
            if (is(c, j, "count") && j + 1 < c.argc()) {
                Long n = Context.tryParseLong(c.arg(j + 1));
                if (n == null || n < 1 || n > Long.MAX_VALUE / 16) {
                    throw error("ERR COUNT must be > 0");
                }
                count = n;
                j++;
            } else if (is(c, j, "justid")) {
                justId = true;
            } else {
                throw CommandException.syntax();
            }
        }
        RedisStream s = stream(c, c.arg(1));
        Group group = s == null ? null : s.group(c.arg(2));
        if (group == null) {
            throw error("NOGROUP No such key '" + quoted(c.arg(1)) + "' or consumer group '" + quoted(c.arg(2))
                    + "'");
        }
        if (count > Runtime.getRuntime().maxMemory() / 16) {
            // Redis allocates 16 bytes per COUNT up front for the deleted IDs and refuses what it cannot allocate.
            throw error("ERR Insufficient memory, failed allocating transient memory, COUNT too high.");
        }
        long now = c.now;
        Consumer consumer = group.consumer(c.arg(3));
        if (consumer == null) {
            consumer = group.createConsumer(c.arg(3), now);
        }
        consumer.seenTime = now;
        long attempts = count * 10;
        List<Object> claimed = new ArrayList<>();
        List<StreamId> deleted = new ArrayList<>();
        // The loop removes and moves entries, so it walks by ID lookups rather than a cursor over the list.
        StreamId cursor = group.pel.ceilingId(start);
        while (attempts-- > 0 && count > 0 && cursor != null) {
            StreamId id = cursor;
            Nack nack = group.pel.get(id);
            cursor = group.pel.higherId(id);
            Entry entry = s.get(id);
            if (entry == null) {
                group.pel.remove(id);
                nack.consumer.pel.remove(id);
                deleted.add(id);
                count--;
                continue;
            }
            if (minIdle != 0 && now - nack.deliveryTime < minIdle) {
                continue;
            }
            if (nack.consumer != consumer) {
                nack.consumer.pel.remove(id);
            }
            nack.deliveryTime = now;
            if (!justId) {
                nack.deliveryCount++;
            }
            if (nack.consumer != consumer) {
                consumer.pel.put(id, nack);
                nack.consumer = consumer;
            }
            claimed.add(justId ? id : entry);
            count--;
            consumer.activeTime = now;
        }
        Reply reply = c.reply;
        reply.array(3);
        writeId(reply, cursor == null ? StreamId.MIN : cursor);
        reply.array(claimed.size());
        for (Object item : claimed) {
            if (item instanceof StreamId id) {
                writeId(reply, id);
            } else {
                writeEntry(reply, (Entry) item);
            }
        }
        reply.array(deleted.size());
        for (StreamId id : deleted) {
            writeId(reply, id);
        }
    }

    // ---- XINFO -------------------------------------------------------------------------------------------------

    private static void xinfo(Context c) {
        byte[] key = c.arg(2);
        RedisStream s = stream(c, key);
        if (s == null) {
            throw error(CommandException.NO_SUCH_KEY);
        }
        Reply reply = c.reply;
        if (is(c, 1, "consumers")) {
            Group group = s.group(c.arg(3));
            if (group == null) {
                throw error("NOGROUP No such consumer group '" + quoted(c.arg(3)) + "' for key name '" + quoted(key)
                        + "'");
            }
            reply.array(group.consumers.size());
            for (Consumer consumer : group.consumers.values()) {
                reply.map(4);
                reply.bulk("name");
                reply.bulk(consumer.name);
                reply.bulk("pending");
                reply.integer(consumer.pel.size());
                reply.bulk("idle");
                reply.integer(Math.max(0, c.now - consumer.seenTime));
                reply.bulk("inactive");
                reply.integer(consumer.activeTime != -1 ? c.now - consumer.activeTime : -1);
            }
        } else if (is(c, 1, "groups")) {
            reply.array(s.groups().size());
            for (Map.Entry<RedisStream.Name, Group> e : s.groups().entrySet()) {
                Group group = e.getValue();
                reply.map(6);
                reply.bulk("name");
                reply.bulk(e.getKey().value());
                reply.bulk("consumers");
                reply.integer(group.consumers.size());
                reply.bulk("pending");
                reply.integer(group.pel.size());
                reply.bulk("last-delivered-id");
                writeId(reply, group.lastId);
                writeEntriesReadAndLag(reply, s, group);
            }
        } else {
            streamInfo(c, s);
        }
    }

    private static void writeEntriesReadAndLag(Reply reply, RedisStream s, Group group) {
        reply.bulk("entries-read");
        if (group.entriesRead != RedisStream.INVALID_READS) {
            reply.integer(group.entriesRead);
        } else {
            reply.nullBulk();
        }
        reply.bulk("lag");
        Long lag = s.lag(group);
        if (lag != null) {
            reply.integer(lag);
        } else {
            reply.nullBulk();
        }
    }

    private static void streamInfo(Context c, RedisStream s) {
        int options = c.argc() - 3;
        boolean full = options > 0;
        long count = 10;
        if (full) {
            if (options != 1 && options != 3) {
                throw subcommandSyntax(c);
            }
            if (!is(c, 3, "full")) {
                throw subcommandSyntax(c);
            }
            if (options == 3) {
                if (!is(c, 4, "count")) {
                    throw subcommandSyntax(c);
                }
                count = c.argLong(5);
                if (count < 0) {
                    count = 10;
                }
            }
        }
        Reply reply = c.reply;
        reply.map(full ? 9 : 10);
        reply.bulk("length");
        reply.integer(s.length());
        reply.bulk("radix-tree-keys");
        reply.integer(s.nodeCount());
        reply.bulk("radix-tree-nodes");
        reply.integer(s.radixTreeNodes());
        reply.bulk("last-generated-id");
        writeId(reply, s.lastId());
        reply.bulk("max-deleted-entry-id");
        writeId(reply, s.maxDeletedId());
        reply.bulk("entries-added");
        reply.integer(s.entriesAdded());
        reply.bulk("recorded-first-entry-id");
        writeId(reply, s.firstId());
        if (!full) {
            reply.bulk("groups");
            reply.integer(s.groups().size());
            Entry first = s.edge(true);
            Entry last = s.edge(false);
            reply.bulk("first-entry");
            if (first == null) {
                reply.nullBulk();
            } else {
                writeEntry(reply, first);
            }
            reply.bulk("last-entry");
            if (last == null) {
                reply.nullBulk();
            } else {
                writeEntry(reply, last);
            }
            return;
        }
        reply.bulk("entries");
        writeEntries(reply, s.range(StreamId.MIN, StreamId.MAX, count, false));
        reply.bulk("groups");
        reply.array(s.groups().size());
        for (Map.Entry<RedisStream.Name, Group> e : s.groups().entrySet()) {
            Group group = e.getValue();
            reply.map(7);
            reply.bulk("name");
            reply.bulk(e.getKey().value());
            reply.bulk("last-delivered-id");
            writeId(reply, group.lastId);
            writeEntriesReadAndLag(reply, s, group);
            reply.bulk("pel-count");
            reply.integer(group.pel.size());
            reply.bulk("pending");
            int n = (int) (count == 0 ? group.pel.size() : Math.min(count, group.pel.size()));
            reply.array(n);
            int written = 0;
            for (PendingList.Cursor p = group.pel.cursorAtFirst(); p.valid(); p.next()) {
                if (written++ >= n) {
                    break;
                }
                reply.array(4);
                writeId(reply, p.id());
                reply.bulk(p.nack().consumer.name);
                reply.integer(p.nack().deliveryTime);
                reply.integer(p.nack().deliveryCount);
            }
            reply.bulk("consumers");
            reply.array(group.consumers.size());
            for (Consumer consumer : group.consumers.values()) {
                reply.map(5);
                reply.bulk("name");
                reply.bulk(consumer.name);
                reply.bulk("seen-time");
                reply.integer(consumer.seenTime);
                reply.bulk("active-time");
                reply.integer(consumer.activeTime);
                reply.bulk("pel-count");
                reply.integer(consumer.pel.size());
                reply.bulk("pending");
                int m = (int) (count == 0 ? consumer.pel.size() : Math.min(count, consumer.pel.size()));
                reply.array(m);
                int w = 0;
                for (PendingList.Cursor p = consumer.pel.cursorAtFirst(); p.valid(); p.next()) {
                    if (w++ >= m) {
                        break;
                    }
                    reply.array(3);
                    writeId(reply, p.id());
                    reply.integer(p.nack().deliveryTime);
                    reply.integer(p.nack().deliveryCount);
                }
            }
        }
    }
}
