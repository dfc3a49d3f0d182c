package io.github.primkit.server.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The request parser against Redis 7.2's rules (checked byte for byte against valkey 8.0 and redis 7.0, see
 * ProtocolDifferentialTest), each case fed under every fragmentation: in one piece, split at every position, split at
 * every pair of positions (short inputs), one byte at a time, and at seeded random positions; between pieces the
 * buffer is kept, compacted (discardReadBytes) or copied to a new one, as Netty's cumulator may do. Every way must give
 * the same commands, the same error and leave the same unread bytes.
 */
class RequestParserTest {
    private static final long SEED = System.nanoTime();

    static {
        System.out.println("RequestParserTest seed=" + SEED);
    }

    /** What feeding a byte stream produced. */
    record Outcome(List<List<String>> commands, String error, int unread, boolean midCommand) {
    }

    static final class TestLimits implements RequestParser.Limits {
        long maxBulk = 512L * 1024 * 1024;
        int maxMultibulk = Integer.MAX_VALUE;
        boolean authRequired;

        @Override
        public long maxBulkLength() {
            return maxBulk;
        }

        @Override
        public int maxMultibulkLength() {
            return maxMultibulk;
        }

        @Override
        public boolean authRequired() {
            return authRequired;
        }
    }

    // ---- valid requests --------------------------------------------------------------------------------------------

    @Test
    void multibulk() {
        expectCommands("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", List.of("SET", "key", "value"));
        expectCommands("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", List.of("PING"), List.of("ECHO", ""));
    }

    @Test
    void bulksAreBinarySafe() {
        String payload = "a\r\nb\r\n*2\r\n$1\r\n\0\u00ff\n\r";
        expectCommands("*2\r\n$4\r\nECHO\r\n$" + payload.length() + "\r\n" + payload + "\r\n",
                List.of("ECHO", payload));
    }

    @Test
    void emptyAndNegativeMultibulksAreIgnored() {
        expectCommands("*0\r\n*-1\r\n*-2147483649\r\n*-9223372036854775808\r\n*1\r\n$4\r\nPING\r\n",
                List.of("PING"));
    }

    @Test
    void headerLinesEndAtTheFirstCarriageReturnPlusOneByte() {
        // Redis ends a header at its first '\r' and skips one more byte without checking it is '\n'.
        expectCommands("*1\rx$4\r\nPING\r\n", List.of("PING"));
        // Nor does it check the two bytes after a bulk.
        expectCommands("*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", List.of("PING"), List.of("PING"));
    }

    @Test
    void inlineCommandsAreSplitLikeRedisCli() {
        expectCommands("PING\r\n", List.of("PING"));
        expectCommands("PING\n", List.of("PING"));
        expectCommands("  SET \t a   b  \r\n", List.of("SET", "a", "b"));
        expectCommands("ECHO \"hello world\"\r\n", List.of("ECHO", "hello world"));
        expectCommands("ECHO \"\\x41\\x4a\\n\\r\\t\\b\\a\\\\\\\"\\q\"\r\n", List.of("ECHO", "AJ\n\r\t\b\u0007\\\"q"));
        expectCommands("ECHO \"\\x4\" \"\\xZZ\"\r\n", List.of("ECHO", "x4", "xZZ"));
        expectCommands("ECHO 'it\\'s' '\\n'\r\n", List.of("ECHO", "it's", "\\n"));
        // A quote may start mid-argument, but a closing quote must be followed by a space or the end.
        expectError("ECHO a\"b c\"d\r\n", "ERR Protocol error: unbalanced quotes in request");
        expectCommands("ECHO a\"b c\" d\r\n", List.of("ECHO", "ab c", "d"));
        expectCommands("ECHO '' \"\"\r\n", List.of("ECHO", "", ""));
        expectCommands("ECHO \u000bx\r\n", List.of("ECHO", "x"));
        expectCommands("ECHO a\u000bb\r\n", List.of("ECHO", "a\u000bb"));
        expectCommands("PING\rPING\r\n", List.of("PING", "PING"));
        expectCommands("ECHO \"\\x00\"\r\n", List.of("ECHO", "\0"));
    }

    @Test
    void blankLinesAreIgnored() {
        expectCommands("\r\n\n   \r\n\t\nPING\r\n\r\n", List.of("PING"));
    }

    @Test
    void inlineAndMultibulkMixInOnePipeline() {
        expectCommands("PING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n\r\nECHO 'x y'\n*0\r\nQUIT\r\n",
                List.of("PING"), List.of("ECHO", "hi"), List.of("ECHO", "x y"), List.of("QUIT"));
    }

    @Test
    void aBulkLineStartingLikeAnotherFrameIsAnInlineCommand() {
        expectCommands("$4\r\nPING\r\n", List.of("$4"), List.of("PING"));
    }

    // ---- protocol errors -------------------------------------------------------------------------------------------

    @Test
    void invalidMultibulkLength() {
        for (String count : List.of("x", "01", "+1", "-0", "", "-", "1x", "2147483648", "99999999999999999999",
                "-99999999999999999999", "9223372036854775808", "1 ")) {
            expectError("*" + count + "\r\n", "ERR Protocol error: invalid multibulk length");
        }
        // Commands before the bad frame still run.
        expectError("PING\r\n*1\r\n$4\r\nPING\r\n*x\r\n", "ERR Protocol error: invalid multibulk length",
                List.of("PING"), List.of("PING"));
    }

    @Test
    void invalidBulkLength() {
        for (String length : List.of("x", "-1", "04", "+4", "", "4 ", "536870913", "99999999999999999999",
                "2147483000")) {
            expectError("*1\r\n$" + length + "\r\n", "ERR Protocol error: invalid bulk length");
        }
    }

    @Test
    void expectedDollar() {
        expectError("*1\r\nxyz\r\n", "ERR Protocol error: expected '$', got 'x'");
        expectError("*2\r\n$4\r\nECHO\r\n:1\r\n", "ERR Protocol error: expected '$', got ':'");
        expectError("*1\r\n\r\n", "ERR Protocol error: expected '$', got ' '");
        expectError("*1\r\n\n\r\n", "ERR Protocol error: expected '$', got ' '");
        expectError("*1\r\n\u00ffyz\r\n", "ERR Protocol error: expected '$', got '\u00ff'");
        // Only once the line is complete (Redis waits for it too).
        expectWaiting("*1\r\nxyz", 3);
    }

    @Test
    void unbalancedQuotes() {
        for (String line : List.of("PING \"a", "ECHO \"a\"b", "ECHO 'a'b", "ECHO 'a", "ECHO \"a\\\"", "\"")) {
            expectError(line + "\r\n", "ERR Protocol error: unbalanced quotes in request");
        }
    }

    @Test
    void tooBigLines() {
        String big = "x".repeat(RequestParser.MAX_INLINE + 1);
        expectError(big, "ERR Protocol error: too big inline request");
        expectError("PING\r\n" + big, "ERR Protocol error: too big inline request", List.of("PING"));
        expectError("*1" + big, "ERR Protocol error: too big mbulk count string");
        expectError("*1\r\n" + big, "ERR Protocol error: too big bulk count string");
        expectError("*1\r\n$" + big, "ERR Protocol error: too big bulk count string");
        // Exactly 64 KiB without a newline still waits.
        expectWaiting("x".repeat(RequestParser.MAX_INLINE), RequestParser.MAX_INLINE);
    }

    @Test
    void aNulByteHidesTheLineEndAsInRedis() {
        // Redis searches line ends with strchr: a NUL stops it, and the line waits until it is too big.
        expectWaiting("*1\0\r\n$4\r\nPING\r\n", 15);
        expectWaiting("PING\0 x\r\n", 9);
        expectError("*1\0\r\n" + "y".repeat(RequestParser.MAX_INLINE), "ERR Protocol error: too big mbulk count string");
        expectError("PING\0\r\n" + "y".repeat(RequestParser.MAX_INLINE), "ERR Protocol error: too big inline request");
    }

    // ---- limits ----------------------------------------------------------------------------------------------------

    @Test
    void bulkLengthAboveTheConfiguredMaximum() {
        TestLimits limits = new TestLimits();
        limits.maxBulk = 10;
        expectOutcome(limits, "*2\r\n$4\r\nECHO\r\n$10\r\n0123456789\r\n",
                new Outcome(List.of(List.of("ECHO", "0123456789")), null, 0, false));
        expectOutcome(limits, "*2\r\n$4\r\nECHO\r\n$11\r\n",
                new Outcome(List.of(), "ERR Protocol error: invalid bulk length", 0, false));
    }

    @Test
    void multibulkCountAboveTheConfiguredMaximum() {
        TestLimits limits = new TestLimits();
        limits.maxMultibulk = 3;
        expectOutcome(limits, "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n",
                new Outcome(List.of(List.of("a", "b", "c")), null, 0, false));
        expectOutcome(limits, "*4\r\n", new Outcome(List.of(), "ERR Protocol error: invalid multibulk length", 0,
                false));
    }

    @Test
    void redisDefaultsAllowHugeArgumentCountsAndRefuseBulksOver512MiB() {
        // Announcing many arguments costs nothing until they arrive.
        expectWaiting("*2147483647\r\n$4\r\nPING\r\n", 0);
        expectWaiting("*1\r\n$536870912\r\n", 0);
        expectError("*1\r\n$536870913\r\n", "ERR Protocol error: invalid bulk length");
    }

    @Test
    void unauthenticatedClientsGetRedisLowerLimits() {
        TestLimits limits = new TestLimits();
        limits.authRequired = true;
        expectOutcome(limits, "*11\r\n",
                new Outcome(List.of(), "ERR Protocol error: unauthenticated multibulk length", 0, false));
        expectOutcome(limits, "*1\r\n$16385\r\n",
                new Outcome(List.of(), "ERR Protocol error: unauthenticated bulk length", 0, false));
        String max = "x".repeat(16384);
        expectOutcome(limits, "*10\r\n" + "$16384\r\n" + max + "\r\n",
                new Outcome(List.of(), null, 0, true));
        // Inline commands are not limited in argument count (only by the 64 KiB line).
        expectOutcome(limits, "AUTH a b c d e f g h i j k\r\n",
                new Outcome(List.of(List.of("AUTH", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")), null, 0,
                        false));
    }

    @Test
    void limitsAreReadLiveAtEachHeader() throws ProtocolException {
        TestLimits limits = new TestLimits();
        RequestParser parser = new RequestParser(limits);
        ByteBuf in = Unpooled.buffer();
        List<byte[][]> commands = new ArrayList<>();
        in.writeBytes(bytes("*2\r\n$4\r\nECHO\r\n"));
        parser.parse(in, commands::add);
        limits.maxBulk = 3;
        in.writeBytes(bytes("$4\r\nabcd\r\n"));
        try {
            parser.parse(in, commands::add);
            throw new AssertionError("expected a protocol error");
        } catch (ProtocolException e) {
            assertThat(e.getMessage()).isEqualTo("ERR Protocol error: invalid bulk length");
        }
        assertThat(commands).isEmpty();
    }

    // ---- incomplete input and memory -------------------------------------------------------------------------------

    @Test
    void incompleteFramesWait() {
        expectWaiting("*1\r\n$3\r\nfoo", 3);
        expectWaiting("*1\r\n$3\r\nfoo\r", 4);
        expectWaiting("*1\r", 3);
        expectWaiting("*1\r\n$4\r", 3);
        expectWaiting("*2\r\n$4\r\nECHO\r\n", 0);
        expectWaiting("PING", 4);
        expectWaiting("PING\r", 5);
    }

    @Test
    void aHugeDeclaredBulkWaitsForItsBytesWithoutAllocatingThem() throws ProtocolException {
        // $2147483000 is over Redis's default proto-max-bulk-len (512 MiB): refused at once, as Redis does.
        expectError("*1\r\n$2147483000\r\nabc", "ERR Protocol error: invalid bulk length");
        // With the limit raised, a huge declared bulk only waits for its bytes.
        TestLimits limits = new TestLimits();
        limits.maxBulk = Long.MAX_VALUE;
        String header = "*2\r\n$3\r\nSET\r\n$2147300000\r\n";
        expectOutcome(limits, header + "abc", new Outcome(List.of(), null, 3, true));
        // Beyond what a Java array can hold, it is refused rather than accepted and never completed.
        expectOutcome(limits, "*1\r\n$2147483000\r\nabc",
                new Outcome(List.of(), "ERR Protocol error: invalid bulk length", 0, false));
    }

    @Test
    void aDeclared100MiBBulkWithTenBytesAllocatesAlmostNothing() throws ProtocolException {
        // Deterministic: the JVM counts the bytes this thread allocates (no GC or heap sampling involved).
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        threads.setThreadAllocatedMemoryEnabled(true);
        byte[] frame = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$104857600\r\n0123456789");
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        RequestParser parser = new RequestParser(512L * 1024 * 1024, Integer.MAX_VALUE);
        List<byte[][]> commands = new ArrayList<>();
        parser.parse(in, commands::add); // warm up the code path (class loading, lambdas)
        in = Unpooled.wrappedBuffer(frame);
        parser = new RequestParser(512L * 1024 * 1024, Integer.MAX_VALUE);
        long before = threads.getCurrentThreadAllocatedBytes();
        parser.parse(in, commands::add);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(commands).isEmpty();
        assertThat(in.readableBytes()).isEqualTo(10);
        assertThat(parser.isMidCommand()).isTrue();
        assertThat(allocated).as("bytes allocated while parsing").isLessThan(64 * 1024);
    }

    @Test
    void pendingBytesCountWhatAnUnfinishedCommandHolds() throws ProtocolException {
        RequestParser parser = new RequestParser(512L * 1024 * 1024, Integer.MAX_VALUE);
        ByteBuf in = Unpooled.buffer();
        in.writeBytes(bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nva"));
        parser.parse(in, args -> {
            throw new AssertionError("no command is complete");
        });
        // "*3\r\n" + "$3\r\n" + "SET\r\n" + "$1\r\n" + "k\r\n" + "$5\r\n" + 2 arguments' overhead
        assertThat(parser.pendingBytes()).isEqualTo(4 + 4 + 5 + 4 + 3 + 4 + 2 * RequestParser.ARGUMENT_OVERHEAD);
        in.writeBytes(bytes("lue\r\n"));
        List<byte[][]> commands = new ArrayList<>();
        parser.parse(in, commands::add);
        assertThat(commands).hasSize(1);
        assertThat(parser.pendingBytes()).isZero();
    }

    @Test
    void aSinkCanStopParsingAndItResumesWhereItStopped() throws ProtocolException {
        RequestParser parser = new RequestParser(1024, 1024);
        ByteBuf in = Unpooled.wrappedBuffer(bytes("PING\r\n*1\r\n$4\r\nPING\r\nECHO x\r\n"));
        List<String> seen = new ArrayList<>();
        parser.parse(in, args -> {
            seen.add(string(args[0]));
            return false;
        });
        assertThat(seen).containsExactly("PING");
        parser.parse(in, args -> {
            seen.add(string(args[0]));
            return false;
        });
        parser.parse(in, args -> seen.add(string(args[0])));
        assertThat(seen).containsExactly("PING", "PING", "ECHO");
        assertThat(in.isReadable()).isFalse();
    }

    // ---- seeded random pipelines -----------------------------------------------------------------------------------

    @Test
    void randomPipelinesParseTheSameUnderRandomFragmentation() {
        Random random = new Random(SEED);
        for (int round = 0; round < 300; round++) {
            List<List<String>> commands = new ArrayList<>();
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int count = 1 + random.nextInt(6);
            for (int c = 0; c < count; c++) {
                List<String> command = new ArrayList<>();
                int argc = 1 + random.nextInt(5);
                boolean inline = random.nextInt(3) == 0;
                for (int a = 0; a < argc; a++) {
                    command.add(inline ? randomWord(random) : randomBinary(random));
                }
                commands.add(command);
                stream.writeBytes(inline ? inline(command) : multibulk(command));
                if (random.nextInt(5) == 0) {
                    stream.writeBytes(bytes(random.nextBoolean() ? "\r\n" : "*0\r\n"));
                }
            }
            byte[] data = stream.toByteArray();
            Outcome expected = new Outcome(commands, null, 0, false);
            for (int split = 0; split < 20; split++) {
                int[] cuts = random.ints(random.nextInt(6), 0, data.length + 1).sorted().toArray();
                Outcome actual = feed(new TestLimits(), data, cuts, random.nextInt(3));
                assertThat(actual).as("seed=%d round=%d cuts=%s", SEED, round, Arrays.toString(cuts))
                        .isEqualTo(expected);
            }
        }
    }

    // ---- harness ---------------------------------------------------------------------------------------------------

    @SafeVarargs
    private static void expectCommands(String stream, List<String>... commands) {
        expectOutcome(new TestLimits(), stream, new Outcome(List.of(commands), null, 0, false));
    }

    @SafeVarargs
    private static void expectError(String stream, String error, List<String>... before) {
        expectOutcome(new TestLimits(), stream, new Outcome(List.of(before), error, 0, false));
    }

    private static void expectWaiting(String stream, int unread) {
        Outcome whole = feed(new TestLimits(), bytes(stream), new int[0], 0);
        assertThat(whole.commands()).as("commands from %s", visible(stream)).isEmpty();
        assertThat(whole.error()).as("error from %s", visible(stream)).isNull();
        assertThat(whole.unread()).as("unread bytes of %s", visible(stream)).isEqualTo(unread);
        expectOutcome(new TestLimits(), stream, whole);
    }

    /** Feeds the stream whole and under every fragmentation; each must give {@code expected}. */
    private static void expectOutcome(TestLimits limits, String stream, Outcome expected) {
        byte[] data = bytes(stream);
        Consumer<int[]> check = cuts -> {
            for (int mode = 0; mode < 3; mode++) {
                Outcome actual = feed(limits, data, cuts, mode);
                Outcome comparable = expected.error() != null
                        ? new Outcome(actual.commands(), actual.error(), 0, false) : actual;
                assertThat(comparable).as("%s cut at %s (buffer mode %d)", visible(stream), Arrays.toString(cuts), mode)
                        .isEqualTo(expected);
            }
        };
        check.accept(new int[0]);
        boolean large = data.length > 2048;
        int step = large ? Math.max(1, data.length / 512) : 1;
        for (int i = 1; i < data.length; i += step) {
            check.accept(new int[] {i});
        }
        if (data.length <= 64) {
            for (int i = 1; i < data.length; i++) {
                for (int j = i + 1; j < data.length; j++) {
                    check.accept(new int[] {i, j});
                }
            }
        }
        if (!large) {
            int[] everyByte = new int[Math.max(0, data.length - 1)];
            for (int i = 0; i < everyByte.length; i++) {
                everyByte[i] = i + 1;
            }
            check.accept(everyByte);
        }
        Random random = new Random(SEED ^ stream.hashCode());
        for (int i = 0; i < 20; i++) {
            check.accept(random.ints(1 + random.nextInt(8), 0, data.length + 1).sorted().toArray());
        }
    }

    /**
     * Feeds {@code data} cut at {@code cuts}, parsing after each piece. Between pieces the buffer is kept (mode 0),
     * compacted (1) or its unread bytes copied into a new buffer (2), as a cumulator may do.
     */
    static Outcome feed(RequestParser.Limits limits, byte[] data, int[] cuts, int mode) {
        RequestParser parser = new RequestParser(limits);
        List<List<String>> commands = new ArrayList<>();
        RequestParser.Sink sink = args -> {
            List<String> command = new ArrayList<>();
            for (byte[] arg : args) {
                command.add(string(arg));
            }
            commands.add(command);
            return true;
        };
        ByteBuf in = Unpooled.buffer();
        int from = 0;
        int[] ends = Arrays.copyOf(cuts, cuts.length + 1);
        ends[cuts.length] = data.length;
        for (int end : ends) {
            if (end < from) {
                continue;
            }
            in.writeBytes(data, from, end - from);
            from = end;
            try {
                parser.parse(in, sink);
            } catch (ProtocolException e) {
                return new Outcome(commands, e.getMessage(), in.readableBytes(), parser.isMidCommand());
            }
            if (mode == 1) {
                in.discardReadBytes();
            } else if (mode == 2) {
                ByteBuf copy = Unpooled.buffer();
                copy.writeBytes(in);
                in = copy;
            }
        }
        return new Outcome(commands, null, in.readableBytes(), parser.isMidCommand());
    }

    private static String randomWord(Random random) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_:.{}";
        StringBuilder word = new StringBuilder();
        int length = 1 + random.nextInt(12);
        for (int i = 0; i < length; i++) {
            word.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return word.toString();
    }

    private static String randomBinary(Random random) {
        int length = random.nextInt(10) == 0 ? random.nextInt(3000) : random.nextInt(20);
        char[] chars = new char[length];
        String special = "\r\n\0*$: \"'";
        for (int i = 0; i < length; i++) {
            chars[i] = random.nextInt(4) == 0 ? special.charAt(random.nextInt(special.length()))
                    : (char) random.nextInt(256);
        }
        return new String(chars);
    }

    static byte[] multibulk(List<String> args) {
        StringBuilder frame = new StringBuilder("*").append(args.size()).append("\r\n");
        for (String arg : args) {
            frame.append('$').append(arg.length()).append("\r\n").append(arg).append("\r\n");
        }
        return bytes(frame.toString());
    }

    private static byte[] inline(List<String> args) {
        return bytes(String.join(" ", args) + "\r\n");
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String visible(String stream) {
        String shown = stream.length() > 80 ? stream.substring(0, 80) + "...(" + stream.length() + " bytes)" : stream;
        return shown.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
    }
}
