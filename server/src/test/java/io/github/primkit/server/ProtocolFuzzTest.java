package io.github.primkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Seeded protocol fuzzing against a real server on an ephemeral port: thousands of connections, several at once,
 * each sending valid commands, the same with bytes flipped, truncated, with random or huge declared lengths, random
 * garbage, inline junk with quotes and escapes, odd multibulks (nested, huge counts, RESP3 types as requests), NULs,
 * over-long lines and HTTP requests, whole or in pieces, then ending with a half-close or an abortive reset.
 *
 * <p>For every connection the server must answer and close (it closes on the half-close, or earlier on a protocol
 * error): reading to EOF must finish within the socket timeout (no hang), what it sent must be well-formed RESP, a
 * protocol error must be its last reply, and no reply may be an internal error. Throughout, a witness connection
 * keeps being answered; at the end a fresh connection gets PONG and DBSIZE. The count and the time are bounded.
 *
 * <p>Reproduce a failure with {@code -Dprimkit.fuzz.seed=<seed>}: connection {@code i} uses {@code seed + i}. A deeper
 * run: {@code -Dprimkit.fuzz.connections=100000 -Dprimkit.fuzz.seconds=300}.
 */
class ProtocolFuzzTest {
    private static final long SEED = Long.getLong("primkit.fuzz.seed", System.nanoTime());
    /** Bounded for the build; raise both for a deeper local run. */
    private static final int CONNECTIONS = Integer.getInteger("primkit.fuzz.connections", 3000);
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("primkit.fuzz.seconds", 12));
    private static final int THREADS = 6;

    private static final String[][] COMMANDS = {
        {"PING"}, {"PING", "hello"}, {"ECHO", "x y"}, {"SET", "k", "v"}, {"GET", "k"}, {"INCR", "counter"},
        {"DEL", "k", "a"}, {"MSET", "a", "1", "b", "2"}, {"MGET", "a", "b", "missing"}, {"APPEND", "log", "xyz"},
        {"EXPIRE", "a", "100"}, {"TTL", "a"}, {"PTTL", "a"}, {"EXISTS", "a", "b"}, {"TYPE", "a"}, {"MULTI"},
        {"EXEC"}, {"DISCARD"}, {"WATCH", "a"}, {"UNWATCH"}, {"HELLO", "3"}, {"HELLO", "2"}, {"HELLO", "4"},
        {"CLIENT", "SETNAME", "fuzz"}, {"CLIENT", "ID"}, {"CLIENT", "INFO"}, {"CLIENT", "GETNAME"}, {"SELECT", "1"},
        {"SELECT", "0"}, {"SUBSCRIBE", "ch"}, {"PSUBSCRIBE", "c*"}, {"UNSUBSCRIBE"}, {"PUBLISH", "ch", "m"},
        {"DBSIZE"}, {"INFO", "server"}, {"COMMAND", "COUNT"}, {"GETRANGE", "log", "0", "-1"},
        {"INCRBYFLOAT", "f", "1.5"}, {"SCAN", "0", "COUNT", "5"}, {"KEYS", "a*"}, {"TIME"}, {"RENAME", "a", "b"},
        {"COPY", "b", "c"}, {"GETEX", "b", "PX", "1000"}, {"SETNX", "n", "1"}, {"GETDEL", "n"}, {"STRLEN", "log"},
        {"QUIT"}, {"RESET"}, {"NOSUCH", "arg"}, {"AUTH", "x"}, {"PING", "a", "b"}, {"GET"}, {"OBJECT"},
    };

    /** What one connection did, for the failure message. */
    private record Result(int index, String payload, String error) {
    }

    @Test
    void randomAndMutatedFramesNeverHurtTheServer() throws Exception {
        System.out.println("ProtocolFuzzTest seed=" + SEED + " (rerun with -Dprimkit.fuzz.seed=" + SEED + ")");
        try (PrimkitServer server = PrimkitServer.start(); RawConnection witness = new RawConnection(server)) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long deadline = System.nanoTime() + BUDGET_NANOS;
            AtomicInteger done = new AtomicInteger();
            List<Future<Result>> results = new ArrayList<>();
            try {
                for (int i = 0; i < CONNECTIONS; i++) {
                    int index = i;
                    results.add(pool.submit(() -> {
                        if (System.nanoTime() > deadline) {
                            return null; // out of time: skipped
                        }
                        Result result = fuzzOne(server, index);
                        done.incrementAndGet();
                        return result;
                    }));
                }
                int checked = 0;
                for (Future<Result> future : results) {
                    Result result = future.get(60, TimeUnit.SECONDS);
                    if (result != null && result.error() != null) {
                        throw new AssertionError("seed=" + SEED + " connection " + result.index() + ": "
                                + result.error() + "\npayload: " + result.payload());
                    }
                    if (++checked % 250 == 0) {
                        assertThat(witness.call("PING")).as("witness answered (seed=%d)", SEED).isEqualTo("+PONG\r\n");
                    }
                }
            } finally {
                pool.shutdownNow();
                pool.awaitTermination(30, TimeUnit.SECONDS);
            }
            System.out.println("ProtocolFuzzTest: " + done.get() + " connections fuzzed");
            assertThat(done.get()).as("connections fuzzed (seed=%d)", SEED).isGreaterThan(100);
            assertThat(witness.call("PING")).as("seed=%d", SEED).isEqualTo("+PONG\r\n");
            try (RawConnection fresh = new RawConnection(server)) {
                assertThat(fresh.call("PING")).as("seed=%d", SEED).isEqualTo("+PONG\r\n");
                assertThat(fresh.call("DBSIZE")).as("seed=%d", SEED).matches(":\\d+\r\n");
                assertThat(fresh.call("SET", "after", "fuzz")).isEqualTo("+OK\r\n");
                assertThat(fresh.call("GET", "after")).isEqualTo("$4\r\nfuzz\r\n");
            }
        }
    }

    private static Result fuzzOne(PrimkitServer server, int index) {
        Random random = new Random(SEED + index);
        byte[] payload = payload(random);
        int ending = random.nextInt(10); // 0: abortive reset; 1-3: sent in pieces; else in one write
        String shown = show(payload);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            boolean writeFailed = false;
            try {
                if (ending >= 1 && ending <= 3) {
                    int from = 0;
                    while (from < payload.length) {
                        int length = Math.min(payload.length - from, 1 + random.nextInt(64));
                        out.write(payload, from, length);
                        out.flush();
                        from += length;
                    }
                } else {
                    out.write(payload);
                    out.flush();
                }
                if (ending == 0) {
                    socket.setSoLinger(true, 0);
                    return new Result(index, shown, null); // close() resets: the server must just cope
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                writeFailed = true; // the server already closed (after a protocol error): read what it sent
            }
            byte[] replies;
            boolean reset = false;
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                return new Result(index, shown, "the server neither answered nor closed within 10 s; received "
                        + show(received.toByteArray()));
            } catch (SocketException e) {
                reset = true;
            }
            replies = received.toByteArray();
            String problem = checkReplies(replies, reset || writeFailed);
            return new Result(index, shown, problem == null ? null : problem + "; received " + show(replies));
        } catch (IOException e) {
            return new Result(index, shown, "connection failed: " + e);
        }
    }

    /** Null if {@code replies} is a well-formed sequence of RESP values meeting the oracle; else what is wrong. */
    static String checkReplies(byte[] replies, boolean mayBeCut) {
        int pos = 0;
        boolean protocolError = false;
        while (pos < replies.length) {
            if (protocolError) {
                return "a reply after a protocol error";
            }
            int start = pos;
            try {
                pos = skipValue(replies, pos);
            } catch (IllegalStateException e) {
                return "malformed RESP at byte " + start + ": " + e.getMessage();
            }
            if (pos < 0) {
                // Replies cut short: only when our own reset cut the stream, or when the half-close made the server
                // drop output it could not send yet (Redis drops it too).
                return mayBeCut || replies.length > 64 * 1024 ? null : "a truncated reply at byte " + start;
            }
            String first = new String(replies, start, Math.min(pos - start, 200), StandardCharsets.ISO_8859_1);
            if (first.startsWith("-") && first.contains("internal error")) {
                return "an internal error reply";
            }
            protocolError = first.startsWith("-ERR Protocol error");
        }
        return null;
    }

    /** The index after the RESP value at {@code pos}; -1 if it is incomplete; throws if malformed. */
    private static int skipValue(byte[] b, int pos) {
        if (pos >= b.length) {
            return -1;
        }
        byte type = b[pos];
        int eol = lineEnd(b, pos + 1);
        if (eol < 0) {
            return -1;
        }
        String line = new String(b, pos + 1, eol - pos - 1, StandardCharsets.ISO_8859_1);
        int next = eol + 2;
        switch (type) {
            case '+', '-', ',', '(' -> {
                return next;
            }
            case ':' -> {
                parseLong(line);
                return next;
            }
            case '#' -> {
                if (!line.equals("t") && !line.equals("f")) {
                    throw new IllegalStateException("boolean " + line);
                }
                return next;
            }
            case '_' -> {
                if (!line.isEmpty()) {
                    throw new IllegalStateException("null with text " + line);
                }
                return next;
            }
            case '$', '=', '!' -> {
                long length = parseLong(line);
                if (length == -1 && type == '$') {
                    return next;
                }
                if (length < 0) {
                    throw new IllegalStateException("bulk length " + length);
                }
                if (next + length + 2 > b.length) {
                    return -1;
                }
                int end = (int) (next + length);
                if (b[end] != '\r' || b[end + 1] != '\n') {
                    throw new IllegalStateException("bulk not followed by CRLF");
                }
                return end + 2;
            }
            case '*', '~', '>', '%' -> {
                long length = parseLong(line);
                if (length == -1 && type == '*') {
                    return next;
                }
                if (length < 0) {
                    throw new IllegalStateException("aggregate length " + length);
                }
                long elements = type == '%' ? 2 * length : length;
                int at = next;
                for (long i = 0; i < elements; i++) {
                    at = skipValue(b, at);
                    if (at < 0) {
                        return -1;
                    }
                }
                return at;
            }
            default -> throw new IllegalStateException("type byte " + (type & 0xff));
        }
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i + 1 < b.length; i++) {
            if (b[i] == '\r') {
                if (b[i + 1] != '\n') {
                    throw new IllegalStateException("CR without LF");
                }
                return i;
            }
            if (b[i] == '\n') {
                throw new IllegalStateException("LF without CR");
            }
        }
        return -1;
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("not a number: " + text);
        }
    }

    // ---- payloads --------------------------------------------------------------------------------------------------

    static byte[] payload(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int segments = 1 + random.nextInt(3);
        for (int s = 0; s < segments; s++) {
            out.writeBytes(segment(random));
        }
        return out.toByteArray();
    }

    private static byte[] segment(Random random) {
        int kind = random.nextInt(100);
        if (kind < 25) {
            return pipeline(random);
        }
        if (kind < 40) {
            return flip(random, pipeline(random));
        }
        if (kind < 50) {
            byte[] valid = pipeline(random);
            return java.util.Arrays.copyOf(valid, random.nextInt(valid.length + 1));
        }
        if (kind < 60) {
            return relength(random, pipeline(random));
        }
        if (kind < 68) {
            byte[] garbage = new byte[1 + random.nextInt(random.nextInt(20) == 0 ? 70_000 : 2000)];
            random.nextBytes(garbage);
            return garbage;
        }
        if (kind < 78) {
            return inlineJunk(random);
        }
        if (kind < 88) {
            return oddMultibulk(random);
        }
        if (kind < 93) {
            return bytes(pick(random, "*2\r\n$4\r\nECHO\r\n$500000000\r\nabc", "*1\r\n$2147483647\r\n",
                    "*2147483647\r\n$4\r\nPING\r\n", "*1\r\n$99999999999999999999\r\n",
                    "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\nabc", "*-2147483649\r\n",
                    "*1\r\n$-1\r\n", "*9223372036854775807\r\n"));
        }
        if (kind < 96) {
            String filler = pick(random, "x", "\0", "*", "$1", " \"");
            return bytes(pick(random, "", "*1", "*1\r\n", "*1\r\n$", "PING \0") + filler.repeat(
                    (64 * 1024 + 10) / filler.length() + 1));
        }
        return bytes(pick(random, "POST / HTTP/1.1\r\nHost: localhost\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "*1\r\n$5\r\nHOST:\r\n", "PING\0\r\n", "*1\0\r\n$4\r\nPING\r\n",
                "ECHO \"\\x00\\xff\"\r\n"));
    }

    private static byte[] pipeline(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int count = 1 + random.nextInt(5);
        for (int c = 0; c < count; c++) {
            String[] command = COMMANDS[random.nextInt(COMMANDS.length)];
            if (random.nextInt(4) == 0) {
                StringBuilder line = new StringBuilder();
                for (String arg : command) {
                    line.append(line.length() == 0 ? "" : " ").append(arg.contains(" ") ? "\"" + arg + "\"" : arg);
                }
                out.writeBytes(bytes(line + (random.nextBoolean() ? "\r\n" : "\n")));
            } else {
                out.writeBytes(multibulk(command));
            }
        }
        return out.toByteArray();
    }

    private static byte[] flip(Random random, byte[] data) {
        int flips = 1 + random.nextInt(5);
        for (int i = 0; i < flips && data.length > 0; i++) {
            int at = random.nextInt(data.length);
            data[at] = switch (random.nextInt(4)) {
                case 0 -> (byte) random.nextInt(256);
                case 1 -> (byte) (data[at] ^ (1 << random.nextInt(8)));
                case 2 -> (byte) "\r\n*$:0123456789- \"'\\\0".charAt(random.nextInt(20));
                default -> (byte) (data[at] + 1);
            };
        }
        return data;
    }

    /** Replaces the number of one '*' or '$' header with something else. */
    private static byte[] relength(Random random, byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        List<Integer> headers = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c == '*' || c == '$') && (i == 0 || text.charAt(i - 1) == '\n')) {
                headers.add(i);
            }
        }
        if (headers.isEmpty()) {
            return data;
        }
        int at = headers.get(random.nextInt(headers.size()));
        int eol = text.indexOf('\r', at);
        if (eol < 0) {
            return data;
        }
        String number = text.substring(at + 1, eol);
        String replacement = switch (random.nextInt(10)) {
            case 0 -> "-1";
            case 1 -> "0";
            case 2 -> "-" + random.nextInt(1000);
            case 3 -> Integer.toString(Integer.MAX_VALUE);
            case 4 -> "99999999999999999999";
            case 5 -> number.isEmpty() ? "1" : Long.toString(Long.parseLong(number) + 1);
            case 6 -> number.isEmpty() ? "0" : Long.toString(Long.parseLong(number) - 1);
            case 7 -> "0" + number;
            case 8 -> "x";
            default -> Integer.toString(random.nextInt(100_000));
        };
        return bytes(text.substring(0, at + 1) + replacement + text.substring(eol));
    }

    private static byte[] inlineJunk(Random random) {
        String alphabet = "abcPINGECHOSET \t\"'\\xnr0123456789ABCDEF{}*$:-\r";
        StringBuilder line = new StringBuilder(random.nextBoolean() ? "ECHO " : "");
        int length = random.nextInt(200);
        for (int i = 0; i < length; i++) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return bytes(line + (random.nextInt(5) == 0 ? "" : "\r\n"));
    }

    private static byte[] oddMultibulk(Random random) {
        return bytes(switch (random.nextInt(9)) {
            case 0 -> "*3\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n";
            case 1 -> "*1000000\r\n" + "$1\r\nx\r\n".repeat(random.nextInt(100));
            case 2 -> "*5\r\n$3\r\nSET\r\n";
            case 3 -> "%1\r\n+a\r\n+b\r\n";
            case 4 -> "$5\r\nhello\r\n";
            case 5 -> "*2\r\n$4\r\nECHO\r\n:12\r\n";
            case 6 -> "*0\r\n".repeat(random.nextInt(50)) + "*-1\r\n*1\r\n$4\r\nPING\r\n";
            case 7 -> "*" + (1 + random.nextInt(3000)) + "\r\n" + "$0\r\n\r\n".repeat(random.nextInt(3000));
            default -> "*1\rx$4\r\nPING\r\n*1\r\n$4\r\nPINGxx";
        });
    }

    private static byte[] multibulk(String... args) {
        StringBuilder frame = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            frame.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return bytes(frame.toString());
    }

    private static String pick(Random random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String show(byte[] data) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(data.length, 600); i++) {
            int b = data[i] & 0xff;
            if (b == '\r') {
                text.append("\\r");
            } else if (b == '\n') {
                text.append("\\n");
            } else if (b < 32 || b >= 127) {
                text.append(String.format("\\x%02x", b));
            } else {
                text.append((char) b);
            }
        }
        return text + (data.length > 600 ? "...(" + data.length + " bytes)" : "");
    }
}
