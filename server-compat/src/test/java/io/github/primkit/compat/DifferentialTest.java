package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.server.PrimkitServer;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the differential tests: every command goes to the bundled server and to a real valkey-server 8.0 (Redis
 * 7.2 semantics, the reference), and the two replies must be identical, type marker and text included, errors too.
 *
 * <p>{@link #same} compares exactly; {@link #sameUnordered} sorts aggregate elements first, for replies whose order
 * Redis leaves to its hash tables (SMEMBERS, HGETALL, KEYS...).
 */
@RedisBackends(only = "valkey")
abstract class DifferentialTest {
    static PrimkitServer bundled;

    RespConnection ours;
    RespConnection reference;
    private String referenceHost;
    private int referencePort;

    @BeforeAll
    static void startBundled() {
        bundled = PrimkitServer.start();
    }

    @AfterAll
    static void stopBundled() {
        if (bundled != null) {
            bundled.close();
        }
    }

    @BeforeEach
    void connect(RedisBackend valkey) throws IOException {
        referenceHost = valkey.nodeUris().get(0).getHost();
        referencePort = valkey.nodeUris().get(0).getPort();
        ours = newOurs();
        reference = newReference();
        assertThat(ours.call("FLUSHALL").text()).isEqualTo("OK");
    }

    @AfterEach
    void disconnect() throws IOException {
        ours.close();
        reference.close();
    }

    /** Another connection to the bundled server (for multi-client scenarios); the caller closes it. */
    RespConnection newOurs() throws IOException {
        return new RespConnection(bundled.host(), bundled.port());
    }

    /** Another connection to the reference server; the caller closes it. */
    RespConnection newReference() throws IOException {
        return new RespConnection(referenceHost, referencePort);
    }

    /**
     * COMMAND INFO of each command on both servers: name, arity, flags (sorted), first key, last key and step must
     * match (the later fields, ACL categories and key specs, are compared elsewhere or not at all).
     */
    void sameCommandInfo(String... names) throws IOException {
        for (String name : names) {
            Resp expected = reference.call("COMMAND", "INFO", name).elements().get(0);
            Resp actual = ours.call("COMMAND", "INFO", name).elements().get(0);
            assertThat(actual.elements()).as("COMMAND INFO %s: %s", name, actual).isNotNull();
            for (int i = 0; i < 6; i++) {
                assertThat(actual.elements().get(i).sorted().toString()).as("COMMAND INFO %s field %d", name, i)
                        .isEqualTo(expected.elements().get(i).sorted().toString());
            }
        }
    }

    /** Sends the command to both servers and asserts identical replies; returns the reply. */
    Resp same(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(actual.toString()).as("reply to %s", describe(command)).isEqualTo(expected.toString());
        return actual;
    }

    /**
     * For time-dependent integer replies (PTTL): both servers answer an integer and they differ by at most
     * {@code tolerance} (the two calls happen a moment apart).
     */
    void sameWithin(long tolerance, Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(actual.type()).as("reply type to %s: %s", describe(command), actual).isEqualTo(expected.type());
        if (expected.type() == ':') {
            assertThat(Long.parseLong(actual.text())).as("reply to %s", describe(command))
                    .isBetween(Long.parseLong(expected.text()) - tolerance, Long.parseLong(expected.text()) + tolerance);
        } else {
            assertThat(actual.toString()).as("reply to %s", describe(command)).isEqualTo(expected.toString());
        }
    }

    /** For commands that answer with several replies (SUBSCRIBE a b ...): reads {@code count} from each. */
    void sameReplies(int count, boolean ordered, Object... command) throws IOException {
        reference.send(command);
        ours.send(command);
        java.util.List<Resp> expected = new java.util.ArrayList<>();
        java.util.List<Resp> actual = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            expected.add(reference.read());
            actual.add(ours.read());
        }
        assertThat(canonical(actual, ordered)).as("replies to %s", describe(command))
                .isEqualTo(canonical(expected, ordered));
    }

    /**
     * Replies as comparable text. Unordered replies (UNSUBSCRIBE with no arguments, in the server's hash order) are
     * sorted, and since the count each one ends with (subscriptions left) follows from that order, the replies are
     * compared without their counts and the counts separately, as a sorted list.
     */
    private static java.util.List<String> canonical(java.util.List<Resp> replies, boolean ordered) {
        java.util.List<String> out = new java.util.ArrayList<>();
        if (ordered) {
            replies.forEach(reply -> out.add(String.valueOf(reply)));
            return out;
        }
        java.util.List<String> counts = new java.util.ArrayList<>();
        for (Resp reply : replies) {
            java.util.List<Resp> elements = reply == null ? null : reply.elements();
            if (elements != null && !elements.isEmpty() && elements.get(elements.size() - 1).type() == ':') {
                counts.add(elements.get(elements.size() - 1).toString());
                out.add(new Resp(reply.type(), null, elements.subList(0, elements.size() - 1)).toString());
            } else {
                out.add(String.valueOf(reply));
            }
        }
        java.util.Collections.sort(out);
        java.util.Collections.sort(counts);
        out.addAll(counts);
        return out;
    }

    /**
     * Replies whose order the server leaves to its hash table (UNSUBSCRIBE with no argument...): each reply's
     * trailing count (subscriptions left) depends on that order, so replies are compared without it, sorted, and the
     * counts separately, sorted.
     */
    private static java.util.List<String> unordered(java.util.List<String> replies) {
        java.util.List<String> bodies = new java.util.ArrayList<>();
        java.util.List<String> counts = new java.util.ArrayList<>();
        java.util.regex.Pattern trailingCount = java.util.regex.Pattern.compile("^(.*), (:-?\\d+)]$");
        for (String reply : replies) {
            java.util.regex.Matcher m = trailingCount.matcher(reply);
            if (m.matches()) {
                bodies.add(m.group(1) + "]");
                counts.add(m.group(2));
            } else {
                bodies.add(reply);
            }
        }
        java.util.Collections.sort(bodies);
        java.util.Collections.sort(counts);
        bodies.addAll(counts);
        return bodies;
    }

    /** Like {@link #same}, ignoring the order of aggregate elements. */
    Resp sameUnordered(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(actual.sorted().toString()).as("reply to %s (order ignored)", describe(command))
                .isEqualTo(expected.sorted().toString());
        return actual;
    }

    /** Sends the command to both servers; asserts both reply with an error of the same code (the first word). */
    void sameErrorCode(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(expected.isError()).as("reference replies an error to %s", describe(command)).isTrue();
        assertThat(actual.isError()).as("reply to %s: %s", describe(command), actual).isTrue();
        assertThat(actual.text().split(" ")[0]).isEqualTo(expected.text().split(" ")[0]);
    }

    /** Switches both connections to RESP3. */
    void resp3() throws IOException {
        ours.call("HELLO", "3");
        reference.call("HELLO", "3");
    }

    static String describe(Object... command) {
        StringBuilder sb = new StringBuilder();
        for (Object part : command) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(part instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.ISO_8859_1) : part);
        }
        return sb.toString();
    }
}
