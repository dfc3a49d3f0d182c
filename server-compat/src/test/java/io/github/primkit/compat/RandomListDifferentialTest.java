package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random non-blocking list commands over a handful of keys (one of them sometimes a string), sent to both servers;
 * every reply and, periodically, every key's contents must be identical. The seed is in every failure message.
 */
class RandomListDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"k1", "k2", "k3", "k4", "k5"};
    private static final String[] VALUES = {"a", "b", "c", "d", "", "a"};
    private static final String[] SIDES = {"LEFT", "RIGHT", "left", "Right"};

    private long seed;
    private int step;

    @Test
    void randomListCommands() throws IOException {
        seed = System.nanoTime();
        Random random = new Random(seed);
        for (step = 0; step < 3000; step++) {
            Object[] command = command(random);
            if (command != null) {
                check(command);
            } else {
                check(new Object[] {"MULTI"});
                check(blockingCommand(random));
                check(new Object[] {"EXEC"});
            }
            if (step % 100 == 99) {
                for (String key : KEYS) {
                    check(new Object[] {"TYPE", key});
                    check(new Object[] {"LRANGE", key, "0", "-1"});
                }
            }
        }
        for (String key : KEYS) {
            check(new Object[] {"LRANGE", key, "0", "-1"});
        }
    }

    private void check(Object[] command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(String.valueOf(actual)).as("seed %d step %d: %s", seed, step, describe(command))
                .isEqualTo(String.valueOf(expected));
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String index(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> "x";
            case 1 -> "9223372036854775807";
            case 2 -> "-9223372036854775808";
            default -> Integer.toString(random.nextInt(17) - 8);
        };
    }

    private static String count(Random random) {
        return switch (random.nextInt(20)) {
            case 0 -> "-1";
            case 1 -> "abc";
            default -> Integer.toString(random.nextInt(6));
        };
    }

    private static List<Object> values(Random random) {
        List<Object> out = new ArrayList<>();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            out.add(pick(random, VALUES));
        }
        return out;
    }

    private static Object[] command(Random random) {
        String key = pick(random, KEYS);
        List<Object> c = new ArrayList<>();
        switch (random.nextInt(24)) {
            case 0, 1, 2 -> {
                c.add(random.nextBoolean() ? "LPUSH" : "RPUSH");
                c.add(key);
                c.addAll(values(random));
            }
            case 3 -> {
                c.add(random.nextBoolean() ? "LPUSHX" : "RPUSHX");
                c.add(key);
                c.addAll(values(random));
            }
            case 4, 5 -> {
                c.add(random.nextBoolean() ? "LPOP" : "RPOP");
                c.add(key);
                if (random.nextBoolean()) {
                    c.add(count(random));
                }
            }
            case 6 -> c.addAll(List.of("LLEN", key));
            case 7, 8 -> c.addAll(List.of("LRANGE", key, index(random), index(random)));
            case 9 -> c.addAll(List.of("LINDEX", key, index(random)));
            case 10 -> c.addAll(List.of("LSET", key, index(random), pick(random, VALUES)));
            case 11 -> c.addAll(List.of("LREM", key, Integer.toString(random.nextInt(7) - 3), pick(random, VALUES)));
            case 12 -> c.addAll(List.of("LTRIM", key, index(random), index(random)));
            case 13 -> c.addAll(List.of("LINSERT", key, random.nextInt(10) == 0 ? "MIDDLE"
                    : random.nextBoolean() ? "BEFORE" : "AFTER", pick(random, VALUES), pick(random, VALUES)));
            case 14, 15 -> {
                c.addAll(List.of("LPOS", key, pick(random, VALUES)));
                if (random.nextBoolean()) {
                    c.addAll(List.of("RANK", random.nextInt(10) == 0 ? "0" : Integer.toString(random.nextInt(7) - 3)));
                }
                if (random.nextBoolean()) {
                    c.addAll(List.of("COUNT", count(random)));
                }
                if (random.nextInt(3) == 0) {
                    c.addAll(List.of("MAXLEN", count(random)));
                }
            }
            case 16, 17 -> c.addAll(List.of("LMOVE", key, pick(random, KEYS), pick(random, SIDES),
                    pick(random, SIDES)));
            case 18 -> c.addAll(List.of("RPOPLPUSH", key, pick(random, KEYS)));
            case 19, 20 -> {
                int n = 1 + random.nextInt(3);
                c.add("LMPOP");
                c.add(Integer.toString(n));
                for (int i = 0; i < n; i++) {
                    c.add(pick(random, KEYS));
                }
                c.add(pick(random, SIDES));
                if (random.nextBoolean()) {
                    c.addAll(List.of("COUNT", count(random)));
                }
            }
            case 21 -> c.addAll(List.of("SET", key, "string"));
            case 22 -> c.addAll(List.of("DEL", key));
            default -> {
                return null; // a blocking command inside MULTI
            }
        }
        return c.toArray();
    }

    /** A blocking command; the caller runs it inside MULTI/EXEC, where it cannot block. */
    private static Object[] blockingCommand(Random random) {
        String key = pick(random, KEYS);
        return switch (random.nextInt(5)) {
            case 0 -> new Object[] {random.nextBoolean() ? "BLPOP" : "BRPOP", key, pick(random, KEYS), "0"};
            case 1 -> new Object[] {"BRPOPLPUSH", key, pick(random, KEYS), "0"};
            case 2 -> new Object[] {"BLMOVE", key, pick(random, KEYS), pick(random, SIDES), pick(random, SIDES), "0"};
            case 3 -> new Object[] {"BLMPOP", "0", "2", key, pick(random, KEYS), pick(random, SIDES), "COUNT",
                count(random)};
            default -> new Object[] {"BLPOP", key, random.nextBoolean() ? "-1" : "x"};
        };
    }
}
