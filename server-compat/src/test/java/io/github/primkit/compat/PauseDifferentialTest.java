package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * CLIENT PAUSE and UNPAUSE on both servers: which commands a WRITE pause holds back (writes, EVAL, PUBLISH, a write
 * queued in MULTI) and which it lets through (reads, EVAL_RO), that a held-back client's pipeline waits behind its
 * command, that postponed clients count as blocked, and that UNPAUSE (or the end of the pause) runs them in order.
 */
class PauseDifferentialTest extends BlockingDifferentialTest {
    @Test
    void argumentErrors() throws IOException {
        same("CLIENT", "PAUSE");
        same("CLIENT", "PAUSE", "abc");
        same("CLIENT", "PAUSE", "-1");
        same("CLIENT", "PAUSE", "10", "foo");
        same("CLIENT", "PAUSE", "abc", "foo");
        same("CLIENT", "PAUSE", "10", "all", "x");
        same("CLIENT", "PAUSE", "9223372036854775807");
        same("CLIENT", "UNPAUSE", "x");
        same("CLIENT", "PAUSE", "0");
        same("CLIENT", "PAUSE", "0", "WRITE");
        same("SET", "after-zero-pause", "1");
        same("CLIENT", "UNPAUSE");
    }

    @Test
    void aWritePauseHoldsBackWritesAndLetsReadsThrough() throws IOException {
        same("SET", "n", "1");
        try (Client reader = new Client(); Client writer = new Client(); Client script = new Client();
                Client transaction = new Client(); Client publisher = new Client()) {
            same("CLIENT", "PAUSE", "60000", "WRITE");
            try {
                reader.same("GET", "n");
                reader.same("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "n");
                reader.same("CLIENT", "PAUSE", "60000", "WRITE"); // not a write: answered
                writer.send("INCR", "n");
                writer.send("GET", "n"); // pipelined behind the held-back INCR
                awaitBlocked(1);
                script.block(2, "EVAL", "return redis.call('INCRBY', KEYS[1], 10)", "1", "n");
                transaction.same("MULTI");
                transaction.block(3, "SET", "t", "x"); // held back before it is even queued
                publisher.block(4, "PUBLISH", "channel", "m");
                reader.same("GET", "n");
                same("INFO", "keyspace");
            } finally {
                same("CLIENT", "UNPAUSE");
            }
            writer.sameReply("INCR after UNPAUSE");
            writer.sameReply("GET pipelined behind it");
            script.sameReply("EVAL after UNPAUSE");
            transaction.sameReply("SET queued after UNPAUSE");
            transaction.same("EXEC");
            publisher.sameReply("PUBLISH after UNPAUSE");
            awaitBlocked(0);
            same("MGET", "n", "t");
        }
    }

    @Test
    void anExecWithAQueuedWriteIsHeldBackAndAReadOnlyOneIsNot() throws IOException {
        same("SET", "k", "v");
        try (Client readOnly = new Client(); Client writing = new Client()) {
            readOnly.same("MULTI");
            readOnly.same("GET", "k");
            writing.same("MULTI");
            writing.same("APPEND", "k", "w");
            same("CLIENT", "PAUSE", "60000", "WRITE");
            try {
                readOnly.same("EXEC");
                writing.block(1, "EXEC");
            } finally {
                same("CLIENT", "UNPAUSE");
            }
            writing.sameReply("EXEC after UNPAUSE");
            same("GET", "k");
        }
    }

    @Test
    void anAllPauseHoldsBackEveryCommandUntilItEnds() throws IOException {
        same("SET", "n", "5");
        try (Client other = new Client()) {
            long pausedAt = System.nanoTime();
            same("CLIENT", "PAUSE", "300", "ALL");
            other.send("GET", "n");
            other.send("INCR", "n");
            // Nothing can observe an ALL pause from inside (INFO is held back too): the replies come once it ends,
            // and never before its 300 ms are over.
            Resp ours = other.ours.read();
            long waitedMillis = (System.nanoTime() - pausedAt) / 1_000_000;
            assertThat(waitedMillis).as("ms until the bundled server's reply").isGreaterThanOrEqualTo(299);
            assertThat(String.valueOf(ours)).isEqualTo(String.valueOf(other.reference.read()));
            other.sameReply("INCR after the pause");
            same("GET", "n");
            awaitBlocked(0);
        }
    }
}
