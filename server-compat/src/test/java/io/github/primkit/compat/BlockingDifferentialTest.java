package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Differential tests of blocking commands. Each extra client is a {@link Client}: one connection to each server, sent
 * the same commands. A client that should block is sent its command without reading; {@link #awaitBlocked} then
 * waits until each server reports it blocked (INFO clients), so the order of blocked clients is fixed before anything
 * is pushed.
 */
abstract class BlockingDifferentialTest extends DifferentialTest {
    private static final Pattern BLOCKED = Pattern.compile("blocked_clients:(\\d+)");

    /** A client of both servers. */
    final class Client implements AutoCloseable {
        final RespConnection ours;
        final RespConnection reference;

        Client() throws IOException {
            ours = newOurs();
            reference = newReference();
        }

        /** Sends without reading (the command may block). */
        void send(Object... command) throws IOException {
            reference.send(command);
            ours.send(command);
        }

        /** Reads one reply from each server and asserts they are identical. */
        Resp sameReply(String what) throws IOException {
            Resp expected = reference.read();
            Resp actual = ours.read();
            assertThat(String.valueOf(actual)).as("reply to %s", what).isEqualTo(String.valueOf(expected));
            return actual;
        }

        /** Switches both connections to RESP3 (the HELLO replies differ: server name, version, id). */
        void resp3() throws IOException {
            assertThat(reference.call("HELLO", "3").isError()).isFalse();
            assertThat(ours.call("HELLO", "3").isError()).isFalse();
        }

        Resp same(Object... command) throws IOException {
            send(command);
            return sameReply(describe(command));
        }

        /** Sends a command that must block, and waits until both servers count {@code blocked} blocked clients. */
        void block(int blocked, Object... command) throws IOException {
            send(command);
            awaitBlocked(blocked);
        }

        @Override
        public void close() throws IOException {
            ours.close();
            reference.close();
        }
    }

    /** Waits (bounded) until both servers report {@code expected} blocked clients. */
    void awaitBlocked(int expected) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (RespConnection connection : new RespConnection[] {reference, ours}) {
            int blocked;
            while ((blocked = blockedClients(connection)) != expected) {
                if (System.nanoTime() > deadline) {
                    fail("%s blocked clients on %s, expected %s", blocked,
                            connection == ours ? "the bundled server" : "the reference", expected);
                }
                Thread.onSpinWait();
            }
        }
    }

    private static int blockedClients(RespConnection connection) throws IOException {
        Matcher matcher = BLOCKED.matcher(connection.call("INFO", "clients").text());
        assertThat(matcher.find()).as("INFO clients has blocked_clients").isTrue();
        return Integer.parseInt(matcher.group(1));
    }
}
