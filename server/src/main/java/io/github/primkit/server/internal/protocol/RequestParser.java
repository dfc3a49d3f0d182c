package io.github.primkit.server.internal.protocol;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the bytes a client sends into commands (arrays of byte strings), incrementally: a frame may arrive in any
 * number of pieces, and parsing resumes where it stopped, so a large bulk string is never re-scanned.
 *
 * <p>Accepts Redis's two request forms: multibulk ({@code *<n>\r\n$<len>\r\n<bytes>\r\n...}) and inline commands
 * ({@code PING\r\n}, arguments split like redis-cli does, with quotes). Limits as in Redis: a multibulk length above
 * {@code maxMultibulkLength}, a bulk length above {@code maxBulkLength}, an inline line above 64 KiB, or a header line
 * without its terminator after 64 KiB are protocol errors. Memory is never allocated from a length the client sent:
 * a bulk's array is allocated only once its bytes have all arrived (they wait in the channel's cumulation buffer,
 * whose total the caller bounds with its query buffer limit), and argument lists grow as arguments arrive.
 *
 * <p>Not thread-safe: one parser per connection, used on its event loop.
 */
public final class RequestParser {
    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or protocol header line. */
    public static final int MAX_INLINE = 64 * 1024;

    private final long maxBulkLength;
    private final int maxMultibulkLength;

    // State of the multibulk command being parsed; argsExpected < 0 means "between commands".
    private int argsExpected = -1;
    private List<byte[]> args;
    private long bulkLength = -1;
    private long pendingBytes;

    public RequestParser(long maxBulkLength, int maxMultibulkLength) {
        this.maxBulkLength = maxBulkLength;
        this.maxMultibulkLength = maxMultibulkLength;
    }

    /** Receives each complete command. */
    @FunctionalInterface
    public interface Sink {
        /** Called with a command's arguments (never empty); returns false to stop parsing for now. */
        boolean command(byte[][] args);
    }

    /**
     * Parses as many complete commands from {@code in} as possible, handing each to {@code sink}; leaves a partial
     * command's unread bytes in {@code in}.
     *
     * @throws ProtocolException when the client broke the protocol
     */
    public void parse(ByteBuf in, Sink sink) throws ProtocolException {
        while (in.isReadable()) {
            if (argsExpected < 0) {
                byte first = in.getByte(in.readerIndex());
                if (first == '*') {
                    int eol = findEol(in);
                    if (eol < 0) {
                        return;
                    }
                    long count = parseNumber(in, in.readerIndex() + 1, eol);
                    in.readerIndex(eol + 2);
                    if (count == Long.MIN_VALUE || count > maxMultibulkLength) {
                        throw new ProtocolException("ERR Protocol error: invalid multibulk length");
                    }
                    if (count <= 0) {
                        continue; // "*0\r\n" and "*-1\r\n" are ignored, as Redis does
                    }
                    argsExpected = (int) count;
                    args = new ArrayList<>((int) Math.min(count, 64));
                    bulkLength = -1;
                } else {
                    byte[][] inline = parseInline(in);
                    if (inline == null) {
                        return;
                    }
                    if (inline.length > 0 && !sink.command(inline)) {
                        return;
                    }
                    continue;
                }
            }
            if (!readBulks(in)) {
                return;
            }
            byte[][] command = args.toArray(new byte[0][]);
            argsExpected = -1;
            args = null;
            pendingBytes = 0;
            if (!sink.command(command)) {
                return;
            }
        }
    }

    /** Bytes of arguments already parsed for a command not yet complete (they count toward the query buffer). */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** Whether a command has been started but not finished. */
    public boolean isMidCommand() {
        return argsExpected >= 0;
    }

    private boolean readBulks(ByteBuf in) throws ProtocolException {
        while (args.size() < argsExpected) {
            if (bulkLength < 0) {
                if (!in.isReadable()) {
                    return false;
                }
                byte marker = in.getByte(in.readerIndex());
                if (marker != '$') {
                    throw new ProtocolException("ERR Protocol error: expected '$', got '" + printable(marker) + "'");
                }
                int eol = findEol(in);
                if (eol < 0) {
                    return false;
                }
                long length = parseNumber(in, in.readerIndex() + 1, eol);
                if (length == Long.MIN_VALUE || length < 0 || length > maxBulkLength) {
                    throw new ProtocolException("ERR Protocol error: invalid bulk length");
                }
                in.readerIndex(eol + 2);
                bulkLength = length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return false;
            }
            byte[] bulk = new byte[(int) bulkLength];
            in.readBytes(bulk);
            in.skipBytes(2); // Redis does not check that the two bytes are CRLF
            args.add(bulk);
            pendingBytes += bulk.length;
            bulkLength = -1;
        }
        return true;
    }

    /** Index of the '\r' of the next "\r\n" from the reader index, or -1 (error if the line is too long). */
    private static int findEol(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int cr = in.indexOf(start, end, (byte) '\r');
        while (cr >= 0 && cr + 1 < end && in.getByte(cr + 1) != '\n') {
            cr = in.indexOf(cr + 1, end, (byte) '\r');
        }
        if (cr < 0 || cr + 1 >= end) {
            if (end - start > MAX_INLINE) {
                byte first = in.getByte(start);
                throw new ProtocolException(first == '*' ? "ERR Protocol error: too big mbulk count string"
                        : first == '$' ? "ERR Protocol error: too big bulk count string"
                        : "ERR Protocol error: too big inline request");
            }
            return -1;
        }
        return cr;
    }

    /** Parses a signed decimal in [from, to); Long.MIN_VALUE if it is not one. */
    private static long parseNumber(ByteBuf in, int from, int to) {
        if (from >= to || to - from > 20) {
            return Long.MIN_VALUE;
        }
        boolean negative = in.getByte(from) == '-';
        int i = negative ? from + 1 : from;
        if (i >= to) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (b - '0');
            if (value < 0 || value > 1L << 40) {
                return Long.MIN_VALUE; // far beyond any limit: refuse rather than overflow
            }
        }
        return negative ? -value : value;
    }

    private static byte[][] parseInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int end = in.writerIndex();
        int nl = in.indexOf(start, end, (byte) '\n');
        if (nl < 0) {
            if (end - start > MAX_INLINE) {
                throw new ProtocolException("ERR Protocol error: too big inline request");
            }
            return null;
        }
        int lineEnd = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
        byte[] line = new byte[lineEnd - start];
        in.getBytes(start, line);
        in.readerIndex(nl + 1);
        byte[][] split = InlineSplitter.split(line);
        if (split == null) {
            throw new ProtocolException("ERR Protocol error: unbalanced quotes in request");
        }
        return split;
    }

    private static String printable(byte b) {
        return b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b & 0xff);
    }
}
