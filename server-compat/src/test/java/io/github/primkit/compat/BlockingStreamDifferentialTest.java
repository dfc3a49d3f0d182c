package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * XREAD/XREADGROUP with BLOCK, run identically against both servers. Each extra client has one connection to each
 * server; a client that should block is sent its command without reading, then {@link #awaitBlocked} waits until both
 * servers count it blocked (INFO clients), so the order in which clients block is fixed before anything is added.
 * Timeouts are short and waited for by reading the reply, never by sleeping.
 */
class BlockingStreamDifferentialTest extends BlockingDifferentialTest {
    @Test
    void xaddFromAnotherConnectionWakesXread() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            same("XADD", "s", "1-1", "f", "v");
            a.sameReply("XREAD $ after XADD");
            awaitBlocked(0);
            // '$' means entries after the last ID when the client blocked, whatever arrives meanwhile.
            a.block(1, "XREAD", "BLOCK", "0", "COUNT", "1", "STREAMS", "other", "s", "$", "$");
            same("XADD", "s", "2-1", "f", "v");
            a.sameReply("XREAD on two keys");
            a.same("PING");
        }
    }

    @Test
    void dataAlreadyThereIsServedWithoutBlocking() throws IOException {
        try (Client a = new Client()) {
            same("XADD", "s", "1-1", "f", "v");
            a.same("XREAD", "BLOCK", "0", "STREAMS", "s", "0");
            same("XGROUP", "CREATE", "s", "g", "0");
            a.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            a.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", "0");
            awaitBlocked(0);
        }
    }

    @Test
    void waitersAreReRunInArrivalOrderAndReblockAtTheBack() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client()) {
            same("XADD", "s", "1-1", "f", "v");
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "5-0");
            b.block(2, "XREAD", "BLOCK", "0", "STREAMS", "s", "1-1");
            c.block(3, "XREAD", "BLOCK", "0", "STREAMS", "s", "1-1");
            same("XADD", "s", "2-1", "f", "v");
            b.sameReply("b");
            c.sameReply("c");
            awaitBlocked(1);
            same("XADD", "s", "6-1", "f", "v");
            a.sameReply("a");
            awaitBlocked(0);
        }
    }

    @Test
    void groupReadersShareNewEntriesInArrivalOrder() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client()) {
            same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            a.block(1, "XREADGROUP", "GROUP", "g", "ca", "BLOCK", "0", "COUNT", "1", "STREAMS", "s", ">");
            b.block(2, "XREADGROUP", "GROUP", "g", "cb", "BLOCK", "0", "STREAMS", "s", ">");
            c.block(3, "XREADGROUP", "GROUP", "g", "cc", "BLOCK", "0", "STREAMS", "s", ">");
            same("MULTI");
            same("XADD", "s", "1-1", "f", "1");
            same("XADD", "s", "2-1", "f", "2");
            same("EXEC");
            a.sameReply("a takes one");
            b.sameReply("b takes the rest");
            awaitBlocked(1);
            same("XPENDING", "s", "g");
            same("XADD", "s", "3-1", "f", "3");
            c.sameReply("c");
            same("XPENDING", "s", "g");
            same("XINFO", "GROUPS", "s");
        }
    }

    @Test
    void deletedGroupOrStreamWakesGroupReadersWithAnError() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            a.block(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            same("XGROUP", "DESTROY", "s", "g");
            a.sameReply("XREADGROUP after XGROUP DESTROY");
            same("XGROUP", "CREATE", "s", "g", "$");
            a.block(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            b.block(2, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            same("DEL", "s");
            a.sameReply("XREADGROUP after DEL");
            awaitBlocked(1);
            same("XADD", "s", "1-1", "f", "v");
            b.sameReply("XREAD after the stream is created again");
            same("XGROUP", "CREATE", "s", "g", "$");
            a.block(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            same("SET", "s", "string");
            a.sameReply("XREADGROUP after the key became a string");
            same("DEL", "s");
            same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            same("XADD", "t", "1-1", "f", "v");
            a.block(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            same("RENAME", "t", "s");
            a.sameReply("XREADGROUP after RENAME over the stream");
            awaitBlocked(0);
        }
    }

    @Test
    void groupBookkeepingDoesNotWakeReaders() throws IOException {
        try (Client a = new Client()) {
            same("XADD", "s", "1-1", "f", "v");
            same("XGROUP", "CREATE", "s", "g", "$");
            a.block(1, "XREADGROUP", "GROUP", "g", "c1", "BLOCK", "0", "STREAMS", "s", ">");
            same("XGROUP", "SETID", "s", "g", "0");
            same("XACK", "s", "g", "1-1");
            same("XGROUP", "CREATECONSUMER", "s", "g", "c2");
            same("RPUSH", "list", "x");
            awaitBlocked(1);
            same("XADD", "s", "2-1", "f", "v");
            a.sameReply("XREADGROUP gets everything after the group's (moved) last ID");
            same("XPENDING", "s", "g");
        }
    }

    @Test
    void aKeyOfAnotherTypeDoesNotServeXread() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "k", "0");
            same("RPUSH", "k", "x");
            awaitBlocked(1);
            same("DEL", "k");
            awaitBlocked(1);
            same("XADD", "k", "1-1", "f", "v");
            a.sameReply("XREAD after the key became a stream");
        }
    }

    @Test
    void timeoutsAndUnblock() throws IOException {
        try (Client a = new Client()) {
            a.send("XREAD", "BLOCK", "50", "STREAMS", "s", "0");
            a.send("PING");
            a.sameReply("XREAD times out");
            a.sameReply("PING pipelined after it");
            same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            a.same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "30", "STREAMS", "s", ">");
            // A re-run that finds nothing keeps the original deadline.
            a.send("XREAD", "BLOCK", "200", "STREAMS", "s", "100-0");
            awaitBlocked(1);
            same("XADD", "s", "1-1", "f", "v");
            a.sameReply("XREAD times out after being re-run");
            long oursId = Long.parseLong(a.ours.call("CLIENT", "ID").text());
            long referenceId = Long.parseLong(a.reference.call("CLIENT", "ID").text());
            same("XGROUP", "CREATE", "s", "g2", "$");
            for (String reason : new String[] {"TIMEOUT", "ERROR"}) {
                a.block(1, "XREADGROUP", "GROUP", "g2", "c", "BLOCK", "0", "STREAMS", "s", ">");
                assertThat(ours.call("CLIENT", "UNBLOCK", oursId, reason).toString())
                        .isEqualTo(reference.call("CLIENT", "UNBLOCK", referenceId, reason).toString());
                a.sameReply("XREADGROUP unblocked with " + reason);
                awaitBlocked(0);
            }
        }
    }

    @Test
    void xaddInsideMultiWakesAfterExec() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            same("MULTI");
            same("XADD", "s", "1-1", "a", "1");
            same("XADD", "s", "2-1", "b", "2");
            same("EXEC");
            a.sameReply("XREAD after EXEC");
            // Added and trimmed away in the same transaction: the re-run finds nothing and blocks again.
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            same("MULTI");
            same("XADD", "s", "3-1", "c", "3");
            same("XTRIM", "s", "MAXLEN", "0");
            same("EXEC");
            awaitBlocked(1);
            same("XADD", "s", "4-1", "d", "4");
            a.sameReply("XREAD after a later XADD");
        }
    }

    @Test
    void blockedReadersInResp3() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.resp3();
            b.resp3();
            same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
            a.block(1, "XREAD", "BLOCK", "0", "STREAMS", "s", "$");
            b.block(2, "XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
            same("XADD", "s", "1-1", "f", "v");
            a.sameReply("XREAD in RESP3");
            b.sameReply("XREADGROUP in RESP3");
            a.send("XREAD", "BLOCK", "20", "STREAMS", "s", "$");
            a.sameReply("timeout in RESP3");
        }
    }
}
