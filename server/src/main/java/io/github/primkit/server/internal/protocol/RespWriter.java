package io.github.primkit.server.internal.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;

/** Encodes replies in RESP2 or RESP3 straight into an output buffer. */
public final class RespWriter implements Reply {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY2 = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    private ByteBuf out;
    private int protocol = 2;

    public RespWriter(ByteBuf out) {
        this.out = out;
    }

    /** Writes into another buffer from now on. */
    public void target(ByteBuf buffer) {
        this.out = buffer;
    }

    public ByteBuf target() {
        return out;
    }

    public void protocol(int protocol) {
        this.protocol = protocol;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    @Override
    public void ok() {
        out.writeBytes(OK);
    }

    @Override
    public void simple(String text) {
        out.writeByte('+');
        writeLine(text);
    }

    @Override
    public void error(String text) {
        out.writeByte('-');
        writeLine(text);
    }

    /**
     * An error reply from raw bytes, for texts that quote what a client sent (Redis echoes such bytes unchanged); CR
     * and LF are replaced with spaces.
     */
    public void error(byte[] text) {
        out.writeByte('-');
        for (byte b : text) {
            out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
        }
        out.writeBytes(CRLF);
    }

    private void writeLine(String text) {
        // Simple strings and errors cannot contain CR or LF: Redis replaces them with spaces.
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            text = text.replace('\r', ' ').replace('\n', ' ');
        }
        ByteBufUtil.writeUtf8(out, text);
        out.writeBytes(CRLF);
    }

    @Override
    public void integer(long value) {
        out.writeByte(':');
        writeDecimal(value);
        out.writeBytes(CRLF);
    }

    @Override
    public void bulk(byte[] value) {
        if (value == null) {
            nullBulk();
            return;
        }
        out.writeByte('$');
        writeDecimal(value.length);
        out.writeBytes(CRLF);
        out.writeBytes(value);
        out.writeBytes(CRLF);
    }

    @Override
    public void bulk(String value) {
        bulk(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void nullBulk() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL2);
    }

    @Override
    public void nullArray() {
        out.writeBytes(protocol == 3 ? NULL3 : NULL_ARRAY2);
    }

    @Override
    public void array(int length) {
        header('*', length);
    }

    @Override
    public void map(int size) {
        if (protocol == 3) {
            header('%', size);
        } else {
            header('*', 2L * size);
        }
    }

    @Override
    public void set(int size) {
        header(protocol == 3 ? '~' : '*', size);
    }

    @Override
    public void push(int length) {
        header(protocol == 3 ? '>' : '*', length);
    }

    @Override
    public void doubleValue(double value) {
        doubleText(Doubles.format(value));
    }

    @Override
    public void doubleText(String text) {
        if (protocol == 3) {
            out.writeByte(',');
            ByteBufUtil.writeAscii(out, text);
            out.writeBytes(CRLF);
        } else {
            bulk(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void bool(boolean value) {
        if (protocol == 3) {
            out.writeByte('#');
            out.writeByte(value ? 't' : 'f');
            out.writeBytes(CRLF);
        } else {
            integer(value ? 1 : 0);
        }
    }

    @Override
    public void verbatim(String text) {
        if (protocol == 3) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            out.writeByte('=');
            writeDecimal(bytes.length + 4L);
            out.writeBytes(CRLF);
            ByteBufUtil.writeAscii(out, "txt:");
            out.writeBytes(bytes);
            out.writeBytes(CRLF);
        } else {
            bulk(text);
        }
    }

    private void header(char type, long length) {
        out.writeByte(type);
        writeDecimal(length);
        out.writeBytes(CRLF);
    }

    private void writeDecimal(long value) {
        if (value >= 0 && value < 10) {
            out.writeByte('0' + (int) value);
            return;
        }
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                ByteBufUtil.writeAscii(out, "-9223372036854775808");
                return;
            }
            out.writeByte('-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        out.ensureWritable(digits);
        int end = out.writerIndex() + digits;
        for (int i = end - 1; i >= out.writerIndex(); i--) {
            out.setByte(i, (int) ('0' + value % 10));
            value /= 10;
        }
        out.writerIndex(end);
    }
}
