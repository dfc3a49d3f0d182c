package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * CLIENT TRACKING (server-assisted client-side caching, Redis 7.2 semantics) against the reference: the options of
 * CLIENT TRACKING, CLIENT CACHING, CLIENT GETREDIR and CLIENT TRACKINGINFO and their errors, and the invalidation
 * messages themselves, in the default mode (the keys a client read), BCAST mode (every key, or the keys under its
 * prefixes), OPTIN and OPTOUT, NOLOOP, REDIRECT to a RESP2 subscriber of {@code __redis__:invalidate} or to a RESP3
 * connection, and a redirect whose client went away.
 *
 * <p>Each tracking client is a {@link Client}: one connection to each server, sent the same commands; the base
 * connections ({@link #same}) are the other client, the one that writes. Invalidations are read deterministically
 * by {@link Client#pushes}: once the command that causes them has been answered, it sends PING on the tracking
 * connections and reads everything that comes before the PING's reply, replies still due included (a client's own
 * writes are invalidated after their reply), and compares the two sequences, frame by frame. The default mode sends
 * one message per key as the key changes; BCAST collects the keys the commands read together (one pipeline, one
 * transaction) wrote and sends them once those commands are done, one message per prefix, keys sorted: so a write
 * pipelined by another client is sent as one write ({@link #samePipeline}), and the tracking client's own BCAST
 * writes are answered before the PING is sent (a PING read with them would be answered before their invalidation).
 *
 * <p>Client ids differ between the servers: a command naming one (REDIRECT) is built per server from each server's
 * CLIENT ID ({@link Client#sameFor}), and an integer equal to that id in a reply or a push (GETREDIR, TRACKINGINFO's
 * redirect, {@code tracking-redir-broken}) is compared as {@code <id>}. redis-server 7.0.15 answers every case here
 * as valkey 8.0 does.
 */
class TrackingDifferentialTest extends DifferentialTest {
    /** The PING argument that ends a read of pushes. */
    private static final String END = "end-of-pushes";

    /** Stands for the target client's id in a command; {@link Client#sameFor} puts each server's id in its place. */
    private static final Object TARGET = new Object() {
        @Override
        public String toString() {
            return "<id>";
        }
    };

    private static final Pattern INFO_FIELDS = Pattern.compile("(?:^| )((?:flags|redir)=\\S*)");

    /** One client's id on each server. */
    record Ids(long reference, long ours) {
    }

    /** A client of both servers, sent the same commands. */
    final class Client implements AutoCloseable {
        final RespConnection ours;
        final RespConnection reference;

        /** A new connection to each server, switched to RESP3 if asked (HELLO's replies differ: name, version, id). */
        Client(boolean resp3) throws IOException {
            ours = newOurs();
            reference = newReference();
            if (resp3) {
                assertThat(reference.call("HELLO", "3").isError()).isFalse();
                assertThat(ours.call("HELLO", "3").isError()).as("HELLO 3 on the bundled server").isFalse();
            }
        }

        Resp same(Object... command) throws IOException {
            return sameFor(null, command);
        }

        /**
         * Sends the command with {@link #TARGET} replaced by the target's id on each server, and compares the replies
         * with any integer equal to that id read as {@code <id>}.
         */
        Resp sameFor(Ids target, Object... command) throws IOException {
            Resp expected = placeholder(reference.call(substitute(command, target, true)), target, true);
            Resp actual = placeholder(ours.call(substitute(command, target, false)), target, false);
            assertThat(String.valueOf(actual)).as("reply to %s", describe(command))
                    .isEqualTo(String.valueOf(expected));
            return actual;
        }

        /** Sends without reading (the reply is read, with the pushes after it, by {@link #pushes}). */
        void send(Object... command) throws IOException {
            reference.send(command);
            ours.send(command);
        }

        /** Sends the commands as one write (one pipeline) to each server, without reading. */
        void sendPipeline(Object[]... commands) throws IOException {
            byte[] bytes = pipeline(commands);
            reference.sendRaw(bytes);
            ours.sendRaw(bytes);
        }

        /** The client's CLIENT ID on each server. */
        Ids id() throws IOException {
            return new Ids(Long.parseLong(reference.call("CLIENT", "ID").text()),
                    Long.parseLong(ours.call("CLIENT", "ID").text()));
        }

        /** {@link #pushes(int, String, Ids)} with no client id in the frames. */
        void pushes(int count, String what) throws IOException {
            pushes(count, what, null);
        }

        /**
         * Sends PING to both servers and reads each connection up to the PING's reply: the frames before it (pushes,
         * RESP2 pub/sub messages, replies still due) must be the same on both servers, and the reference must have
         * sent {@code count} of them (so that a comparison of nothing with nothing is what the test means).
         */
        void pushes(int count, String what, Ids target) throws IOException {
            List<String> expected = untilEnd(reference, target == null ? null : target.reference());
            List<String> actual = untilEnd(ours, target == null ? null : target.ours());
            assertThat(actual).as("frames before PING's reply: %s", what).isEqualTo(expected);
            assertThat(expected).as("the reference's frames before PING's reply: %s", what).hasSize(count);
        }

        /** CLIENT INFO's flags= and redir= fields on both servers, redir compared as {@code <id>} if the target's. */
        void sameInfoFields(Ids target) throws IOException {
            String expected = infoFields(reference.call("CLIENT", "INFO").text(), target, true);
            String actual = infoFields(ours.call("CLIENT", "INFO").text(), target, false);
            assertThat(actual).as("flags and redir of CLIENT INFO").isEqualTo(expected);
        }

        @Override
        public void close() throws IOException {
            ours.close();
            reference.close();
        }
    }

    /** The frames up to and without the reply to PING {@link #END}, as text, {@code id} read as {@code <id>}. */
    private static List<String> untilEnd(RespConnection connection, Long id) throws IOException {
        connection.send("PING", END);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Resp frame = connection.read();
            if (frame == null) {
                fail("the connection closed before PING's reply; read so far: %s", frames);
            }
            if (isEnd(frame)) {
                return frames;
            }
            frames.add(String.valueOf(placeholder(frame, id)));
        }
        return fail("no reply to PING after 1000 frames: %s", frames);
    }

    /** PING's reply: the bulk argument, or (RESP2, subscribed) {@code [pong, argument]}. */
    private static boolean isEnd(Resp frame) {
        if (frame.type() == '$') {
            return END.equals(frame.text());
        }
        List<Resp> elements = frame.elements();
        return frame.type() == '*' && elements != null && elements.size() == 2
                && "pong".equals(elements.get(0).text()) && END.equals(elements.get(1).text());
    }

    private static Object[] substitute(Object[] command, Ids target, boolean reference) {
        Object[] out = command.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] == TARGET) {
                out[i] = String.valueOf(reference ? target.reference() : target.ours());
            }
        }
        return out;
    }

    private static Resp placeholder(Resp reply, Ids target, boolean reference) {
        return target == null ? reply : placeholder(reply, reference ? target.reference() : target.ours());
    }

    /** The reply with every integer equal to {@code id} replaced by {@code :<id>}, at every depth. */
    private static Resp placeholder(Resp reply, Long id) {
        if (reply == null || id == null) {
            return reply;
        }
        if (reply.elements() == null) {
            return reply.type() == ':' && String.valueOf(id).equals(reply.text()) ? new Resp(':', "<id>", null) : reply;
        }
        List<Resp> elements = new ArrayList<>();
        reply.elements().forEach(e -> elements.add(placeholder(e, id)));
        return new Resp(reply.type(), reply.text(), elements);
    }

    private static String infoFields(String info, Ids target, boolean reference) {
        StringBuilder out = new StringBuilder();
        Matcher matcher = INFO_FIELDS.matcher(info == null ? "" : info.strip());
        while (matcher.find()) {
            out.append(out.length() == 0 ? "" : " ").append(matcher.group(1));
        }
        String fields = out.toString();
        if (target != null) {
            fields = fields.replace("redir=" + (reference ? target.reference() : target.ours()), "redir=<id>");
        }
        return fields;
    }

    private static byte[] pipeline(Object[]... commands) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object[] command : commands) {
            bytes.writeBytes(RespConnection.encode(command));
        }
        return bytes.toByteArray();
    }

    private static Object[] cmd(Object... command) {
        return command;
    }

    /** Sends the commands to both servers as one pipeline (one write) and compares the replies. */
    void samePipeline(Object[]... commands) throws IOException {
        byte[] bytes = pipeline(commands);
        reference.sendRaw(bytes);
        ours.sendRaw(bytes);
        for (Object[] command : commands) {
            Resp expected = reference.read();
            Resp actual = ours.read();
            assertThat(String.valueOf(actual)).as("pipelined reply to %s", describe(command))
                    .isEqualTo(String.valueOf(expected));
        }
    }

    /** Waits (bounded) until {@code key} has expired on both servers, polling EXISTS on the writing connections. */
    void awaitGone(String key) throws IOException {
        awaitOn(reference, "EXISTS " + key + " = 0", c -> "0".equals(c.call("EXISTS", key).text()));
        awaitOn(ours, "EXISTS " + key + " = 0", c -> "0".equals(c.call("EXISTS", key).text()));
    }

    /** Waits (bounded) until each server no longer lists the client (it has seen the connection close). */
    void awaitDisconnected(Ids client) throws IOException {
        awaitOn(reference, "client " + client.reference() + " gone",
                c -> !String.valueOf(c.call("CLIENT", "LIST", "ID", client.reference()).text()).contains("id="));
        awaitOn(ours, "client " + client.ours() + " gone",
                c -> !String.valueOf(c.call("CLIENT", "LIST", "ID", client.ours()).text()).contains("id="));
    }

    private interface Check {
        boolean holds(RespConnection connection) throws IOException;
    }

    private void awaitOn(RespConnection connection, String what, Check check) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!check.holds(connection)) {
            if (System.nanoTime() > deadline) {
                fail("%s on %s: not after 10 s", what, connection == ours ? "the bundled server" : "the reference");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    // ---- Options and errors ----------------------------------------------------------------------------------------

    @Test
    void argumentErrors() throws IOException {
        same("CLIENT", "TRACKING");
        same("CLIENT", "TRACKING", "maybe");
        same("CLIENT", "TRACKING", "ON", "BOGUS");
        same("CLIENT", "TRACKING", "ON", "REDIRECT");
        same("CLIENT", "TRACKING", "ON", "PREFIX");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "abc");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "999999");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "0");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "-1");
        same("CLIENT", "TRACKING", "ON", "PREFIX", "a");
        same("CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT");
        same("CLIENT", "TRACKING", "ON", "BCAST", "OPTIN");
        same("CLIENT", "TRACKING", "ON", "OPTOUT", "BCAST");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p", "OPTIN");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a", "PREFIX", "ab");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "x", "PREFIX", "x");
        // The order of the checks: options are parsed left to right (an unknown one is a syntax error, a REDIRECT
        // to a missing client fails there), then the combination of modes is checked.
        same("CLIENT", "TRACKING", "ON", "BOGUS", "REDIRECT", "999999");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "999999", "BOGUS");
        same("CLIENT", "TRACKING", "ON", "OPTIN", "OPTOUT", "REDIRECT", "999999");
        same("CLIENT", "TRACKING", "ON", "REDIRECT", "999999", "PREFIX", "p");
        same("CLIENT", "TRACKINGINFO");
        // OFF parses its options too, and checks no combination.
        same("CLIENT", "TRACKING", "OFF", "BOGUS");
        same("CLIENT", "TRACKING", "OFF", "REDIRECT", "999999");
        same("CLIENT", "TRACKING", "OFF", "OPTIN", "OPTOUT");
        same("CLIENT", "TRACKING", "OFF", "BCAST", "PREFIX", "a", "PREFIX", "ab");
        same("CLIENT", "TRACKING", "OFF", "PREFIX", "a");
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKING", "OFF");
        // CLIENT CACHING: tracking first ("... with OPTIN or OPTOUT mode enabled", though the default mode passes
        // that check), then the argument, then the mode it needs.
        same("CLIENT", "CACHING");
        same("CLIENT", "CACHING", "YES", "x");
        same("CLIENT", "CACHING", "YES");
        same("CLIENT", "CACHING", "NO");
        same("CLIENT", "CACHING", "maybe");
        same("CLIENT", "GETREDIR", "x");
        same("CLIENT", "TRACKINGINFO", "x");
        same("CLIENT", "TRACKING", "ON");
        same("CLIENT", "CACHING", "YES");
        same("CLIENT", "CACHING", "NO");
        same("CLIENT", "CACHING", "maybe");
        same("CLIENT", "TRACKING", "ON", "OPTOUT");
        same("CLIENT", "CACHING", "maybe");
        same("CLIENT", "CACHING", "yes");
        same("CLIENT", "CACHING", "no");
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKING", "ON", "OPTIN");
        same("CLIENT", "CACHING", "NO");
        same("CLIENT", "CACHING", "yes");
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKINGINFO");
    }

    @Test
    void modeSwitchesAndPrefixOverlaps() throws IOException {
        same("CLIENT", "TRACKING", "ON");
        same("CLIENT", "TRACKING", "ON", "BCAST"); // BCAST cannot be switched on while tracking
        same("CLIENT", "TRACKING", "ON", "OPTIN"); // the default mode can become OPTIN...
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "ON", "OPTOUT"); // ...but OPTIN cannot become OPTOUT
        same("CLIENT", "TRACKING", "ON", "BCAST");
        same("CLIENT", "TRACKING", "ON"); // ON again sets the options anew: back to the default mode
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "OFF");

        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "a");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "ab"); // overlaps an existing prefix
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b"); // prefixes add up
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "bc"); // existing ones checked first
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "z", "PREFIX", "zz");
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "ON"); // BCAST cannot be switched off while tracking
        same("CLIENT", "TRACKING", "ON", "NOLOOP");
        same("CLIENT", "TRACKING", "ON", "BCAST"); // no PREFIX: the empty prefix, added without an overlap check
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "x"); // overlaps the empty prefix
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKINGINFO");

        same("client", "tracking", "On", "Bcast", "Prefix", "A", "noLoop"); // options in any case, prefixes as given
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "c", "PREFIX", "ab");
        same("CLIENT", "TRACKINGINFO"); // prefixes in lexicographic order
        same("CLIENT", "TRACKING", "OFF");
        same("CLIENT", "TRACKING", "ON", "OPTIN", "OPTIN", "NOLOOP", "NOLOOP");
        same("CLIENT", "TRACKINGINFO");
        same("CLIENT", "TRACKING", "OFF");
    }

    @Test
    void trackingInfoAndGetRedirInResp2AndResp3() throws IOException {
        for (boolean resp3 : new boolean[] {false, true}) {
            try (Client client = new Client(resp3)) {
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "GETREDIR");
                client.same("CLIENT", "TRACKING", "ON");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "GETREDIR");
                client.same("CLIENT", "TRACKING", "OFF");
                client.same("CLIENT", "TRACKING", "ON", "OPTIN", "NOLOOP");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "CACHING", "YES");
                // CLIENT's subcommands leave the caching flag for the next command; any other command uses it up.
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("PING");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "TRACKING", "OFF");
                client.same("CLIENT", "TRACKING", "ON", "OPTOUT");
                client.same("CLIENT", "CACHING", "NO");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "TRACKING", "OFF");
                client.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "a", "NOLOOP");
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "GETREDIR");
                client.same("RESET"); // tracking off (and RESP2 again)
                client.same("CLIENT", "TRACKINGINFO");
                client.same("CLIENT", "GETREDIR");
            }
        }
    }

    @Test
    void clientInfoShowsTrackingFlagsAndRedirect() throws IOException {
        try (Client subscriber = new Client(false); Client client = new Client(false)) {
            Ids target = subscriber.id();
            client.sameInfoFields(target);
            client.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.sameInfoFields(target);
            subscriber.close();
            awaitDisconnected(target);
            client.same("GET", "k");
            same("SET", "k", "1");
            client.sameInfoFields(target); // broken redirect
            client.same("CLIENT", "TRACKING", "OFF");
            client.same("CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP");
            client.sameInfoFields(target);
            client.same("CLIENT", "TRACKING", "OFF");
            client.same("CLIENT", "TRACKING", "ON", "OPTIN");
            client.same("CLIENT", "CACHING", "YES");
            client.sameInfoFields(target);
        }
    }

    // ---- The default mode ------------------------------------------------------------------------------------------

    @Test
    void theDefaultModeInvalidatesTheKeysTheClientRead() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            same("SET", "k", "1");
            same("HSET", "h", "f", "v");
            client.same("GET", "k");
            same("SET", "k", "2");
            client.pushes(1, "SET of a key the client read");
            same("SET", "k", "3");
            client.pushes(0, "a second write before the client reads the key again");
            client.same("GET", "k");
            client.same("GET", "k");
            same("SET", "k", "4");
            same("SET", "k", "5");
            client.pushes(1, "two reads and two writes: one invalidation");
            client.same("HGET", "h", "f");
            same("HSET", "h", "f", "x");
            client.pushes(1, "HSET of a hash read with HGET");
            client.same("EXISTS", "e");
            same("SET", "e", "1");
            client.pushes(1, "EXISTS of a missing key tracks it");
            Object[][] readsAndWrites = {
                {"STRLEN", "s1"}, {"SET", "s1", "x"},
                {"TYPE", "s2"}, {"SET", "s2", "x"},
                {"TTL", "s3"}, {"SET", "s3", "x"},
                {"SMEMBERS", "s4"}, {"SADD", "s4", "x"},
                {"LRANGE", "s5", "0", "-1"}, {"RPUSH", "s5", "x"},
                {"ZSCORE", "s6", "m"}, {"ZADD", "s6", "1", "m"},
                {"GETRANGE", "s7", "0", "1"}, {"APPEND", "s7", "x"},
            };
            for (int i = 0; i < readsAndWrites.length; i += 2) {
                client.same(readsAndWrites[i]);
                same(readsAndWrites[i + 1]);
                client.pushes(1, describe(readsAndWrites[i]) + " then " + describe(readsAndWrites[i + 1]));
            }
            // Commands that read no key track nothing.
            client.same("DBSIZE");
            client.same("KEYS", "nomatch*");
            same("SET", "n1", "x");
            client.pushes(0, "DBSIZE and KEYS track no key");
            // Writes that change nothing invalidate nothing; the key stays tracked.
            client.same("GET", "x");
            same("DEL", "x");
            same("EXPIRE", "x", "100");
            client.pushes(0, "DEL and EXPIRE of a missing key");
            same("SET", "x", "1");
            client.pushes(1, "SET of that key");
            client.same("GET", "x");
            same("SET", "x", "2", "NX");
            same("PERSIST", "x");
            client.pushes(0, "SET NX of an existing key, PERSIST of a key without TTL");
            same("EXPIRE", "x", "100");
            client.pushes(1, "EXPIRE");
            client.same("GET", "x");
            same("PERSIST", "x");
            client.pushes(1, "PERSIST of a key with a TTL");
            client.same("GET", "x");
            same("DEL", "x");
            client.pushes(1, "DEL");
            // A write command does not track the key it touches, even when it answers its value.
            client.same("INCR", "w1");
            client.same("GETSET", "w2", "1");
            client.same("SET", "w3", "1");
            client.same("GETDEL", "w3");
            client.pushes(0, "the client's own writes of keys it did not read");
            same("INCR", "w1");
            same("SET", "w2", "2");
            same("SET", "w3", "2");
            client.pushes(0, "writes of keys the client only wrote");
        }
    }

    @Test
    void readsInsideTransactionsAndScriptsAreTracked() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("MULTI");
            client.same("GET", "m");
            client.same("HGET", "h", "f");
            client.same("EXEC");
            same("SET", "m", "1");
            same("HSET", "h", "f", "v");
            client.pushes(2, "writes of the keys read inside MULTI/EXEC");
            client.same("EVAL", "return redis.call('GET', KEYS[1])", "1", "ev");
            same("SET", "ev", "1");
            client.pushes(1, "write of the key read by EVAL");
            client.same("EVAL", "redis.call('GET', KEYS[1]); return redis.call('EXISTS', KEYS[2])", "2", "e1", "e2");
            same("MSET", "e2", "1", "e1", "1");
            client.pushes(2, "MSET of two keys a script read: one invalidation each, in MSET's order");
            client.same("GET", "ev");
            same("EVAL", "return redis.call('SET', KEYS[1], 'y')", "1", "ev");
            client.pushes(1, "a write by a script");
        }
    }

    @Test
    void eachKeyIsInvalidatedInItsOwnMessageInTheOrderOfTheWrites() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("MGET", "a", "b", "c");
            same("MSET", "c", "1", "a", "2");
            client.pushes(2, "MSET c a after MGET a b c");
            same("SET", "b", "1");
            client.pushes(1, "SET b");
            same("SET", "src", "1");
            client.same("GET", "src");
            client.same("GET", "dst");
            same("RENAME", "src", "dst");
            client.pushes(2, "RENAME: the source, then the destination");
            client.same("GET", "dst");
            same("RENAME", "dst", "other");
            client.pushes(1, "RENAME of a key the client read to one it did not");
            client.same("MGET", "a1", "a2");
            same("MULTI");
            same("SET", "a2", "1");
            same("SET", "a1", "1");
            same("EXEC");
            client.pushes(2, "a transaction of another client");
            client.same("MGET", "x1", "x2", "x3");
            samePipeline(cmd("SET", "x3", "1"), cmd("SET", "x1", "1"), cmd("SET", "x2", "1"));
            client.pushes(3, "a pipeline of another client");
        }
    }

    @Test
    void keysAreTrackedByNameWhateverTheDatabase() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("GET", "dk");
            same("SELECT", "1");
            same("SET", "dk", "1");
            client.pushes(1, "a write in db 1 of a key read in db 0");
            client.same("SELECT", "2");
            client.same("GET", "d2");
            same("SET", "d2", "1");
            client.pushes(1, "a write in db 1 of a key read in db 2");
            same("SELECT", "0");
        }
    }

    @Test
    void theClientsOwnWritesAreInvalidatedAfterTheirReplyUnlessNoloop() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("GET", "own");
            client.send("SET", "own", "1");
            client.pushes(2, "the client's own SET: its reply, then the invalidation");
            client.same("MGET", "a1", "a2");
            client.sendPipeline(cmd("SET", "a2", "2"), cmd("SET", "a1", "2"), cmd("GET", "a1"));
            client.pushes(5, "a pipeline: each invalidation right after the reply of the write that caused it");
            client.same("MGET", "a1", "a2");
            client.same("MULTI");
            client.same("SET", "a2", "3");
            client.same("SET", "a1", "3");
            client.send("EXEC");
            client.pushes(3, "the client's own transaction: EXEC's reply, then one invalidation per key");
            client.same("MGET", "a1", "a2");
            client.send("EVAL", "redis.call('SET', KEYS[1], 'x'); return redis.call('SET', KEYS[2], 'x')", "2",
                    "a2", "a1");
            client.pushes(3, "the client's own script");
            client.same("CLIENT", "TRACKING", "ON", "NOLOOP");
            client.same("GET", "nl");
            client.send("SET", "nl", "1");
            client.pushes(1, "NOLOOP: the client's own write is not invalidated");
            client.same("GET", "nl");
            same("SET", "nl", "2");
            client.pushes(1, "NOLOOP: another client's write is");
        }
    }

    @Test
    void aFlushInvalidatesEverythingForEveryTrackingClient() throws IOException {
        try (Client client = new Client(true); Client broadcast = new Client(true); Client optin = new Client(true);
                Client off = new Client(true); Client subscriber = new Client(false);
                Client redirected = new Client(false)) {
            Ids target = subscriber.id();
            subscriber.same("SUBSCRIBE", "__redis__:invalidate");
            client.same("CLIENT", "TRACKING", "ON");
            broadcast.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "p");
            optin.same("CLIENT", "TRACKING", "ON", "OPTIN");
            off.same("CLIENT", "TRACKING", "ON");
            off.same("CLIENT", "TRACKING", "OFF");
            redirected.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            // Every tracking client gets invalidate with a null (the redirect's subscriber a message with a null),
            // whatever it read: here nothing.
            same("FLUSHDB");
            everyTrackerGetsANull("FLUSHDB", off, client, broadcast, optin, subscriber);
            same("SELECT", "1");
            same("FLUSHDB");
            same("SELECT", "0");
            everyTrackerGetsANull("FLUSHDB of another, empty, database", off, client, broadcast, optin, subscriber);
            same("FLUSHALL");
            everyTrackerGetsANull("FLUSHALL", off, client, broadcast, optin, subscriber);
            same("FLUSHALL", "ASYNC");
            everyTrackerGetsANull("FLUSHALL ASYNC", off, client, broadcast, optin, subscriber);
            // A flush forgets what was read: a later write of the key sends nothing.
            same("SET", "k", "1");
            client.same("GET", "k");
            same("FLUSHALL");
            everyTrackerGetsANull("FLUSHALL after a read", off, client, broadcast, optin, subscriber);
            same("SET", "k", "2");
            client.pushes(0, "a write after FLUSHALL of a key read before it");
            client.same("GET", "k");
            same("FLUSHDB");
            everyTrackerGetsANull("FLUSHDB after a read", off, client, broadcast, optin, subscriber);
            same("SET", "k", "3");
            client.pushes(0, "a write after FLUSHDB of a key read before it");
            // The client's own flush: the null comes after its reply, NOLOOP or not.
            client.send("FLUSHALL");
            client.pushes(2, "the client's own FLUSHALL");
            everyTrackerGetsANull("another client's FLUSHALL", off, broadcast, optin, subscriber);
            client.same("CLIENT", "TRACKING", "ON", "NOLOOP");
            client.send("FLUSHDB");
            client.pushes(2, "the client's own FLUSHDB, NOLOOP");
            everyTrackerGetsANull("another client's FLUSHDB", off, broadcast, optin, subscriber);
        }
    }

    /** Each of {@code trackers} has one invalidation (a null) to read, {@code off} nothing. */
    private static void everyTrackerGetsANull(String what, Client off, Client... trackers) throws IOException {
        for (Client tracker : trackers) {
            tracker.pushes(1, what);
        }
        off.pushes(0, what + ", tracking off");
    }

    @Test
    void anExpiredKeyIsInvalidated() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            same("SET", "e", "v", "PX", "150");
            client.same("GET", "e");
            awaitGone("e");
            client.pushes(1, "expiry of a key the client read");
            same("SET", "e", "v");
            client.pushes(0, "a write after the expiry's invalidation");
            same("HSET", "h", "f", "v");
            same("PEXPIRE", "h", "150");
            client.same("HGET", "h", "f");
            awaitGone("h");
            client.pushes(1, "expiry of a hash the client read");
        }
    }

    @Test
    void trackingOffStopsInvalidations() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("GET", "k");
            client.same("CLIENT", "TRACKING", "OFF");
            same("SET", "k", "1");
            client.pushes(0, "a write after CLIENT TRACKING OFF");
            client.same("CLIENT", "TRACKING", "ON", "BCAST");
            same("SET", "k", "2");
            client.pushes(1, "BCAST");
            client.same("CLIENT", "TRACKING", "OFF");
            same("SET", "k", "3");
            client.same("GET", "k");
            same("SET", "k", "4");
            client.pushes(0, "writes after BCAST was turned off");
        }
    }

    // ---- BCAST -----------------------------------------------------------------------------------------------------

    @Test
    void broadcastModeInvalidatesEveryWrite() throws IOException {
        try (Client client = new Client(true); Client noloop = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON", "BCAST");
            noloop.same("CLIENT", "TRACKING", "ON", "BCAST", "NOLOOP");
            same("SET", "k", "1");
            client.pushes(1, "BCAST: a write of a key nobody read");
            same("SET", "k", "2");
            client.pushes(1, "BCAST: every write");
            noloop.pushes(2, "BCAST NOLOOP: another client's writes");
            same("MULTI");
            same("SET", "zz", "1");
            same("SET", "aa", "1");
            same("DEL", "k");
            same("SET", "mm", "1");
            same("SET", "aa", "2");
            same("EXEC");
            client.pushes(1, "a transaction: one message, its keys sorted, each once");
            same("MSET", "q", "1", "b", "2", "a", "3");
            client.pushes(1, "MSET: one message, keys sorted");
            same("DEL", "missing");
            client.pushes(0, "DEL of a missing key");
            noloop.pushes(2, "BCAST NOLOOP: the transaction and the MSET");
            // BCAST sends the keys a command wrote once the command's batch (everything read with it) is done, after
            // its reply: a PING pipelined behind the write would be answered before the invalidation. So the client's
            // own write is answered first (a push in its place would fail the comparison), then PING.
            client.same("SET", "own", "1");
            client.pushes(1, "BCAST: the client's own write, after its reply");
            client.same("MULTI");
            client.same("SET", "own2", "1");
            client.same("SET", "own1", "1");
            client.same("EXEC");
            client.pushes(1, "BCAST: the client's own transaction, one message after EXEC's reply");
            noloop.pushes(2, "BCAST NOLOOP: the other tracking client's writes");
            noloop.same("SET", "nl", "1");
            noloop.pushes(0, "BCAST NOLOOP: the client's own write");
            client.pushes(1, "BCAST: the NOLOOP client's write");
            noloop.same("MULTI");
            noloop.same("SET", "nl", "2");
            same("SET", "nl2", "1"); // invalidated before the NOLOOP client's EXEC is even sent
            noloop.send("EXEC");
            noloop.pushes(2, "BCAST NOLOOP: another client's write, then EXEC's reply and nothing for its own");
            client.pushes(2, "BCAST: both writes");
            noloop.pushes(0, "BCAST NOLOOP: still nothing for its own write");
        }
    }

    @Test
    void broadcastModeWithPrefixes() throws IOException {
        try (Client client = new Client(true); Client empty = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "user:", "PREFIX", "obj:");
            empty.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "");
            same("MSET", "user:2", "1", "obj:1", "1", "other", "1", "user:1", "x");
            client.pushes(2, "one message per prefix, prefixes and keys sorted");
            empty.pushes(1, "the empty prefix: every key");
            same("MULTI");
            same("SET", "obj:9", "1");
            same("SET", "user:3", "1");
            same("SET", "x", "1");
            same("EXEC");
            client.pushes(2, "a transaction over two prefixes");
            same("SET", "user:", "1");
            client.pushes(1, "a key equal to the prefix");
            same("SET", "other", "2");
            same("SET", "use", "2");
            client.pushes(0, "keys under no prefix");
            same("FLUSHDB");
            client.pushes(1, "FLUSHDB");
            empty.pushes(5, "the empty prefix: the transaction, user:, other, use, then the flush");
        }
    }

    @Test
    void broadcastModeBatchesAPipelineIntoOneMessage() throws IOException {
        try (Client client = new Client(true); Client prefixes = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON", "BCAST");
            prefixes.same("CLIENT", "TRACKING", "ON", "BCAST", "PREFIX", "b", "PREFIX", "a");
            samePipeline(cmd("SET", "x3", "1"), cmd("SET", "x1", "1"), cmd("DEL", "x2"), cmd("SET", "x2", "1"),
                    cmd("SET", "x1", "2"));
            client.pushes(1, "a pipeline: one message, keys sorted, each once");
            samePipeline(cmd("SET", "x3", "1"), cmd("FLUSHALL"), cmd("SET", "x2", "1"));
            client.pushes(2, "a pipeline with FLUSHALL: the null first, then the keys written before and after it");
            prefixes.pushes(1, "the FLUSHALL");
            samePipeline(cmd("SET", "b2", "1"), cmd("SET", "a2", "1"), cmd("SET", "b1", "1"), cmd("SET", "a1", "1"),
                    cmd("SET", "c1", "1"));
            prefixes.pushes(2, "a pipeline over two prefixes: one message per prefix");
            client.pushes(1, "the same pipeline without prefixes");
        }
    }

    // ---- OPTIN and OPTOUT ------------------------------------------------------------------------------------------

    @Test
    void optinTracksOnlyTheCommandAfterCachingYes() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON", "OPTIN");
            client.same("GET", "a");
            same("SET", "a", "1");
            client.pushes(0, "OPTIN: a read without CLIENT CACHING YES");
            client.same("CLIENT", "CACHING", "YES");
            client.same("GET", "a");
            client.same("GET", "b");
            same("SET", "a", "2");
            same("SET", "b", "2");
            client.pushes(1, "OPTIN: only the read right after CLIENT CACHING YES");
            client.same("CLIENT", "CACHING", "YES");
            client.same("PING");
            client.same("GET", "a");
            same("SET", "a", "3");
            client.pushes(0, "OPTIN: a PING in between uses CACHING YES up");
            client.same("CLIENT", "CACHING", "YES");
            client.same("CLIENT", "TRACKINGINFO");
            client.same("GET", "a");
            same("SET", "a", "4");
            client.pushes(1, "OPTIN: a CLIENT subcommand in between does not");
            client.same("CLIENT", "CACHING", "YES");
            client.same("SET", "a", "5");
            client.same("GET", "b");
            same("SET", "a", "6");
            same("SET", "b", "6");
            client.pushes(0, "OPTIN: a write uses CACHING YES up, tracking nothing");
            client.same("CLIENT", "CACHING", "YES");
            client.same("CLIENT", "CACHING", "YES");
            client.same("GET", "b");
            same("SET", "b", "7");
            client.pushes(1, "OPTIN: CACHING YES twice");
            client.same("CLIENT", "CACHING", "YES");
            client.same("MULTI");
            client.same("GET", "a");
            client.same("GET", "b");
            client.same("EXEC");
            same("SET", "a", "8");
            same("SET", "b", "8");
            client.pushes(2, "OPTIN: CACHING YES before MULTI covers the whole transaction");
            client.same("MULTI");
            client.same("CLIENT", "CACHING", "YES");
            client.same("GET", "a");
            client.same("GET", "b");
            client.same("EXEC");
            same("SET", "a", "9");
            same("SET", "b", "9");
            client.pushes(2, "OPTIN: CACHING YES queued in the transaction");
            client.same("CLIENT", "CACHING", "YES");
            client.same("EVAL", "redis.call('GET', KEYS[1]); return redis.call('GET', KEYS[2])", "2", "a", "b");
            same("SET", "a", "10");
            same("SET", "b", "10");
            client.pushes(2, "OPTIN: CACHING YES before EVAL covers every read of the script");
            client.same("CLIENT", "CACHING", "YES");
            client.same("MGET", "a", "b");
            same("DEL", "a", "b");
            client.pushes(2, "OPTIN: MGET after CACHING YES");
        }
    }

    @Test
    void optoutTracksEverythingButTheCommandAfterCachingNo() throws IOException {
        try (Client client = new Client(true)) {
            client.same("CLIENT", "TRACKING", "ON", "OPTOUT");
            client.same("GET", "a");
            same("SET", "a", "1");
            client.pushes(1, "OPTOUT: a read");
            client.same("CLIENT", "CACHING", "NO");
            client.same("GET", "a");
            client.same("GET", "b");
            same("SET", "a", "2");
            same("SET", "b", "2");
            client.pushes(1, "OPTOUT: all but the read right after CLIENT CACHING NO");
            client.same("CLIENT", "CACHING", "NO");
            client.same("MULTI");
            client.same("GET", "a");
            client.same("GET", "b");
            client.same("EXEC");
            same("SET", "a", "3");
            same("SET", "b", "3");
            client.pushes(0, "OPTOUT: CACHING NO before MULTI covers the whole transaction");
            client.same("CLIENT", "CACHING", "NO");
            client.same("CLIENT", "TRACKINGINFO");
            client.same("GET", "a");
            same("SET", "a", "4");
            client.pushes(0, "OPTOUT: a CLIENT subcommand in between leaves CACHING NO");
            client.same("CLIENT", "CACHING", "NO");
            client.same("ECHO", "x");
            client.same("GET", "a");
            same("SET", "a", "5");
            client.pushes(1, "OPTOUT: ECHO in between uses CACHING NO up");
        }
    }

    // ---- REDIRECT --------------------------------------------------------------------------------------------------

    @Test
    void redirectToAResp2SubscriberOfTheInvalidateChannel() throws IOException {
        try (Client subscriber = new Client(false); Client client = new Client(false);
                Client resp3 = new Client(true)) {
            Ids target = subscriber.id();
            subscriber.same("SUBSCRIBE", "__redis__:invalidate");
            client.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.sameFor(target, "CLIENT", "GETREDIR");
            client.sameFor(target, "CLIENT", "TRACKINGINFO");
            client.same("GET", "k");
            same("SET", "k", "1");
            subscriber.pushes(1, "a message on __redis__:invalidate");
            client.pushes(0, "nothing on the tracking connection itself");
            client.same("MGET", "j", "k");
            same("MSET", "j", "1", "k", "1");
            subscriber.pushes(2, "one message per key");
            client.same("GET", "own");
            client.send("SET", "own", "1");
            client.pushes(1, "the tracking client's own write: its reply only");
            subscriber.pushes(1, "the tracking client's own write");
            same("FLUSHALL");
            subscriber.pushes(1, "FLUSHALL: a message with a null");
            client.same("CLIENT", "TRACKING", "OFF");
            client.sameFor(target, "CLIENT", "TRACKING", "ON", "BCAST", "REDIRECT", TARGET, "PREFIX", "p");
            client.sameFor(target, "CLIENT", "TRACKINGINFO");
            same("MSET", "p2", "1", "p1", "1", "q", "1");
            subscriber.pushes(1, "BCAST redirected: one message, keys sorted");
            resp3.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            resp3.sameFor(target, "CLIENT", "TRACKINGINFO");
            resp3.same("GET", "z");
            same("SET", "z", "1");
            resp3.pushes(0, "a RESP3 client redirecting gets nothing itself");
            subscriber.pushes(1, "a RESP3 client's invalidation, redirected to a RESP2 subscriber: a message");
            client.same("CLIENT", "TRACKING", "OFF");
            client.sameFor(target, "CLIENT", "GETREDIR");
        }
    }

    @Test
    void redirectToAResp3Connection() throws IOException {
        try (Client target = new Client(true); Client subscribed = new Client(true);
                Client client = new Client(false)) {
            Ids targetId = target.id();
            client.sameFor(targetId, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.same("GET", "k");
            same("SET", "k", "1");
            target.pushes(1, "a RESP3 target gets an invalidate push");
            Ids subscribedId = subscribed.id();
            subscribed.same("SUBSCRIBE", "__redis__:invalidate");
            client.sameFor(subscribedId, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.sameFor(subscribedId, "CLIENT", "TRACKINGINFO");
            client.same("GET", "k");
            same("SET", "k", "2");
            subscribed.pushes(1, "a RESP3 target subscribed to __redis__:invalidate gets an invalidate push too");
            target.pushes(0, "the former target");
            Ids self = client.id();
            client.sameFor(self, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.sameFor(self, "CLIENT", "GETREDIR");
        }
    }

    @Test
    void aRedirectWhoseClientWentAwayIsReportedAsBroken() throws IOException {
        try (Client subscriber = new Client(false); Client client = new Client(true);
                Client broadcast = new Client(true); Client resp2 = new Client(false)) {
            Ids target = subscriber.id();
            subscriber.same("SUBSCRIBE", "__redis__:invalidate");
            client.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            broadcast.sameFor(target, "CLIENT", "TRACKING", "ON", "BCAST", "REDIRECT", TARGET, "PREFIX", "p");
            resp2.sameFor(target, "CLIENT", "TRACKING", "ON", "REDIRECT", TARGET);
            client.same("GET", "z");
            same("SET", "z", "0");
            subscriber.pushes(1, "before the redirect client goes");
            client.same("GET", "z");
            resp2.same("GET", "z");
            subscriber.close();
            awaitDisconnected(target);
            client.sameFor(target, "CLIENT", "TRACKINGINFO"); // not broken yet: noticed at the next invalidation
            same("SET", "z", "1");
            client.pushes(1, "tracking-redir-broken with the redirect's id", target);
            resp2.pushes(0, "a RESP2 client is not told");
            client.sameFor(target, "CLIENT", "TRACKINGINFO");
            client.sameFor(target, "CLIENT", "GETREDIR");
            resp2.sameFor(target, "CLIENT", "TRACKINGINFO");
            client.same("GET", "z");
            same("SET", "z", "2");
            client.pushes(1, "tracking-redir-broken again, at every invalidation", target);
            same("SET", "p1", "1");
            broadcast.pushes(1, "BCAST: tracking-redir-broken", target);
            broadcast.sameFor(target, "CLIENT", "TRACKINGINFO");
            same("FLUSHALL");
            client.pushes(1, "FLUSHALL: tracking-redir-broken", target);
            broadcast.pushes(1, "FLUSHALL, BCAST: tracking-redir-broken", target);
            resp2.pushes(0, "FLUSHALL, RESP2");
            client.same("CLIENT", "TRACKING", "ON");
            client.same("CLIENT", "TRACKINGINFO"); // re-enabling without REDIRECT clears the broken redirect
        }
    }

    @Test
    void aResp2ClientWithoutRedirectGetsNoInvalidations() throws IOException {
        try (Client client = new Client(false)) {
            client.same("CLIENT", "TRACKING", "ON");
            client.same("CLIENT", "TRACKINGINFO");
            client.same("GET", "k");
            same("SET", "k", "1");
            client.pushes(0, "RESP2 without REDIRECT: a write of a key it read");
            client.same("GET", "k");
            client.send("SET", "k", "2");
            client.pushes(1, "RESP2 without REDIRECT: its own write, only its reply");
            same("FLUSHALL");
            client.pushes(0, "RESP2 without REDIRECT: FLUSHALL");
            client.same("CLIENT", "TRACKING", "OFF");
            client.same("CLIENT", "TRACKING", "ON", "BCAST");
            same("SET", "k", "3");
            client.pushes(0, "RESP2 BCAST without REDIRECT");
        }
    }
}
