package io.github.primkit.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A raw socket to a server for protocol tests: sends bytes as they are, reads one reply at a time as its exact wire
 * text (any RESP2 or RESP3 type, nested), and tells a close by the server from a reply. Reads time out after 10 s, so
 * a server that hangs fails the test instead of blocking it.
 */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawConnection(PrimkitServer server) throws IOException {
        this(server.host(), server.port());
    }

    RawConnection(String host, int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5000);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** Sends text as ISO-8859-1 bytes (so any byte can be written). */
    RawConnection send(String latin1) throws IOException {
        return send(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends a command as a multibulk and returns its reply's wire text. */
    String call(String... args) throws IOException {
        StringBuilder frame = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            frame.append('$').append(arg.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(arg)
                    .append("\r\n");
        }
        send(frame.toString());
        return read();
    }

    /** One reply's exact wire text; null if the server closed the connection (EOF or reset) before it. */
    String read() throws IOException {
        StringBuilder reply = new StringBuilder();
        try {
            return readValue(reply) ? reply.toString() : null;
        } catch (SocketException e) {
            return null; // reset by the server: closed
        }
    }

    /** True if the server closed the connection: nothing but EOF (or a reset) comes next. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException e) {
            return true;
        }
    }

    private boolean readValue(StringBuilder reply) throws IOException {
        int type = in.read();
        if (type < 0) {
            return false;
        }
        reply.append((char) type);
        String line = readLine();
        reply.append(line).append("\r\n");
        switch (type) {
            case '+', '-', ':', ',', '#', '(', '_' -> {
                return true;
            }
            case '$', '=', '!' -> {
                int length = Integer.parseInt(line);
                if (length >= 0) {
                    byte[] data = in.readNBytes(length + 2);
                    if (data.length < length + 2) {
                        throw new EOFException("truncated bulk");
                    }
                    reply.append(new String(data, StandardCharsets.ISO_8859_1));
                }
                return true;
            }
            case '*', '~', '>', '%', '|' -> {
                int length = Integer.parseInt(line);
                int elements = type == '%' || type == '|' ? 2 * length : length;
                for (int i = 0; i < elements; i++) {
                    if (!readValue(reply)) {
                        throw new EOFException("truncated aggregate");
                    }
                }
                return true;
            }
            default -> throw new IOException("not RESP: type byte " + type + " then " + line);
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("truncated line");
            }
            if (b == '\r') {
                int next = in.read();
                if (next != '\n') {
                    throw new IOException("CR without LF in a reply line");
                }
                return line.toString(StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
