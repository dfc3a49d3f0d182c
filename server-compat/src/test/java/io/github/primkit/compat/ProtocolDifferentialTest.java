package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raw bytes to both servers: well-formed, inline, partial, malformed and oversized requests, sent whole or in pieces.
 * Each case is followed by a sentinel command (RESET, which even a client that has not authenticated may run);
 * replies are read until the sentinel's answer (the connection is open) or until the server closes it, and the two
 * servers must agree on every reply, error texts included, and on whether they closed. Cases end on a complete line
 * or an error, so the sentinel is always parsed as a command of its own and no timing is involved; cases that must
 * end in a close (lines too long) are sent without it.
 */
class ProtocolDifferentialTest extends DifferentialTest {
    private static final String SENTINEL = "*1\r\n$5\r\nRESET\r\n";
    private static final String BIG = "x".repeat(70_000);

    /** What a server did with a case: its replies before the sentinel's, and whether it closed the connection. */
    record Outcome(List<String> replies, boolean closed) {
    }

    @Test
    void wellFormedAndInlineRequests() throws IOException {
        sameOutcome("PING\r\n");
        sameOutcome("PING\n");
        sameOutcome("  \t PING  \r\n");
        sameOutcome("\r\n\r\n\n   \r\nPING\r\n");
        sameOutcome("ECHO \"hello world\"\r\n");
        sameOutcome("ECHO \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n");
        sameOutcome("ECHO \"\\x4\" \"\\xZZ\"\r\n");
        sameOutcome("ECHO 'it\\'s' '\\n'\r\n");
        sameOutcome("ECHO a\"b c\" d\r\n");
        sameOutcome("ECHO '' \"\"\r\n");
        sameOutcome("ECHO \u000bx a\u000bb\r\n");
        sameOutcome("ECHO \"\\x00\\xff\"\r\n");
        sameOutcome("PING\rPING\r\n");
        sameOutcome("*0\r\n*-1\r\n*-2147483649\r\n*-9223372036854775808\r\nPING\r\n");
        sameOutcome("*1\rx$4\r\nPING\r\n");
        sameOutcome("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n");
        sameOutcome("$4\r\nPING\r\n");
        String payload = "a\r\nb\0*$\r\n:";
        sameOutcome("*2\r\n$4\r\nECHO\r\n$" + payload.length() + "\r\n" + payload + "\r\n");
        sameOutcome("*1\r\n$0\r\n\r\n");
        sameOutcome("PING\r\nQUIT\r\nPING\r\n");
    }

    @Test
    void errorsQuoteWhatTheClientSentAsRedisDoes() throws IOException {
        sameOutcome("\u00ff\u00fe x\r\n");
        sameOutcome("*2\r\n$3\r\nA\0B\r\n$3\r\nc\0d\r\n");
        sameOutcome("NOSUCH " + "a ".repeat(60) + "\r\n");
        sameOutcome("NOSUCH " + "abcdefghij".repeat(20) + " more\r\n");
        sameOutcome("N".repeat(300) + " x\r\n");
        sameOutcome("CLIENT \u00e9t\u00e9\r\n");
        sameOutcome("CONFIG " + "s".repeat(200) + "\r\n");
    }

    @Test
    void framesInPieces() throws IOException {
        sameOutcome("*1\r\n$4\r\nPI", "NG\r\n");
        sameOutcome("*", "1", "\r", "\n", "$", "4\r\nPING\r", "\n");
        sameOutcome("PI", "NG\r", "\n");
        sameOutcome("*2\r\n$4\r\nECHO\r\n$3\r\nfo", "o\r\n");
        sameOutcome("*1\r\nxy", "z\r\n");
        sameOutcome("*1\r\n$", "x\r\n");
        sameOutcome("ECHO \"a", " b\"\r\n");
    }

    @Test
    void protocolErrors() throws IOException {
        for (String count : List.of("x", "01", "-0", "+1", "", "-", "1 ", "2147483648", "99999999999999999999",
                "-99999999999999999999")) {
            sameOutcome("*" + count + "\r\n");
        }
        for (String length : List.of("x", "-1", "04", "+4", "", "536870913", "2147483000", "99999999999999999999")) {
            sameOutcome("*1\r\n$" + length + "\r\n");
        }
        sameOutcome("*1\r\nxyz\r\n");
        sameOutcome("*1\r\n\r\n");
        sameOutcome("*1\r\n\n\r\n");
        sameOutcome("*1\r\n\u00ffyz\r\n");
        sameOutcome("*2\r\n$4\r\nECHO\r\n:1\r\n");
        sameOutcome("*3\r\n*2\r\n$1\r\na\r\n");
        sameOutcome("PING \"a\r\n");
        sameOutcome("ECHO \"a\"b\r\n");
        sameOutcome("ECHO 'a'b\r\n");
        sameOutcome("ECHO \"a\\\"\r\n");
        sameOutcome("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n");
    }

    @Test
    void oversizedLinesAndNulBytes() throws IOException {
        sameClosingOutcome(BIG);
        sameClosingOutcome("PING\r\n", BIG);
        sameClosingOutcome("*1" + BIG);
        sameClosingOutcome("*1\r\n" + BIG);
        sameClosingOutcome("*1\r\n$" + BIG);
        // A NUL before the line end hides it (Redis searches with strchr) until the line is too big.
        sameClosingOutcome("*1\0\r\n$4\r\nPING\r\n", "y".repeat(70_000));
        sameClosingOutcome("PING\0\r\n", "y".repeat(70_000));
    }

    @Test
    void httpRequestsAreDroppedSilently() throws IOException {
        sameOutcome("POST / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        sameOutcome("PING\r\nHost: x\r\n");
        sameOutcome("*1\r\n$5\r\nhOsT:\r\n");
        sameOutcome("MULTI\r\nPOST\r\n");
    }

    @Test
    void unauthenticatedLimits() throws IOException {
        same("CONFIG", "SET", "requirepass", "pw");
        try {
            sameOutcome("*11\r\n");
            sameOutcome("*10\r\n" + "$1\r\nx\r\n".repeat(10));
            sameOutcome("*2\r\n$4\r\nECHO\r\n$16385\r\n");
            sameOutcome("*2\r\n$4\r\nECHO\r\n$16384\r\n" + "x".repeat(16384) + "\r\n");
            sameOutcome("GET x\r\nPING\r\n");
            // One failed AUTH per connection: valkey 8.0.1 sends no reply for a failed AUTH that follows another
            // error reply on the same connection (redis-server 7.0 does reply, as this server does).
            sameOutcome("AUTH wrong\r\n");
            sameOutcome("AUTH default wrong\r\n");
            sameOutcome("HELLO 3\r\n");
            sameOutcome("AUTH pw\r\n*11\r\n" + "$1\r\nx\r\n".repeat(11) + "*2\r\n$4\r\nECHO\r\n$16385\r\n"
                    + "x".repeat(16385) + "\r\n");
            sameOutcome("GET x\r\nQUIT\r\n");
        } finally {
            for (RespConnection connection : List.of(newOurs(), newReference())) {
                try (connection) {
                    connection.call("AUTH", "pw");
                    assertThat(connection.call("CONFIG", "SET", "requirepass", "").text()).isEqualTo("OK");
                }
            }
        }
    }

    @Test
    void protocolLimitsThroughConfigSet() throws IOException {
        try {
            for (String name : List.of("proto-max-bulk-len", "client-query-buffer-limit")) {
                for (String value : List.of("1000", "1048575", "-5", "abc", "1.5mb", "1mb", "1MB", "2gb", "1048576")) {
                    same("CONFIG", "SET", name, value);
                    same("CONFIG", "GET", name);
                }
            }
            // Both are now 1 MiB: a bulk over it is refused at its header; a command longer than the query buffer
            // is dropped without a reply.
            sameOutcome("*2\r\n$4\r\nECHO\r\n$1048577\r\n");
            sameOutcome("*2\r\n$4\r\nECHO\r\n$1048576\r\n" + "y".repeat(1048576) + "\r\n");
            sameOutcome("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1000000\r\n" + "z".repeat(1_000_000) + "\r\n");
        } finally {
            same("CONFIG", "SET", "proto-max-bulk-len", "512mb", "client-query-buffer-limit", "1gb");
        }
    }

    // ---- harness ---------------------------------------------------------------------------------------------------

    /** Sends the pieces (then the sentinel) to both servers on fresh connections; outcomes must be equal. */
    private void sameOutcome(String... pieces) throws IOException {
        compare(true, pieces);
    }

    /** For cases after which the server must close: no sentinel (its newline could end an over-long line). */
    private void sameClosingOutcome(String... pieces) throws IOException {
        compare(false, pieces);
    }

    private void compare(boolean sentinel, String... pieces) throws IOException {
        Outcome expected;
        Outcome actual;
        try (RespConnection reference = newReference()) {
            expected = run(reference, sentinel, pieces);
        }
        try (RespConnection ours = newOurs()) {
            actual = run(ours, sentinel, pieces);
        }
        assertThat(actual).as("outcome of %s", show(pieces)).isEqualTo(expected);
        if (!sentinel) {
            assertThat(actual.closed()).as("closed after %s", show(pieces)).isTrue();
        }
    }

    private static Outcome run(RespConnection connection, boolean sentinel, String... pieces) throws IOException {
        List<String> chunks = new ArrayList<>(List.of(pieces));
        if (sentinel) {
            chunks.add(SENTINEL);
        }
        for (String chunk : chunks) {
            try {
                connection.sendRaw(chunk.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                break; // the server closed already (after an error, or without a word): read what it sent
            }
        }
        List<String> replies = new ArrayList<>();
        while (true) {
            Resp reply;
            try {
                reply = connection.read();
            } catch (SocketException e) {
                reply = null; // reset: closed
            }
            if (reply == null) {
                assertThat(connection.isClosedByServer()).isTrue();
                return new Outcome(replies, true);
            }
            if (reply.type() == '+' && "RESET".equals(reply.text())) {
                return new Outcome(replies, false);
            }
            replies.add(reply.toString());
        }
    }

    private static String show(String... pieces) {
        List<String> shown = new ArrayList<>();
        for (String piece : pieces) {
            String text = piece.length() > 80 ? piece.substring(0, 80) + "...(" + piece.length() + " bytes)" : piece;
            shown.add(text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0"));
        }
        return String.join(" | ", shown);
    }
}
