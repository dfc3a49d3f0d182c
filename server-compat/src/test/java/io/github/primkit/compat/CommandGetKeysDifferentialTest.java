package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * COMMAND GETKEYS and GETKEYSANDFLAGS against the reference: hand-picked cases for every way Redis 7.2 finds keys
 * (index and keyword key specs, key counts, XREAD's STREAMS, GEORADIUS's STORE, SET's GET, the fallback to the
 * command's own key search with C's atoi when a count is not a clean number), the error replies, and for every
 * command of our table seeded random argument lists built from words those searches react to.
 * {@code -Dprimkit.seed=<seed>} replays a run.
 */
class CommandGetKeysDifferentialTest extends DifferentialTest {
    private static final String[] WORDS = {"k1", "k2", "k3", "0", "1", "2", "3", "-1", "1x", " 2", "01", "STREAMS",
        "streams", "store", "STOREDIST", "GET", "get", "BLOCK", "COUNT", "GROUP", "NOACK", "left", "WEIGHTS", "min",
        "4294967297", "99999999999999999999"};

    @Test
    void errors() throws IOException {
        for (String sub : new String[] {"GETKEYS", "GETKEYSANDFLAGS"}) {
            same("COMMAND", sub);
            same("COMMAND", sub, "nosuch", "a");
            same("COMMAND", sub, "");
            same("COMMAND", sub, "get|x", "k");
            same("COMMAND", sub, "object|encoding", "k");
            same("COMMAND", sub, "object");
            same("COMMAND", sub, "object", "k");
            same("COMMAND", sub, "object", "nosuch", "k");
            same("COMMAND", sub, "ping");
            same("COMMAND", sub, "publish", "a", "b");
            same("COMMAND", sub, "client", "kill", "a", "b");
            same("COMMAND", sub, "command");
            same("COMMAND", sub, "command", "getkeys", "get", "k");
            same("COMMAND", sub, "xgroup", "help");
            same("COMMAND", sub, "get");
            same("COMMAND", sub, "get", "a", "b");
            same("COMMAND", sub, "mset", "a");
            same("COMMAND", sub, "xread", "streams", "a");
            same("COMMAND", sub, "zunionstore", "d", "3", "a", "b");
            same("COMMAND", sub, "sintercard", "0", "a", "b");
            same("COMMAND", sub, "lmpop", "0", "a", "left");
            same("COMMAND", sub, "xread", "count", "1", "a", "b");
        }
    }

    @Test
    void keySpecsAndFallbacks() throws IOException {
        String[][] cases = {
            {"get", "k"}, {"GET", "k"}, {"set", "k", "v"}, {"set", "k", "v", "get"}, {"set", "k", "v", "nx", "GeT"},
            {"set", "k", "get"}, {"set", "k", "v", "gets"}, {"del", "a", "b", "c"}, {"mset", "a", "1", "b", "2"},
            {"mset", "a", "1", "b"}, {"msetnx", "a", "1"}, {"blpop", "a", "b", "0"}, {"copy", "a", "b", "db", "1"},
            {"rename", "a", "b"}, {"renamenx", "a", "b"}, {"lmove", "a", "b", "left", "right"},
            {"smove", "a", "b", "m"}, {"object", "encoding", "k"}, {"object", "Encoding", "k"},
            {"xgroup", "create", "k", "g", "$"}, {"xinfo", "stream", "k"}, {"watch", "a", "b"},
            {"eval", "return 1", "0"}, {"eval", "return 1", "2", "a", "b"}, {"eval", "s", "3", "a"},
            {"eval", "s", "1"}, {"eval", "s", "-1", "a"}, {"eval", "s", "x", "a"}, {"eval", "s", "1x", "a", "b"},
            {"eval", "s", "2x", "a", "b"}, {"evalsha", "s", "1", "a", "b"}, {"eval_ro", "s", "1", "a"},
            {"evalsha_ro", "s", "1", "a"}, {"zunionstore", "d", "2", "a", "b", "weights", "1", "2"},
            {"zunionstore", "d", "1x", "a", "b"}, {"zinterstore", "d", "2", "a"}, {"zdiffstore", "d", "2", "a", "b"},
            {"zunion", "1x", "a"}, {"zunion", "01", "a"}, {"zunion", "-1", "a"}, {"zinter", "0", "a"},
            {"zdiff", "2", "a", "b"}, {"zintercard", "2", "a", "b", "limit", "1"}, {"sintercard", "2", "a", "b"},
            {"sintercard", "1x", "a"}, {"sintercard", "3", "a", "b"}, {"lmpop", "2", "a", "b", "left"},
            {"lmpop", "2", "a", "left"}, {"blmpop", "0", "2", "a", "b", "left"}, {"blmpop", "0", "x", "a", "left"},
            {"zmpop", "1", "a", "min"}, {"bzmpop", "0", "2", "a", "b", "min"}, {"xread", "streams", "a", "b"},
            {"xread", "streams", "a", "b", "c"}, {"xread", "streams", "a", "b", "c", "d"},
            {"xread", "count", "2", "block", "2", "streams", "a", "b", "c", "d"},
            {"xread", "count", "streams", "streams", "a", "b"},
            {"xreadgroup", "group", "g", "c", "streams", "a", "b"},
            {"xreadgroup", "group", "streams", "c", "streams", "a", "b"},
            {"xreadgroup", "group", "g", "c", "noack", "streams", "a", "b", "c", "d"},
            {"georadius", "k", "0", "0", "1", "km", "store", "s", "storedist", "t"},
            {"georadius", "k", "0", "0", "1", "km", "store"}, {"georadius", "store", "0", "0", "1", "km", "store", "a"},
            {"georadius", "k", "0", "0", "1", "store", "km", "a"}, {"georadiusbymember", "k", "m", "1", "store", "x"},
            {"georadiusbymember", "k", "m", "1", "km", "store", "s"}, {"georadius_ro", "k", "0", "0", "1", "km"},
            {"geosearchstore", "a", "b", "frommember", "m", "byradius", "1", "km"},
            {"zrangestore", "d", "s", "0", "-1"}, {"sdiffstore", "d", "a", "b"}, {"brpoplpush", "a", "b", "0"},
        };
        for (String sub : new String[] {"GETKEYS", "GETKEYSANDFLAGS"}) {
            for (String[] args : cases) {
                same(command(sub, args));
            }
        }
        resp3();
        for (String[] args : cases) {
            same(command("GETKEYSANDFLAGS", args));
        }
    }

    /** Every command of our table (with or without keys), with seeded random arguments. */
    @Test
    void everyCommandWithRandomArguments() throws IOException {
        long seed = Long.getLong("primkit.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        for (Resp name : ours.call("COMMAND", "LIST").elements()) {
            names.add(name.text());
        }
        assertThat(names).hasSizeGreaterThan(100);
        int compared = 0;
        for (String name : names) {
            String[] parts = name.split("\\|");
            for (int i = 0; i < 12; i++) {
                List<String> args = new ArrayList<>(List.of(parts));
                int extra = random.nextInt(9);
                for (int j = 0; j < extra; j++) {
                    args.add(WORDS[random.nextInt(WORDS.length)]);
                }
                String sub = random.nextBoolean() ? "GETKEYS" : "GETKEYSANDFLAGS";
                Object[] command = command(sub, args.toArray(new String[0]));
                Resp expected = reference.call(command);
                Resp actual = ours.call(command);
                assertThat(actual.toString()).as("seed %d: reply to %s", seed, describe(command))
                        .isEqualTo(expected.toString());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(names.size() * 12);
    }

    private static Object[] command(String sub, String... args) {
        Object[] command = new Object[args.length + 2];
        command[0] = "COMMAND";
        command[1] = sub;
        System.arraycopy(args, 0, command, 2, args.length);
        return command;
    }
}
