package io.github.primkit.compat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ConnectionDifferentialTest extends DifferentialTest {
    @Test
    void pingEchoAndErrors() throws IOException {
        same("PING");
        same("PING", "hello");
        same("PING", "a", "b");
        same("ECHO", "x");
        same("ECHO");
        same("NOSUCHCOMMAND", "a", "b");
        same("GET");
        same("CLIENT", "NOSUCH");
        same("CLIENT");
        same("CLIENT", "SETNAME", "has space");
        same("CLIENT", "SETNAME", "good-name");
        same("CLIENT", "GETNAME");
        same("CLIENT", "SETINFO", "LIB-NAME", "lettuce");
        same("CLIENT", "SETINFO", "BOGUS", "x");
        same("AUTH", "x");
        same("AUTH", "default", "x");
        same("HELLO", "4");
        same("HELLO", "x");
        same("HELLO", "2", "BOGUS");
        same("CLIENT", "UNBLOCK", "999999");
        same("CLIENT", "UNBLOCK", "abc");
    }

    @Test
    void resp3RepliesUseRichTypes() throws IOException {
        resp3();
        same("SET", "f", "1.5");
        same("GET", "missing");
        same("MGET", "missing", "f");
        same("INCRBYFLOAT", "f", "1");
        same("CONFIG", "GET", "maxmemory-policy");
        same("PING");
    }

    @Test
    void transactions() throws IOException {
        same("MULTI");
        same("SET", "a", "1");
        same("INCR", "a");
        same("GET", "a");
        same("EXEC");
        same("EXEC");
        same("DISCARD");
        same("MULTI");
        same("MULTI");
        same("SET", "a");
        same("NOSUCH");
        same("SET", "a", "2");
        same("EXEC");
        same("GET", "a");
        same("MULTI");
        same("SET", "s", "x");
        same("INCR", "s");
        same("EXEC");
        same("MULTI");
        same("WATCH", "a");
        same("DISCARD");
        // SUBSCRIBE is allowed inside MULTI: its confirmation comes back inside EXEC's reply.
        same("MULTI");
        same("SUBSCRIBE", "in-multi");
        same("EXEC");
        same("PING");
        sameReplies(1, true, "UNSUBSCRIBE", "in-multi");
    }

    @Test
    void watchIsBrokenByAnotherClientsWrite() throws IOException {
        same("SET", "w", "1");
        same("WATCH", "w");
        try (RespConnection otherOurs = newOurs(); RespConnection otherReference = newReference()) {
            otherOurs.call("SET", "w", "2");
            otherReference.call("SET", "w", "2");
        }
        same("MULTI");
        same("INCR", "w");
        same("EXEC");
        same("GET", "w");
        same("WATCH", "w");
        same("MULTI");
        same("INCR", "w");
        same("EXEC");
    }

    @Test
    void publishWithoutSubscribersAndPubsubIntrospection() throws IOException {
        same("PUBLISH", "ch", "msg");
        same("PUBSUB", "NUMSUB", "ch");
        same("PUBSUB", "NUMPAT");
        same("PUBSUB", "CHANNELS");
        sameReplies(2, true, "SUBSCRIBE", "ch1", "ch2");
        same("PING");
        same("PING", "x");
        same("GET", "x");
        same("PUBSUB", "NUMSUB", "ch1");
        sameReplies(1, true, "UNSUBSCRIBE", "ch1");
        sameReplies(1, false, "UNSUBSCRIBE");
        // Not subscribed: Redis 7.x answers [unsubscribe, nil, 0]; Valkey 8 changed it to a NOSUB error. We follow
        // Redis (docs/compatibility.md), and redis-server 7.0 agrees.
        org.assertj.core.api.Assertions.assertThat(ours.call("UNSUBSCRIBE").toString())
                .isEqualTo("*[$unsubscribe, $(nil), :0]");
        sameReplies(2, true, "PSUBSCRIBE", "news.*", "sport.*");
        same("PUBSUB", "NUMPAT");
        // Without arguments the order (and so each reply's remaining count) follows the server's hash order, which
        // Redis leaves unspecified: leave one pattern for the argument-less form.
        sameReplies(1, true, "PUNSUBSCRIBE", "news.*");
        sameReplies(1, false, "PUNSUBSCRIBE");
        same("GET", "x");
    }

    @Test
    void waitWithoutReplicas() throws IOException {
        same("WAIT", "0", "0");
        same("WAIT", "-1", "0");
        same("WAIT", "1", "50"); // blocks 50 ms: no replica acknowledges
        same("WAIT", "1", "x");
        same("WAIT", "x", "1");
        same("WAIT", "1", "-1");
        same("WAIT", "1", "1.5");
        same("WAIT", "1");
        same("MULTI");
        same("WAIT", "1", "0"); // inside MULTI it may not block: answers at once
        same("EXEC");
    }
}
