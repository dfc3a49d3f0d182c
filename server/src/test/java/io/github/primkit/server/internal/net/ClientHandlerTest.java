package io.github.primkit.server.internal.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.server.internal.commands.StandardCommands;
import io.github.primkit.server.internal.engine.Blocking;
import io.github.primkit.server.internal.engine.CommandTable;
import io.github.primkit.server.internal.engine.Context;
import io.github.primkit.server.internal.engine.Engine;
import io.github.primkit.server.internal.engine.Flag;
import io.github.primkit.server.internal.engine.Settings;
import io.github.primkit.server.internal.protocol.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-connection handler on Netty's EmbeddedChannel (no sockets, no threads: everything runs in the test thread,
 * so every assertion is deterministic), with an engine built as PrimkitServer builds it plus two test-only commands:
 * TESTBLOCK (blocks until CLIENT UNBLOCK) and TESTTHROW (fails with an Error no command handler should let out).
 */
class ClientHandlerTest {
    private Settings settings;
    private Engine engine;
    private final List<String> log = new ArrayList<>();
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    @BeforeEach
    void newEngine() {
        settings = new Settings();
        CommandTable table = StandardCommands.table();
        table.add("testblock", 2, EnumSet.noneOf(Flag.class), 1, 1, 1, c -> c.block(new byte[][] {c.arg(1)}, 0,
                new Blocking.Waiter() {
                    @Override
                    public boolean tryServe(Context context) {
                        byte[] value = context.getString(context.arg(1));
                        if (value == null) {
                            return false;
                        }
                        context.reply.bulk(value);
                        return true;
                    }

                    @Override
                    public void timeout(Reply reply) {
                        reply.nullArray();
                    }
                }));
        table.add("testthrow", 1, EnumSet.noneOf(Flag.class), 0, 0, 0, c -> {
            throw new AssertionError("boom");
        });
        engine = new Engine(settings, table);
        engine.logger(log::add);
    }

    @AfterEach
    void closeChannels() {
        for (EmbeddedChannel channel : channels) {
            channel.finishAndReleaseAll();
        }
    }

    private EmbeddedChannel connect() {
        EmbeddedChannel channel = new EmbeddedChannel(new ClientHandler(engine));
        channels.add(channel);
        return channel;
    }

    private static void send(EmbeddedChannel channel, String latin1) {
        channel.writeInbound(Unpooled.copiedBuffer(latin1, StandardCharsets.ISO_8859_1));
    }

    /** Each write (flush) the handler made since the last call, as text. */
    private static List<String> writes(EmbeddedChannel channel) {
        channel.runPendingTasks();
        List<String> writes = new ArrayList<>();
        ByteBuf buf;
        while ((buf = channel.readOutbound()) != null) {
            writes.add(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
        }
        return writes;
    }

    private static String output(EmbeddedChannel channel) {
        return String.join("", writes(channel));
    }

    // ---- pipelining and fragmentation ------------------------------------------------------------------------------

    @Test
    void pipelinedCommandsAreAnsweredInOrderInOneFlush() {
        EmbeddedChannel channel = connect();
        send(channel, "PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\nSET k v\r\nGET k\r\nINCR k\r\nGET nope\r\n");
        assertThat(writes(channel)).containsExactly(
                "+PONG\r\n$2\r\nhi\r\n+OK\r\n$1\r\nv\r\n-ERR value is not an integer or out of range\r\n$-1\r\n");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void partialFramesAreAnsweredOnceComplete() {
        EmbeddedChannel channel = connect();
        String frames = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
        int secondFrame = frames.indexOf("*2");
        for (int i = 0; i < frames.length(); i++) {
            send(channel, frames.substring(i, i + 1));
            String out = output(channel);
            if (i == secondFrame - 1) {
                assertThat(out).isEqualTo("+OK\r\n");
            } else if (i == frames.length() - 1) {
                assertThat(out).isEqualTo("$5\r\nhello\r\n");
            } else {
                assertThat(out).as("output after byte %d", i).isEmpty();
            }
        }
    }

    @Test
    void manyRepliesToOnePipelineAreWrittenInSeveralFlushesButInOrder() {
        EmbeddedChannel channel = connect();
        String big = "v".repeat(600 * 1024);
        send(channel, "SET big " + big + "\r\n");
        assertThat(output(channel)).isEqualTo("+OK\r\n");
        send(channel, "GET big\r\nGET big\r\nECHO a\r\nGET big\r\nGET big\r\nPING\r\n");
        List<String> writes = writes(channel);
        String bulk = "$" + big.length() + "\r\n" + big + "\r\n";
        assertThat(writes.size()).as("flushes").isGreaterThan(1);
        assertThat(String.join("", writes)).isEqualTo(bulk + bulk + "$1\r\na\r\n" + bulk + bulk + "+PONG\r\n");
    }

    // ---- protocol errors and closing -------------------------------------------------------------------------------

    @Test
    void aProtocolErrorIsAnsweredAfterEarlierRepliesThenTheConnectionCloses() {
        EmbeddedChannel channel = connect();
        send(channel, "PING\r\n*x\r\nPING\r\n");
        assertThat(output(channel)).isEqualTo("+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(channel.isOpen()).isFalse();
        assertThat(engine.stats().errorCodes).containsEntry("ERR", 1L);
    }

    @Test
    void theOffendingByteIsQuotedRawAsRedisDoes() {
        EmbeddedChannel channel = connect();
        send(channel, "*1\r\n\u00ffyz\r\n");
        assertThat(output(channel)).isEqualTo("-ERR Protocol error: expected '$', got '\u00ff'\r\n");
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownCommandErrorsQuoteTheClientsBytesAsRedisDoes() {
        EmbeddedChannel channel = connect();
        send(channel, "\u00ff\u00fe x\r\n");
        assertThat(output(channel)).isEqualTo("-ERR unknown command '\u00ff\u00fe', with args beginning with: 'x' \r\n");
        // "%.128s": a NUL ends the quoted text.
        send(channel, "*2\r\n$3\r\nA\0B\r\n$3\r\nc\0d\r\n");
        assertThat(output(channel)).isEqualTo("-ERR unknown command 'A', with args beginning with: 'c' \r\n");
        // Arguments are listed until the list, quotes and spaces included, reaches 128 characters.
        send(channel, "NOSUCH " + "a ".repeat(40) + "\r\n");
        assertThat(output(channel))
                .isEqualTo("-ERR unknown command 'NOSUCH', with args beginning with: " + "'a' ".repeat(32) + "\r\n");
        send(channel, "CLIENT \u00e9t\u00e9\r\n");
        assertThat(output(channel)).isEqualTo("-ERR unknown subcommand '\u00e9t\u00e9'. Try CLIENT HELP.\r\n");
    }

    @Test
    void inputAfterQuitIsIgnored() {
        EmbeddedChannel channel = connect();
        send(channel, "SET a 1\r\nQUIT\r\nSET a 2\r\n");
        assertThat(output(channel)).isEqualTo("+OK\r\n+OK\r\n");
        assertThat(channel.isOpen()).isFalse();
        EmbeddedChannel other = connect();
        send(other, "GET a\r\n");
        assertThat(output(other)).isEqualTo("$1\r\n1\r\n");
    }

    @Test
    void anHttpRequestClosesTheConnectionWithoutAReplyAsInRedis() {
        EmbeddedChannel channel = connect();
        send(channel, "PING\r\nPOST / HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(output(channel)).isEmpty();
        assertThat(channel.isOpen()).isFalse();
        assertThat(log).anyMatch(line -> line.contains("SECURITY ATTACK"));
        EmbeddedChannel other = connect();
        send(other, "*1\r\n$5\r\nhOsT:\r\n");
        assertThat(output(other)).isEmpty();
        assertThat(other.isOpen()).isFalse();
    }

    @Test
    void anErrorEscapingACommandClosesOnlyThatConnection() {
        EmbeddedChannel failing = connect();
        EmbeddedChannel bystander = connect();
        send(failing, "PING\r\nTESTTHROW\r\n");
        assertThat(failing.isOpen()).isFalse();
        assertThat(log).anyMatch(line -> line.contains("internal error") && line.contains("boom"));
        send(bystander, "PING\r\n");
        assertThat(output(bystander)).isEqualTo("+PONG\r\n");
    }

    @Test
    void nothingIsWrittenAfterTheLastReplyOfAClosingClient() {
        HoldingHandler holding = new HoldingHandler();
        EmbeddedChannel subscriber = new EmbeddedChannel(holding, new ClientHandler(engine));
        channels.add(subscriber);
        EmbeddedChannel publisher = connect();
        send(subscriber, "SUBSCRIBE ch\r\n");
        holding.release();
        assertThat(output(subscriber)).isEqualTo("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n");
        send(subscriber, "*x\r\n"); // its error reply is written, but the socket has not taken it yet
        assertThat(subscriber.isActive()).isTrue();
        send(publisher, "PUBLISH ch late\r\n");
        assertThat(output(publisher)).startsWith(":");
        subscriber.runPendingTasks(); // the subscriber's event loop runs its scheduled flush before the socket drains
        holding.release();
        assertThat(output(subscriber)).isEqualTo("-ERR Protocol error: invalid multibulk length\r\n");
        assertThat(subscriber.isOpen()).isFalse();
    }

    /** Holds writes (a socket that cannot take more yet) until {@link #release}. */
    private static final class HoldingHandler extends io.netty.channel.ChannelOutboundHandlerAdapter {
        private final List<Object[]> held = new ArrayList<>();
        private io.netty.channel.ChannelHandlerContext ctx;

        @Override
        public void handlerAdded(io.netty.channel.ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void write(io.netty.channel.ChannelHandlerContext context, Object message,
                io.netty.channel.ChannelPromise promise) {
            held.add(new Object[] {message, promise});
        }

        @Override
        public void flush(io.netty.channel.ChannelHandlerContext context) {
            // held until release()
        }

        /** Like a socket's gathering write: every held buffer goes out, then their promises complete. */
        void release() {
            List<Object[]> writes = new ArrayList<>(held);
            held.clear();
            for (Object[] write : writes) {
                ctx.write(write[0]);
            }
            ctx.flush();
            for (Object[] write : writes) {
                ((io.netty.channel.ChannelPromise) write[1]).trySuccess();
            }
            ((EmbeddedChannel) ctx.channel()).runPendingTasks();
        }
    }

    // ---- query buffer limit ----------------------------------------------------------------------------------------

    @Test
    void aClientWhoseUnfinishedCommandPassesTheQueryBufferLimitIsClosedWithoutAReply() {
        settings.clientQueryBufferLimit = 1024 * 1024;
        EmbeddedChannel greedy = connect();
        EmbeddedChannel polite = connect();
        send(greedy, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$10000000\r\n");
        String chunk = "x".repeat(64 * 1024);
        int sent = 0;
        while (greedy.isOpen() && sent < 2 * 1024 * 1024) {
            send(greedy, chunk);
            sent += chunk.length();
            send(polite, "PING\r\n");
            assertThat(output(polite)).isEqualTo("+PONG\r\n");
        }
        assertThat(greedy.isOpen()).isFalse();
        assertThat(sent).isGreaterThan(1024 * 1024 - 64 * 1024).isLessThanOrEqualTo(1024 * 1024 + 64 * 1024);
        assertThat(output(greedy)).isEmpty();
        assertThat(log).anyMatch(line -> line.contains("max query buffer length"));
    }

    @Test
    void aCommandLongerThanTheQueryBufferLimitIsRefusedEvenInOnePiece() {
        settings.clientQueryBufferLimit = 1024 * 1024;
        EmbeddedChannel small = connect();
        send(small, "SET k " + "v".repeat(900 * 1024) + "\r\n");
        assertThat(output(small)).isEqualTo("+OK\r\n");
        EmbeddedChannel big = connect();
        send(big, "SET k " + "v".repeat(1100 * 1024) + "\r\n");
        assertThat(output(big)).isEmpty();
        assertThat(big.isOpen()).isFalse();
    }

    @Test
    void commandsQueuedInMultiCountTowardTheQueryBufferLimit() {
        settings.clientQueryBufferLimit = 1024 * 1024;
        EmbeddedChannel channel = connect();
        send(channel, "MULTI\r\n");
        assertThat(output(channel)).isEqualTo("+OK\r\n");
        String value = "v".repeat(100 * 1024);
        int queued = 0;
        while (channel.isOpen() && queued < 20) {
            send(channel, "SET k" + queued + " " + value + "\r\n");
            queued++;
        }
        assertThat(channel.isOpen()).isFalse();
        assertThat(queued).isBetween(10, 11);
    }

    @Test
    void configSetAppliesToConnectedClientsAtOnce() {
        EmbeddedChannel admin = connect();
        EmbeddedChannel client = connect();
        send(client, "*2\r\n$4\r\nECHO\r\n");
        send(admin, "CONFIG SET proto-max-bulk-len 1mb\r\n");
        assertThat(output(admin)).isEqualTo("+OK\r\n");
        send(client, "$1048577\r\n");
        assertThat(output(client)).isEqualTo("-ERR Protocol error: invalid bulk length\r\n");
        assertThat(client.isOpen()).isFalse();

        EmbeddedChannel filler = connect();
        send(filler, "*2\r\n$4\r\nECHO\r\n$1048576\r\n" + "x".repeat(600 * 1024));
        assertThat(filler.isOpen()).isTrue();
        send(admin, "CONFIG SET client-query-buffer-limit 1048576\r\n");
        assertThat(output(admin)).isEqualTo("+OK\r\n");
        send(filler, "x".repeat(500 * 1024));
        assertThat(filler.isOpen()).isFalse();
    }

    // ---- blocked clients -------------------------------------------------------------------------------------------

    @Test
    void aBlockedClientsPipelineWaitsAndRunsOnceItIsServed() {
        EmbeddedChannel waiter = connect();
        EmbeddedChannel writer = connect();
        send(waiter, "TESTBLOCK k\r\nPING\r\nECHO after\r\n");
        assertThat(output(waiter)).isEmpty();
        send(writer, "CLIENT UNBLOCK 1\r\n"); // the waiter is client 1; it gets its timeout reply
        assertThat(output(writer)).isEqualTo(":1\r\n");
        assertThat(output(waiter)).isEqualTo("*-1\r\n+PONG\r\n$5\r\nafter\r\n");
    }

    @Test
    void aBlockedClientsInputIsStillBoundedByTheQueryBufferLimit() {
        settings.clientQueryBufferLimit = 1024 * 1024;
        EmbeddedChannel waiter = connect();
        send(waiter, "TESTBLOCK k\r\n");
        String pings = "PING\r\n".repeat(10_000);
        int sent = 0;
        while (waiter.isOpen() && sent < 4 * 1024 * 1024) {
            send(waiter, pings);
            sent += pings.length();
        }
        assertThat(waiter.isOpen()).isFalse();
        assertThat(sent).isLessThanOrEqualTo(1024 * 1024 + pings.length());
    }

    // ---- RESP3, clients, authentication ----------------------------------------------------------------------------

    @Test
    void resp3AfterHello3() {
        EmbeddedChannel channel = connect();
        send(channel, "GET missing\r\nHELLO 3\r\nGET missing\r\nHELLO 2\r\nGET missing\r\n");
        String out = output(channel);
        // RESP2 null, the HELLO 3 map, the RESP3 null, HELLO 2 as a flat array, the RESP2 null again.
        assertThat(out).startsWith("$-1\r\n%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n")
                .contains("$5\r\nproto\r\n:3\r\n", "*0\r\n_\r\n*14\r\n", "$5\r\nproto\r\n:2\r\n")
                .endsWith("*0\r\n$-1\r\n");
    }

    @Test
    void maxClientsRefusesTheNextConnectionWithRedisError() {
        settings.maxClients = 1;
        EmbeddedChannel first = connect();
        EmbeddedChannel second = connect();
        assertThat(output(second)).isEqualTo("-ERR max number of clients reached\r\n");
        assertThat(second.isOpen()).isFalse();
        send(first, "PING\r\n");
        assertThat(output(first)).isEqualTo("+PONG\r\n");
        first.close();
        EmbeddedChannel third = connect();
        send(third, "PING\r\n");
        assertThat(output(third)).isEqualTo("+PONG\r\n");
    }

    @Test
    void requirePass() {
        settings.requirePass = "secret";
        EmbeddedChannel channel = connect();
        send(channel, "PING\r\nGET k\r\nAUTH wrong\r\nAUTH default wrong\r\nAUTH secret\r\nPING\r\n");
        assertThat(output(channel)).isEqualTo("-NOAUTH Authentication required.\r\n"
                + "-NOAUTH Authentication required.\r\n"
                + "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "-WRONGPASS invalid username-password pair or user is disabled.\r\n"
                + "+OK\r\n+PONG\r\n");
        EmbeddedChannel hello = connect();
        send(hello, "HELLO 3 AUTH default secret\r\nGET k\r\n");
        String out = output(hello);
        assertThat(out).startsWith("%7\r\n").endsWith("_\r\n");
        EmbeddedChannel quitter = connect();
        send(quitter, "QUIT\r\n");
        assertThat(output(quitter)).isEqualTo("+OK\r\n");
        assertThat(quitter.isOpen()).isFalse();
    }

    @Test
    void unauthenticatedClientsGetRedisLowerProtocolLimits() {
        settings.requirePass = "secret";
        EmbeddedChannel many = connect();
        send(many, "*11\r\n");
        assertThat(output(many)).isEqualTo("-ERR Protocol error: unauthenticated multibulk length\r\n");
        assertThat(many.isOpen()).isFalse();
        EmbeddedChannel big = connect();
        send(big, "*2\r\n$4\r\nAUTH\r\n$16385\r\n");
        assertThat(output(big)).isEqualTo("-ERR Protocol error: unauthenticated bulk length\r\n");
        EmbeddedChannel flood = connect();
        send(flood, "PING\r\n".repeat(200_000)); // 1.2 MB pending at once, before authenticating
        assertThat(output(flood)).isEmpty();
        assertThat(flood.isOpen()).isFalse();
        EmbeddedChannel authed = connect();
        send(authed, "AUTH secret\r\n*11\r\n");
        assertThat(output(authed)).isEqualTo("+OK\r\n");
        assertThat(authed.isOpen()).isTrue();
    }
}
