package io.github.primkit.compat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A raw RESP connection for differential tests: sends commands as multibulk (or raw bytes) and reads one reply as a
 * {@link Resp} value, keeping every detail of the wire format (type marker, exact text) so replies of two servers can
 * be compared exactly.
 */
final class RespConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RespConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Sends one command and returns its reply. */
    Resp call(Object... args) throws IOException {
        send(args);
        return read();
    }

    void send(Object... args) throws IOException {
        out.write(encode(args));
        out.flush();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    static byte[] encode(Object... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Object arg : args) {
            byte[] bytes = arg instanceof byte[] b ? b : String.valueOf(arg).getBytes(StandardCharsets.UTF_8);
            buffer.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            buffer.writeBytes(bytes);
            buffer.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        return buffer.toByteArray();
    }

    /** Reads one reply; null when the server closed the connection. */
    Resp read() throws IOException {
        int type = in.read();
        if (type < 0) {
            return null;
        }
        String line = readLine();
        switch (type) {
            case '+', '-', ':', ',', '#', '(' -> {
                return new Resp((char) type, line, null);
            }
            case '_' -> {
                return new Resp('_', "", null);
            }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return new Resp('$', null, null);
                }
                byte[] data = in.readNBytes(length);
                readLine();
                return new Resp((char) type, new String(data, StandardCharsets.ISO_8859_1), null);
            }
            case '*', '~', '%', '>', '|' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return new Resp('*', null, null);
                }
                int elements = type == '%' || type == '|' ? 2 * length : length;
                List<Resp> children = new ArrayList<>(elements);
                for (int i = 0; i < elements; i++) {
                    children.add(read());
                }
                return new Resp((char) type, null, children);
            }
            default -> throw new IOException("unexpected RESP type byte '" + (char) type + "' followed by " + line);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\r') {
                int next = in.read();
                if (next == '\n') {
                    break;
                }
                line.write(b);
                b = next;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * True if the server closed the connection: the next read is EOF or a reset. False if data arrives or nothing
     * does within 2 s (was: a time-out also counted as closed, so an open, silent connection passed as closed).
     */
    boolean isClosedByServer() {
        try {
            socket.setSoTimeout(2000);
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(10_000);
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
