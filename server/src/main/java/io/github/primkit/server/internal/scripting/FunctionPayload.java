package io.github.primkit.server.internal.scripting;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of FUNCTION DUMP / FUNCTION RESTORE, in Redis's format: for each library the RDB opcode FUNCTION2
 * ({@code 0xF5}) and the library's code as an RDB string, then the RDB version (2 bytes, little-endian) and the
 * CRC-64 of everything before it (Redis's crc64: Jones polynomial, reflected; 8 bytes, little-endian).
 *
 * <p>Reading accepts every RDB string encoding Redis writes (plain lengths of 6, 14, 32 and 64 bits, integers, LZF),
 * so payloads dumped by Redis or valkey restore here. Writing stores codes uncompressed, which Redis reads as well:
 * the bytes differ from Redis's own dump of a code long enough for it to compress, the libraries do not.
 */
final class FunctionPayload {
    /** The RDB version written, and the newest read: Redis 7.2's. */
    static final int RDB_VERSION = 11;
    private static final int OPCODE_FUNCTION_PRE_GA = 246;
    private static final int OPCODE_FUNCTION2 = 245;
    private static final long[] CRC_TABLE = crcTable();

    private FunctionPayload() {
    }

    /** A payload that failed to parse, with the message Redis replies (after "ERR "). */
    static final class BadPayload extends Exception {
        BadPayload(String message) {
            super(message, null, false, false);
        }
    }

    static byte[] write(List<byte[]> codes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] code : codes) {
            out.write(OPCODE_FUNCTION2);
            writeLength(out, code.length);
            out.writeBytes(code);
        }
        out.write(RDB_VERSION & 0xff);
        out.write(RDB_VERSION >>> 8);
        long crc = crc64(out.toByteArray(), out.size());
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)) & 0xff);
        }
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, long length) {
        if (length < 1 << 6) {
            out.write((int) length);
        } else if (length < 1 << 14) {
            out.write(0x40 | (int) (length >>> 8));
            out.write((int) length & 0xff);
        } else if (length <= 0xffffffffL) {
            out.write(0x80);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xff);
            }
        } else {
            out.write(0x81);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) (length >>> shift) & 0xff);
            }
        }
    }

    /** Whether the footer holds a version this server reads and the right checksum (verifyDumpPayload). */
    static boolean verify(byte[] payload) {
        int n = payload.length;
        if (n < 10) {
            return false;
        }
        int version = (payload[n - 10] & 0xff) | (payload[n - 9] & 0xff) << 8;
        if (version > RDB_VERSION) {
            return false;
        }
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (payload[n - 8 + i] & 0xffL) << (8 * i);
        }
        return crc == crc64(payload, n - 8);
    }

    /** The libraries' codes in a verified payload, in order. */
    static List<byte[]> read(byte[] payload) throws BadPayload {
        Reader in = new Reader(payload, payload.length - 10);
        List<byte[]> codes = new ArrayList<>();
        while (in.remaining() > 0) {
            int type = in.next();
            if (type == OPCODE_FUNCTION_PRE_GA) {
                throw new BadPayload("Pre-GA function format not supported");
            }
            if (type != OPCODE_FUNCTION2) {
                throw new BadPayload("given type is not a function");
            }
            codes.add(in.string());
        }
        return codes;
    }

    /** Reads RDB strings up to {@code end}; anything cut short or malformed is a {@link BadPayload}. */
    private static final class Reader {
        private final byte[] data;
        private final int end;
        private int pos;

        Reader(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        int next() throws BadPayload {
            if (pos >= end) {
                throw new BadPayload("failed loading the given functions payload");
            }
            return data[pos++] & 0xff;
        }

        /** A length, or -1 - the encoding for the special (integer, LZF) encodings. */
        long length() throws BadPayload {
            int first = next();
            switch (first >>> 6) {
                case 0:
                    return first & 0x3f;
                case 1:
                    return (first & 0x3f) << 8 | next();
                case 3:
                    return -1 - (first & 0x3f);
                default:
                    int bytes = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
                    if (bytes < 0) {
                        throw new BadPayload("failed loading the given functions payload");
                    }
                    long length = 0;
                    for (int i = 0; i < bytes; i++) {
                        length = length << 8 | next();
                    }
                    return length;
            }
        }

        byte[] string() throws BadPayload {
            long length = length();
            if (length >= 0) {
                return bytes(length);
            }
            int encoding = (int) (-1 - length);
            switch (encoding) {
                case 0:
                    return Long.toString((byte) next()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                case 1: {
                    int v = next() | next() << 8;
                    return Long.toString((short) v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
                case 2: {
                    int v = next() | next() << 8 | next() << 16 | next() << 24;
                    return Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                }
                case 3: {
                    long compressed = length();
                    long plain = length();
                    if (compressed < 0 || plain < 0) {
                        throw new BadPayload("failed loading the given functions payload");
                    }
                    return lzfDecompress(bytes(compressed), plain);
                }
                default:
                    throw new BadPayload("failed loading the given functions payload");
            }
        }

        private byte[] bytes(long length) throws BadPayload {
            if (length > remaining()) {
                throw new BadPayload("failed loading the given functions payload");
            }
            byte[] out = java.util.Arrays.copyOfRange(data, pos, pos + (int) length);
            pos += (int) length;
            return out;
        }
    }

    /**
     * liblzf's lzf_decompress, into exactly {@code length} bytes. A length LZF could not have produced from
     * {@code in} (at best 3 bytes expand to 264) is refused before anything is allocated, so a forged payload cannot
     * make the server allocate gigabytes.
     */
    static byte[] lzfDecompress(byte[] in, long length) throws BadPayload {
        if (length > Integer.MAX_VALUE - 8 || length > 88L * in.length + 32) {
            throw new BadPayload("failed loading the given functions payload");
        }
        byte[] out = new byte[(int) length];
        int ip = 0;
        int op = 0;
        try {
            while (ip < in.length) {
                int ctrl = in[ip++] & 0xff;
                if (ctrl < 1 << 5) {
                    ctrl++;
                    System.arraycopy(in, ip, out, op, ctrl);
                    ip += ctrl;
                    op += ctrl;
                } else {
                    int len = ctrl >>> 5;
                    int ref = op - ((ctrl & 0x1f) << 8) - 1;
                    if (len == 7) {
                        len += in[ip++] & 0xff;
                    }
                    ref -= in[ip++] & 0xff;
                    len += 2;
                    if (ref < 0 || op + len > out.length) {
                        throw new BadPayload("failed loading the given functions payload");
                    }
                    for (int i = 0; i < len; i++) {
                        out[op++] = out[ref++];
                    }
                }
            }
        } catch (IndexOutOfBoundsException e) {
            throw new BadPayload("failed loading the given functions payload");
        }
        if (op != out.length) {
            throw new BadPayload("failed loading the given functions payload");
        }
        return out;
    }

    /** Redis's crc64 (Jones polynomial 0xad93d23594c935a9, reflected, initial value 0) of the first n bytes. */
    static long crc64(byte[] data, int n) {
        long crc = 0;
        for (int i = 0; i < n; i++) {
            crc = CRC_TABLE[(int) ((crc ^ data[i]) & 0xff)] ^ (crc >>> 8);
        }
        return crc;
    }

    private static long[] crcTable() {
        long poly = 0x95AC9329AC4BC9B5L; // 0xad93d23594c935a9 bit-reversed
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
            table[i] = crc;
        }
        return table;
    }
}
