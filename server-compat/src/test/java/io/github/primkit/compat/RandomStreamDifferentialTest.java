package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random stream commands over two keys, sent to both servers: XADD with explicit and {@code <ms>-*} IDs, values that
 * are integers, short and long strings (so nodes close by entry count and by bytes), exact and {@code ~} trimming,
 * XDEL, ranges, consumer groups, XREADGROUP, XACK, XCLAIM/XAUTOCLAIM (JUSTID, idle 0), XINFO (times masked), XSETID,
 * COPY. Every reply must be identical. The seed ({@code -Dprimkit.seed}) is in every failure message.
 */
class RandomStreamDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"s1", "s2"};
    private static final String[] GROUPS = {"g1", "g2"};
    private static final String[] CONSUMERS = {"c1", "c2", "c3"};

    private long seed;
    private int step;
    private long ms = 1;
    private Random random;

    @Test
    void randomStreamCommands() throws IOException {
        seed = Long.getLong("primkit.seed", System.nanoTime());
        random = new Random(seed);
        for (step = 0; step < 4000; step++) {
            check(command());
        }
        for (String key : KEYS) {
            check(new Object[] {"XINFO", "STREAM", key, "FULL", "COUNT", "0"});
        }
    }

    private void check(Object[] command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(StreamDifferentialTest.mask(actual, false))
                .as("seed %d (-Dprimkit.seed=%d) step %d: %s", seed, seed, step, describe(command))
                .isEqualTo(StreamDifferentialTest.mask(expected, false));
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private int between(int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    private String id() {
        double c = random.nextDouble();
        if (c < 0.1) {
            return Long.toString(between(0, (int) Math.min(ms + 2, Integer.MAX_VALUE - 3)));
        }
        if (c < 0.15) {
            return pick(new String[] {"-", "+", "0-0", "bad", "(1-1", "18446744073709551615-18446744073709551615"});
        }
        return random.nextInt((int) Math.min(ms + 3, Integer.MAX_VALUE - 3)) + "-" + between(0, 3);
    }

    private String value() {
        double c = random.nextDouble();
        if (c < 0.3) {
            return Long.toString(-200_000 + (long) (random.nextDouble() * 5_000_200_000L));
        }
        if (c < 0.5) {
            return "x".repeat(between(0, 300));
        }
        return pick(new String[] {"a", "b", "", "hello", "123abc", "-0", "007"});
    }

    private Object[] command() {
        String k = pick(KEYS);
        double c = random.nextDouble();
        List<Object> cmd = new ArrayList<>();
        if (c < 0.35) {
            ms += new long[] {0, 0, 1, 1, 2, 1000, 70000, 9000000}[random.nextInt(8)];
            double idForm = random.nextDouble();
            String id = idForm < 0.6 ? ms + "-" + between(0, 5) : idForm < 0.9 ? ms + "-*" : id();
            cmd.addAll(List.of("XADD", k));
            double t = random.nextDouble();
            if (t < 0.15) {
                cmd.addAll(List.of("MAXLEN", "~", Integer.toString(between(0, 300))));
            } else if (t < 0.2) {
                cmd.addAll(List.of("MAXLEN", Integer.toString(between(0, 300))));
            } else if (t < 0.25) {
                cmd.addAll(List.of("MINID", "~", between(0, (int) Math.min(ms, Integer.MAX_VALUE)) + "-0"));
            } else if (t < 0.28) {
                cmd.addAll(List.of("MAXLEN", "~", Integer.toString(between(0, 300)), "LIMIT",
                        Integer.toString(between(0, 250))));
            }
            cmd.add(id);
            int n = new int[] {1, 1, 1, 2, 3}[random.nextInt(5)];
            String[][] fieldSets = {{"f"}, {"f", "g"}, {"f", "g", "h"}, {"1", "2", "3"}};
            String[] fields = fieldSets[random.nextInt(fieldSets.length)];
            boolean own = random.nextDouble() < 0.2;
            for (int j = 0; j < n; j++) {
                cmd.add(own ? "q" + j : fields[j % fields.length]);
                cmd.add(value());
            }
        } else if (c < 0.4) {
            cmd.addAll(List.of("XDEL", k, id(), id()));
        } else if (c < 0.45) {
            double t = random.nextDouble();
            int limit = (int) Math.min(ms, Integer.MAX_VALUE - 1);
            if (t < 0.4) {
                cmd.addAll(List.of("XTRIM", k, "MAXLEN", "~", Integer.toString(between(0, 400))));
            } else if (t < 0.7) {
                cmd.addAll(List.of("XTRIM", k, "MAXLEN", Integer.toString(between(0, 400))));
            } else if (t < 0.85) {
                cmd.addAll(List.of("XTRIM", k, "MINID", "~", Integer.toString(between(0, limit))));
            } else {
                cmd.addAll(List.of("XTRIM", k, "MINID", between(0, limit) + "-" + between(0, 3)));
            }
        } else if (c < 0.5) {
            cmd.addAll(List.of("XRANGE", k, id(), id(), "COUNT", Integer.toString(between(-1, 20))));
        } else if (c < 0.53) {
            cmd.addAll(List.of("XREVRANGE", k, id(), id(), "COUNT", Integer.toString(between(1, 20))));
        } else if (c < 0.58) {
            cmd.addAll(List.of("XINFO", "STREAM", k));
        } else if (c < 0.6) {
            cmd.addAll(List.of("XLEN", k));
        } else if (c < 0.64) {
            String g = pick(GROUPS);
            double t = random.nextDouble();
            if (t < 0.4) {
                cmd.addAll(List.of("XGROUP", "CREATE", k, g, pick(new String[] {"$", "0", id()})));
                double o = random.nextDouble();
                if (o < 0.3) {
                    cmd.add("MKSTREAM");
                } else if (o < 0.6) {
                    cmd.addAll(List.of("ENTRIESREAD", Integer.toString(between(-1, 5))));
                }
            } else if (t < 0.6) {
                cmd.addAll(List.of("XGROUP", "SETID", k, g, pick(new String[] {"$", "0", id()})));
                if (random.nextBoolean()) {
                    cmd.addAll(List.of("ENTRIESREAD", Integer.toString(between(-1, 500))));
                }
            } else if (t < 0.7) {
                cmd.addAll(List.of("XGROUP", "DESTROY", k, g));
            } else if (t < 0.85) {
                cmd.addAll(List.of("XGROUP", "CREATECONSUMER", k, g, pick(CONSUMERS)));
            } else {
                cmd.addAll(List.of("XGROUP", "DELCONSUMER", k, g, pick(CONSUMERS)));
            }
        } else if (c < 0.75) {
            cmd.addAll(List.of("XREADGROUP", "GROUP", pick(GROUPS), pick(CONSUMERS), "COUNT",
                    Integer.toString(between(0, 30))));
            if (random.nextInt(3) == 0) {
                cmd.add("NOACK");
            }
            cmd.addAll(List.of("STREAMS", k, pick(new String[] {">", ">", ">", "0", id()})));
        } else if (c < 0.8) {
            cmd.addAll(List.of("XACK", k, pick(GROUPS), id(), id()));
        } else if (c < 0.84) {
            cmd.addAll(List.of("XPENDING", k, pick(GROUPS)));
        } else if (c < 0.88) {
            cmd.addAll(List.of("XINFO", "GROUPS", k));
        } else if (c < 0.91) {
            cmd.addAll(List.of("XCLAIM", k, pick(GROUPS), pick(CONSUMERS), "0", id(), id()));
            double o = random.nextDouble();
            if (o < 0.25) {
                cmd.add("JUSTID");
            } else if (o < 0.5) {
                cmd.addAll(List.of("FORCE", "JUSTID"));
            } else if (o < 0.75) {
                cmd.addAll(List.of("RETRYCOUNT", "3", "JUSTID"));
            } else {
                cmd.addAll(List.of("JUSTID", "LASTID", id()));
            }
        } else if (c < 0.94) {
            cmd.addAll(List.of("XAUTOCLAIM", k, pick(GROUPS), pick(CONSUMERS), "0", id(), "COUNT",
                    Integer.toString(between(1, 5)), "JUSTID"));
        } else if (c < 0.96) {
            cmd.addAll(List.of("XREAD", "COUNT", Integer.toString(between(0, 10)), "STREAMS", k,
                    pick(new String[] {"$", "+", "0", id()})));
        } else if (c < 0.97) {
            cmd.addAll(List.of("XSETID", k, id()));
            double o = random.nextDouble();
            if (o < 0.33) {
                cmd.addAll(List.of("ENTRIESADDED", Integer.toString(between(0, 2000))));
            } else if (o < 0.66) {
                cmd.addAll(List.of("MAXDELETEDID", id()));
            }
        } else if (c < 0.98) {
            cmd.addAll(List.of("XINFO", "STREAM", k, "FULL", "COUNT", "0"));
        } else if (c < 0.985) {
            cmd.addAll(List.of("DEL", k));
        } else {
            cmd.addAll(List.of("COPY", k, pick(KEYS), "REPLACE"));
        }
        return cmd.toArray();
    }
}
