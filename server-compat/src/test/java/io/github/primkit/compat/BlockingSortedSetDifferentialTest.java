package io.github.primkit.compat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * BZPOPMIN, BZPOPMAX and BZMPOP, run identically against both servers (the same harness as
 * {@link BlockingListDifferentialTest}: clients block in a fixed order, confirmed through INFO clients, before anything
 * is written; timeouts are short and waited for by reading the reply).
 */
class BlockingSortedSetDifferentialTest extends BlockingDifferentialTest {
    @Test
    void servesAtOnceWhenDataIsThere() throws IOException {
        try (Client a = new Client()) {
            same("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
            a.same("BZPOPMIN", "z", "0");
            a.same("BZPOPMAX", "none", "z", "0");
            a.same("BZMPOP", "0", "1", "z", "MIN", "COUNT", "5");
            same("EXISTS", "z");
            awaitBlocked(0);
        }
    }

    @Test
    void aWriteFromAnotherClientWakesBlockedClientsInArrivalOrder() throws IOException {
        try (Client a = new Client(); Client b = new Client(); Client c = new Client()) {
            a.block(1, "BZPOPMIN", "missing", "z", "0");
            b.block(2, "BZMPOP", "0", "2", "other", "z", "MAX", "COUNT", "2");
            c.block(3, "BZPOPMAX", "z", "0");
            same("ZADD", "z", "1", "a", "2", "b", "3", "c");
            a.sameReply("a");
            b.sameReply("b");
            awaitBlocked(1);
            same("ZINCRBY", "z", "5", "x");
            c.sameReply("c");
            awaitBlocked(0);
            same("EXISTS", "z");
        }
    }

    @Test
    void storeCommandsAndTransactionsWake() throws IOException {
        try (Client a = new Client(); Client b = new Client()) {
            same("ZADD", "src", "1", "a", "2", "b");
            a.block(1, "BZPOPMIN", "k1", "k2", "k1", "0");
            b.block(2, "BZPOPMAX", "k2", "0");
            same("MULTI");
            same("ZADD", "k2", "5", "from-k2");
            same("ZUNIONSTORE", "k1", "1", "src");
            same("EXEC");
            a.sameReply("a: k1 comes first in its command");
            b.sameReply("b");
            awaitBlocked(0);
            a.block(1, "BZMPOP", "0", "1", "dst", "MIN");
            same("ZRANGESTORE", "dst", "src", "0", "0");
            a.sameReply("after ZRANGESTORE");
            a.block(1, "BZPOPMIN", "moved", "0");
            same("RENAME", "k1", "moved");
            a.sameReply("after RENAME");
            same("ZADD", "c", "1", "x");
            a.block(1, "BZPOPMIN", "copied", "0");
            same("COPY", "c", "copied");
            a.sameReply("after COPY");
        }
    }

    @Test
    void anotherTypeDoesNotServeAndAnEarlierWrongTypeKeyIsAnError() throws IOException {
        try (Client a = new Client()) {
            a.block(1, "BZPOPMIN", "k", "0");
            same("SET", "k", "string");
            same("LPUSH", "other", "x");
            awaitBlocked(1);
            same("DEL", "k");
            same("ZADD", "k", "1", "m");
            a.sameReply("served once k holds a sorted set");
            awaitBlocked(0);
            same("SET", "str", "x");
            a.same("BZPOPMIN", "str", "k", "0");
            // Every key's type is checked before blocking: a string after a missing key is an error at once.
            a.same("BZPOPMIN", "k", "str", "0");
            a.same("BZMPOP", "0", "2", "k", "str", "MIN");
            awaitBlocked(0);
        }
    }

    @Test
    void timeoutsReplyNull() throws IOException {
        try (Client a = new Client()) {
            a.same("BZPOPMIN", "z", "0.05");
            a.same("BZPOPMAX", "z", "y", ".05");
            a.same("BZMPOP", "0.05", "2", "z", "y", "MIN", "COUNT", "3");
            a.resp3();
            a.same("BZPOPMIN", "z", "0.05");
            a.same("BZMPOP", "0.05", "1", "z", "MAX");
            awaitBlocked(0);
            a.same("PING");
            same("ZADD", "z", "1", "a");
            a.same("BZMPOP", "0.05", "1", "z", "MAX");
        }
    }
}
