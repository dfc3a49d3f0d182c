package io.github.primkit.server.internal.protocol;

import io.netty.buffer.ByteBuf;

/**
 * Turns the bytes a client sends into commands (arrays of byte strings), incrementally: a frame may arrive in any
 * number of pieces, and parsing resumes where it stopped, so a large bulk string is never re-scanned. Splitting the
 * same bytes differently never changes the commands that come out, nor the error.
 *
 * <p>Accepts Redis's two request forms, with Redis 7.2's rules and error texts:
 * <ul>
 *   <li>multibulk: {@code *<n>\r\n} then n times {@code $<len>\r\n<len bytes>\r\n}. A header line ends at its first
 *       {@code \r} plus one more byte (not checked to be {@code \n}); numbers are strict decimals (no sign, no leading
 *       zero, under 21 characters); {@code n <= 0} is ignored; the two bytes after a bulk are not checked;</li>
 *   <li>inline: a line up to {@code \n} (a {@code \r} before it is dropped), split into arguments as redis-cli does
 *       (see {@link InlineSplitter}); blank lines are ignored.</li>
 * </ul>
 * Like Redis (which looks for line ends with C string functions), a NUL byte before the end of a header or inline
 * line hides that end: the line is incomplete until the 64 KiB limit turns it into an error.
 *
 * <p>Limits (read from {@link Limits} at every header, so CONFIG SET applies at once): a multibulk length above
 * {@link Limits#maxMultibulkLength()} or INT_MAX, a bulk length above {@link Limits#maxBulkLength()}, a header or
 * inline line still unterminated after 64 KiB, and, for a client that must still authenticate, more than 10
 * arguments or a bulk over 16 KiB are protocol errors.
 *
 * <p>Memory is never allocated from a length the client sent: a bulk's array is allocated only once its bytes have
 * all arrived (they wait in the caller's buffer, whose size the caller bounds with its query buffer limit), and the
 * argument list grows as arguments arrive (its first allocation is capped at 1024 slots).
 * {@link #pendingBytes()} reports what the unfinished command already holds so the caller can count it too.
 *
 * <p>Not thread-safe: one parser per connection, used on its event loop.
 */
public final class RequestParser {
    /** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or protocol header line. */
    public static final int MAX_INLINE = 64 * 1024;
    /** The largest bulk a Java array (and a Netty buffer holding it with its CRLF) can take. */
    public static final long MAX_JAVA_BULK = Integer.MAX_VALUE - 1024;
    /** Redis: a client that must authenticate may not announce more arguments than this... */
    static final int UNAUTHENTICATED_MAX_ARGS = 10;
    /** ...nor a longer bulk than this. */
    static final int UNAUTHENTICATED_MAX_BULK = 16 * 1024;
    /** Heap an argument costs beyond its bytes (array header and reference), counted in {@link #pendingBytes}. */
    static final int ARGUMENT_OVERHEAD = 16;
    /** Redis's LONG_STR_SIZE: a number of this many characters or more is invalid. */
    private static final int LONG_STR_SIZE = 21;
    private static final byte[] EMPTY = new byte[0];

    /** The limits the parser applies; read at each header, so changes take effect immediately. */
    public interface Limits {
        /** proto-max-bulk-len: the longest bulk string accepted. */
        long maxBulkLength();

        /** The most arguments a multibulk may announce. */
        int maxMultibulkLength();

        /** Whether the client still has to authenticate (Redis then caps argument count and size much lower). */
        boolean authRequired();
    }

    /** Receives each complete command. */
    @FunctionalInterface
    public interface Sink {
        /** Called with a command's arguments (never empty); returns false to stop parsing for now. */
        boolean command(byte[][] args);
    }

    private final Limits limits;

    // The multibulk command being parsed; argsExpected == 0 means "between commands".
    private int argsExpected;
    /** Arguments parsed so far: grows with what arrives (never sized from the client's count beyond 16). */
    private byte[][] args;
    private int argCount;
    private long bulkLength = -1;
    private long pendingBytes;
    /** Bytes after the reader index already searched for the current line's end (so a slow line is scanned once). */
    private int scanned;
    /** The value of the last {@link #string2ll} that succeeded. */
    private long number;

    public RequestParser(Limits limits) {
        this.limits = limits;
    }

    /** A parser with fixed limits for an authenticated client. */
    public RequestParser(long maxBulkLength, int maxMultibulkLength) {
        this(new Limits() {
            @Override
            public long maxBulkLength() {
                return maxBulkLength;
            }

            @Override
            public int maxMultibulkLength() {
                return maxMultibulkLength;
            }

            @Override
            public boolean authRequired() {
                return false;
            }
        });
    }

    /**
     * Parses as many complete commands from {@code in} as possible, handing each to {@code sink}; leaves a partial
     * command's unread bytes in {@code in}.
     *
     * @throws ProtocolException when the client broke the protocol (the message is Redis's error reply)
     */
    public void parse(ByteBuf in, Sink sink) throws ProtocolException {
        while (in.isReadable()) {
            if (argsExpected == 0) {
                if (in.getByte(in.readerIndex()) == '*') {
                    if (!readMultibulkHeader(in)) {
                        return;
                    }
                    if (argsExpected == 0) {
                        continue; // "*0\r\n", "*-1\r\n": nothing to run, as in Redis
                    }
                } else {
                    byte[][] inline = readInline(in);
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
            byte[][] command = argCount == args.length ? args : java.util.Arrays.copyOf(args, argCount);
            argsExpected = 0;
            args = null;
            argCount = 0;
            pendingBytes = 0;
            if (!sink.command(command)) {
                return;
            }
        }
    }

    /**
     * What the command being received already holds outside the caller's buffer: the bytes of its arguments parsed
     * so far, their headers, and a small per-argument overhead. The caller adds it to its unparsed input when it
     * enforces the query buffer limit.
     */
    public long pendingBytes() {
        return pendingBytes;
    }

    /** Whether a multibulk command has been started but not finished. */
    public boolean isMidCommand() {
        return argsExpected > 0;
    }

    /** Reads "*<n>\r\n"; false if the line is not complete yet. */
    private boolean readMultibulkHeader(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int cr = lineEnd(in, (byte) '\r');
        if (cr < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new ProtocolException("ERR Protocol error: too big mbulk count string");
            }
            return false;
        }
        if (cr + 1 >= in.writerIndex()) {
            return false; // the byte after '\r' has not arrived
        }
        if (!string2ll(in, start + 1, cr)) {
            throw new ProtocolException("ERR Protocol error: invalid multibulk length");
        }
        long count = number;
        if (count > Integer.MAX_VALUE || count > limits.maxMultibulkLength()) {
            throw new ProtocolException("ERR Protocol error: invalid multibulk length");
        }
        if (count > UNAUTHENTICATED_MAX_ARGS && limits.authRequired()) {
            throw new ProtocolException("ERR Protocol error: unauthenticated multibulk length");
        }
        consume(in, cr + 2);
        if (count > 0) {
            argsExpected = (int) count;
            args = new byte[(int) Math.min(count, 16)][];
            argCount = 0;
            bulkLength = -1;
            pendingBytes = cr + 2 - start;
        }
        return true;
    }

    private boolean readBulks(ByteBuf in) throws ProtocolException {
        while (argCount < argsExpected) {
            if (bulkLength < 0) {
                int start = in.readerIndex();
                int cr = lineEnd(in, (byte) '\r');
                if (cr < 0) {
                    if (in.readableBytes() > MAX_INLINE) {
                        throw new ProtocolException("ERR Protocol error: too big bulk count string");
                    }
                    return false;
                }
                if (cr + 1 >= in.writerIndex()) {
                    return false;
                }
                byte marker = in.getByte(start);
                if (marker != '$') {
                    // Redis formats the byte with %c, and replaces CR and LF in error texts with spaces.
                    char shown = marker == '\r' || marker == '\n' ? ' ' : (char) (marker & 0xff);
                    throw new ProtocolException("ERR Protocol error: expected '$', got '" + shown + "'");
                }
                if (!string2ll(in, start + 1, cr)) {
                    throw new ProtocolException("ERR Protocol error: invalid bulk length");
                }
                long length = number;
                if (length < 0 || length > limits.maxBulkLength() || length > MAX_JAVA_BULK) {
                    throw new ProtocolException("ERR Protocol error: invalid bulk length");
                }
                if (length > UNAUTHENTICATED_MAX_BULK && limits.authRequired()) {
                    throw new ProtocolException("ERR Protocol error: unauthenticated bulk length");
                }
                consume(in, cr + 2);
                pendingBytes += cr + 2 - start;
                bulkLength = length;
            }
            if (in.readableBytes() < bulkLength + 2) {
                return false;
            }
            byte[] bulk = bulkLength == 0 ? EMPTY : new byte[(int) bulkLength];
            in.readBytes(bulk);
            in.skipBytes(2); // Redis does not check that these two bytes are CRLF
            if (argCount == args.length) {
                args = java.util.Arrays.copyOf(args, (int) Math.min(argsExpected, args.length * 2L));
            }
            args[argCount++] = bulk;
            pendingBytes += bulk.length + 2 + ARGUMENT_OVERHEAD;
            bulkLength = -1;
        }
        return true;
    }

    /**
     * Index of the first {@code terminator} from the reader index, or -1 if there is none yet. A NUL byte ends the
     * search, as Redis's strchr does: the line then never completes and runs into the 64 KiB limit.
     */
    private int lineEnd(ByteBuf in, byte terminator) {
        int end = in.writerIndex();
        int i = in.readerIndex() + scanned;
        for (; i < end; i++) {
            byte b = in.getByte(i);
            if (b == terminator || b == 0) {
                break;
            }
        }
        scanned = i - in.readerIndex(); // resume here: at the end, at the NUL (found again at once) or the terminator
        return i < end && in.getByte(i) == terminator ? i : -1;
    }

    /** Moves the reader index past a consumed line or bulk; the next line is searched from its start. */
    private void consume(ByteBuf in, int newReaderIndex) {
        in.readerIndex(newReaderIndex);
        scanned = 0;
    }

    /**
     * Redis's string2ll on [from, to): an optional '-', then digits with no leading zero (except "0" itself), under
     * 21 characters, within a long. Returns whether it is one; the value goes to {@link #number}.
     */
    private boolean string2ll(ByteBuf in, int from, int to) {
        int length = to - from;
        if (length == 0 || length >= LONG_STR_SIZE) {
            return false;
        }
        if (length == 1 && in.getByte(from) == '0') {
            number = 0;
            return true;
        }
        int i = from;
        boolean negative = in.getByte(i) == '-';
        if (negative) {
            i++;
            if (i == to) {
                return false;
            }
        }
        byte first = in.getByte(i);
        if (first < '1' || first > '9') {
            return false;
        }
        // Accumulate negatively, as Long.parseLong does, so that Long.MIN_VALUE fits.
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multiplyMin = limit / 10;
        long result = -(first - '0');
        for (i++; i < to; i++) {
            byte b = in.getByte(i);
            if (b < '0' || b > '9') {
                return false;
            }
            int digit = b - '0';
            if (result < multiplyMin) {
                return false;
            }
            result *= 10;
            if (result < limit + digit) {
                return false;
            }
            result -= digit;
        }
        number = negative ? result : -result;
        return true;
    }

    /** Reads one inline line; null if it is not complete yet, an empty array for a blank line. */
    private byte[][] readInline(ByteBuf in) throws ProtocolException {
        int start = in.readerIndex();
        int nl = lineEnd(in, (byte) '\n');
        if (nl < 0) {
            if (in.readableBytes() > MAX_INLINE) {
                throw new ProtocolException("ERR Protocol error: too big inline request");
            }
            return null;
        }
        int lineEnd = nl > start && in.getByte(nl - 1) == '\r' ? nl - 1 : nl;
        byte[] line = new byte[lineEnd - start];
        in.getBytes(start, line);
        consume(in, nl + 1);
        byte[][] split = InlineSplitter.split(line);
        if (split == null) {
            throw new ProtocolException("ERR Protocol error: unbalanced quotes in request");
        }
        return split;
    }
}
