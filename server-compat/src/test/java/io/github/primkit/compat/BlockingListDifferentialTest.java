package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Blocking list commands, run identically against both servers. Each extra client is a {@link Client}: one
 * connection to each server, sent the same commands. A client that should block is sent its command without reading;
 * {@link #awaitBlocked} then waits until each server reports it blocked (INFO clients), so the order in which clients
 * block is fixed before anything is pushed. Timeouts are short and waited for by reading the reply, never by sleeping.
 */
class BlockingListDifferentialTest extends BlockingDifferentialTest {
    @Test
    void servesAtOnceWhenDataIsThere() throws IOException {
        try (Client a = new Client()) {
            same("RPUSH", "l", "a", "b", "c");
            a.same("BLPOP", "l", "0");
            a.same("BRPOP", "l", "0");
            a.same("BLMOVE", "l", "m", "RIGHT", "LEFT", "0");
            a.same("BLMPOP", "0", "1", "m", "LEFT", "COUNT", "5");
            same("EXISTS", "l", "m");
            awaitBlocked(0);
        }
    }

    @Test
    void aPushWakesABlockedClient() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "BLPOP", "missing", "l", "0");
            same("LPUSH", "l", "x");
            a.sameReply("BLPOP after LPUSH");
            awaitBlocked(0);
            same("EXISTS", "l");
            a.block(1, "BRPOP", "l", "5");
            same("RPUSH", "l", "1", "2");
            a.sameReply("BRPOP after RPUSH");
            same("LRANGE", "l", "0", "-1");
            a.same("PING");
        }
    }

    @Test
    void waitersAreServedInArrivalOrder() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client()) {
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BRPOP", "other", "l", "0");
            c.block(3, "BLPOP", "l", "0");
            same("RPUSH", "l", "first");
            a.sameReply("first waiter");
            awaitBlocked(2);
            same("RPUSH", "l", "second");
            b.sameReply("second waiter");
            awaitBlocked(1);
            same("RPUSH", "l", "third");
            c.sameReply("third waiter");
            awaitBlocked(0);
            same("EXISTS", "l");
        }
    }

    @Test
    void onePushOfSeveralElementsServesSeveralWaiters() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client(); Client d = new Client()) {
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BRPOP", "l", "0");
            c.block(3, "BLMPOP", "0", "1", "l", "LEFT", "COUNT", "2");
            d.block(4, "BLPOP", "l", "0");
            same("RPUSH", "l", "1", "2", "3", "4", "5");
            a.sameReply("a");
            b.sameReply("b");
            c.sameReply("c");
            d.sameReply("d");
            awaitBlocked(0);
            same("EXISTS", "l");
            // Fewer elements than waiters: the oldest are served, the others keep waiting.
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BLPOP", "l", "0");
            c.block(3, "BLPOP", "l", "0");
            same("LPUSH", "l", "x", "y");
            a.sameReply("a, second round");
            b.sameReply("b, second round");
            awaitBlocked(1);
            same("LPUSH", "l", "z");
            c.sameReply("c, second round");
        }
    }

    @Test
    void aClientBlockedOnSeveralKeysIsServedOnceFromTheFirstNonEmptyKey() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.block(1, "BLPOP", "k1", "k2", "k1", "0");
            b.block(2, "BLPOP", "k2", "0");
            same("MULTI");
            same("RPUSH", "k2", "from-k2");
            same("RPUSH", "k1", "from-k1");
            same("EXEC");
            a.sameReply("a: k2 became ready first, but k1 comes first in its command");
            b.sameReply("b");
            awaitBlocked(0);
            same("EXISTS", "k1", "k2");
        }
    }

    @Test
    void timeoutsReplyNull() throws IOException {
        try (Client a = new Client()) {
            a.same("BLPOP", "l", "0.05");
            a.same("BRPOP", "l", "m", ".05");
            a.same("BRPOPLPUSH", "l", "m", "0.05");
            a.same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0.05");
            a.same("BLMPOP", "0.05", "2", "l", "m", "LEFT", "COUNT", "3");
            a.same("BLPOP", "l", "0.001");
            a.resp3();
            a.same("BLPOP", "l", "0.05");
            a.same("BRPOPLPUSH", "l", "m", "0.05");
            a.same("BLMOVE", "l", "m", "LEFT", "RIGHT", "0.05");
            a.same("BLMPOP", "0.05", "1", "l", "RIGHT");
            awaitBlocked(0);
            a.same("PING");
        }
    }

    @Test
    void timeoutsAreParsedAndRoundedAsRedisDoes() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "BLPOP", "l", "-0.0001"); // rounds up to 0: forever
            same("RPUSH", "l", "x");
            a.sameReply("BLPOP with -0.0001");
            a.block(1, "BLPOP", "l", "-0");
            same("RPUSH", "l", "x");
            a.sameReply("BLPOP with -0");
            a.same("BLPOP", "l", "0x1p-5"); // C's hexadecimal floats: 1/32 s
            a.same("BLPOP", "l", "0x0.08");
            a.same("BLPOP", "l", "+1e-2");
            a.same("BLPOP", "l", "0x");
            a.same("BLPOP", "l", "0x1q");
            awaitBlocked(0);
        }
    }

    @Test
    void aTimedOutWaiterLeavesTheQueue() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.block(1, "BLPOP", "l", "0.1");
            b.block(2, "BLPOP", "l", "0");
            a.sameReply("a times out");
            awaitBlocked(1);
            same("RPUSH", "l", "x");
            b.sameReply("b is served");
            same("EXISTS", "l");
        }
    }

    @Test
    void blmoveChainsWakeWaitersOnTheDestination() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client()) {
            a.block(1, "BLMOVE", "s1", "s2", "LEFT", "RIGHT", "0");
            b.block(2, "BRPOPLPUSH", "s2", "s3", "0");
            c.block(3, "BLPOP", "s3", "0");
            same("RPUSH", "s1", "x");
            a.sameReply("a moves s1 to s2");
            b.sameReply("b moves s2 to s3");
            c.sameReply("c pops s3");
            awaitBlocked(0);
            same("EXISTS", "s1", "s2", "s3");
            // A rotation keeps the element in the list: every waiter on it sees it, then a plain pop takes it.
            a.block(1, "BLMOVE", "r", "r", "LEFT", "RIGHT", "0");
            b.block(2, "BLMOVE", "r", "r", "RIGHT", "LEFT", "0");
            c.block(3, "BLPOP", "r", "0");
            same("RPUSH", "r", "only");
            a.sameReply("a rotates");
            b.sameReply("b rotates");
            c.sameReply("c pops");
            awaitBlocked(0);
            same("EXISTS", "r");
        }
    }

    @Test
    void aPushInsideMultiWakesWaitersAfterExec() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BLMOVE", "l", "dst", "RIGHT", "LEFT", "0");
            same("MULTI");
            same("RPUSH", "l", "x", "y", "z");
            same("LLEN", "l");
            same("EXEC");
            a.sameReply("a after EXEC");
            b.sameReply("b after EXEC");
            same("LRANGE", "l", "0", "-1");
            same("LRANGE", "dst", "0", "-1");
            // Data pushed and taken again inside the transaction wakes nobody.
            a.block(1, "BLPOP", "l2", "0");
            same("MULTI");
            same("RPUSH", "l2", "x");
            same("LPOP", "l2");
            same("EXEC");
            awaitBlocked(1);
            same("RPUSH", "l2", "later");
            a.sameReply("a after the later push");
        }
    }

    @Test
    void blockingCommandsInsideMultiDoNotBlock() throws IOException {
        try (Client a = new Client()) {
            a.same("MULTI");
            a.same("BLPOP", "l", "0");
            a.same("BRPOPLPUSH", "l", "m", "0");
            a.same("BLMOVE", "l", "m", "LEFT", "LEFT", "0");
            a.same("BLMPOP", "0", "1", "l", "LEFT");
            a.same("EXEC");
            awaitBlocked(0);
        }
    }

    @Test
    void clientUnblockWithTimeoutOrError() throws IOException {
        try (Client a = new Client()) {
            long oursId = Long.parseLong(a.ours.call("CLIENT", "ID").text());
            long referenceId = Long.parseLong(a.reference.call("CLIENT", "ID").text());
            String[][] cases = {{"BLPOP", "l", "0"}, {"BLMOVE", "l", "m", "LEFT", "RIGHT", "0"},
                {"BRPOPLPUSH", "l", "m", "0"}, {"BLMPOP", "0", "1", "l", "LEFT"}};
            for (String[] command : cases) {
                for (String reason : new String[] {null, "TIMEOUT", "ERROR"}) {
                    a.block(1, (Object[]) command);
                    Resp expected = reason == null ? reference.call("CLIENT", "UNBLOCK", referenceId)
                            : reference.call("CLIENT", "UNBLOCK", referenceId, reason);
                    Resp actual = reason == null ? ours.call("CLIENT", "UNBLOCK", oursId)
                            : ours.call("CLIENT", "UNBLOCK", oursId, reason);
                    assertThat(actual.toString()).as("CLIENT UNBLOCK %s", reason).isEqualTo(expected.toString());
                    a.sameReply(describe((Object[]) command) + " unblocked with " + reason);
                    awaitBlocked(0);
                }
            }
            // Not blocked: 0.
            assertThat(ours.call("CLIENT", "UNBLOCK", oursId).toString())
                    .isEqualTo(reference.call("CLIENT", "UNBLOCK", referenceId).toString());
            // The unblocked client left the queue: a push stays in the list.
            same("RPUSH", "l", "x");
            same("LLEN", "l");
            a.same("PING");
        }
    }

    @Test
    void aDisconnectedWaiterLeavesTheQueue() throws IOException {
        try (Client b = new Client()) {
            Client a = new Client();
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BLPOP", "l", "0");
            a.close();
            awaitBlocked(1);
            same("RPUSH", "l", "x", "y");
            b.sameReply("b is served, not the closed client");
            same("LRANGE", "l", "0", "-1");
            Client c = new Client();
            c.block(1, "BLMOVE", "l2", "dst", "LEFT", "RIGHT", "0");
            c.close();
            awaitBlocked(0);
            same("RPUSH", "l2", "x");
            same("EXISTS", "dst");
        }
    }

    @Test
    void pipelinedCommandsWaitForTheBlockedOne() throws IOException {
        try (Client a = new Client()) {
            a.send("BLPOP", "l", "0");
            a.send("RPUSH", "after", "1");
            a.send("PING");
            awaitBlocked(1);
            same("EXISTS", "after");
            same("RPUSH", "l", "x");
            a.sameReply("BLPOP");
            a.sameReply("RPUSH after");
            a.sameReply("PING");
            same("LRANGE", "after", "0", "-1");
            // Pipelined after a blocking command that times out, too.
            a.send("BLPOP", "l", "0.05");
            a.send("RPUSH", "after", "2");
            a.sameReply("BLPOP timeout");
            a.sameReply("RPUSH after");
            same("LRANGE", "after", "0", "-1");
        }
    }

    @Test
    void anErrorWhenServedIsTheReply() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.block(1, "BLMOVE", "src", "dst", "LEFT", "RIGHT", "0");
            b.block(2, "BLPOP", "src", "0");
            same("SET", "dst", "string");
            same("RPUSH", "src", "x");
            a.sameReply("BLMOVE to a string");
            b.sameReply("the next waiter gets the element");
            awaitBlocked(0);
        }
    }

    @Test
    void aKeyOfAnotherTypeDoesNotServeListWaiters() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "BLPOP", "k", "0");
            same("SET", "tmp", "string");
            same("RENAME", "tmp", "k");
            same("COPY", "k", "k2");
            awaitBlocked(1);
            same("DEL", "k");
            same("RPUSH", "tmp", "x");
            same("RENAME", "tmp", "k");
            a.sameReply("BLPOP after RENAME of a list");
            awaitBlocked(0);
        }
    }

    @Test
    void waitersAreServedPerDatabase() throws IOException {
        try (Client a = new Client()) {
            a.same("SELECT", "1");
            a.block(1, "BLPOP", "l", "0");
            same("RPUSH", "l", "db0");
            awaitBlocked(1);
            same("SELECT", "1");
            same("RPUSH", "l", "db1");
            a.sameReply("BLPOP in db 1");
            same("LLEN", "l");
            same("SELECT", "0");
            same("LLEN", "l");
            same("FLUSHALL");
        }
    }

    @Test
    void blmpopAfterBlockingPopsUpToCount() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.block(1, "BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "3");
            b.block(2, "BLMPOP", "0", "2", "b", "a", "LEFT", "COUNT", "3");
            same("RPUSH", "b", "1", "2");
            a.sameReply("a takes both");
            awaitBlocked(1);
            same("RPUSH", "a", "1", "2", "3", "4");
            b.sameReply("b takes three");
            same("LRANGE", "a", "0", "-1");
        }
    }

    @Test
    void waitersInResp3() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            a.resp3();
            b.resp3();
            a.block(1, "BLPOP", "l", "0");
            b.block(2, "BLMPOP", "0", "1", "l", "LEFT", "COUNT", "2");
            same("RPUSH", "l", "1", "2", "3");
            a.sameReply("a");
            b.sameReply("b");
            a.block(1, "BLMOVE", "l2", "d", "LEFT", "LEFT", "0");
            same("RPUSH", "l2", "1");
            a.sameReply("BLMOVE");
        }
    }
}
