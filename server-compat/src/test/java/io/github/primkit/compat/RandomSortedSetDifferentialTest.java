package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random differential test of the sorted-set commands: thousands of commands over a small key space (sorted
 * sets, sets as set-algebra inputs, strings to provoke WRONGTYPE; keys empty out and come back, get renamed, copied and
 * stored over), compared reply by reply with the reference, in RESP2 and RESP3. Members stay short and sets small, so
 * every set is a listpack in Redis and even ZSCAN and mixed-score lex ranges are exactly defined. A failure message
 * carries the seed and the step; {@code -Dprimkit.seed=<seed>} replays a run, {@code -Dprimkit.steps=<n>} makes it
 * longer. ZRANDMEMBER is checked for shape and membership only.
 */
class RandomSortedSetDifferentialTest extends DifferentialTest {
    private static final int STEPS = Integer.getInteger("primkit.steps", 3000);
    private static final String[] KEYS = {"z0", "z1", "z2", "z3", "s", "str"};
    private static final String[] SCORES = {"0", "1", "2", "3", "-1", "-2", "1.5", "-0", "0.1", "inf", "-inf", "1e3",
        "abc", "(1", "0x10", "2.5"};
    private static final String[] BOUNDS = {"-inf", "+inf", "0", "1", "2", "(1", "(2", "1.5", "(0", "-1", "3", "x",
        "(inf", "(-inf"};
    private static final String[] LEX = {"-", "+", "[m3", "(m5", "[m", "(m1", "[m10", "(", "[", "x", "[m7", "(m9"};

    private Random random;
    private long seed;
    private int step;

    @Test
    void randomCommandsInResp2() throws IOException {
        run();
    }

    @Test
    void randomCommandsInResp3() throws IOException {
        resp3();
        run();
    }

    private void run() throws IOException {
        seed = Long.getLong("primkit.seed", System.nanoTime());
        random = new Random(seed);
        for (step = 0; step < STEPS; step++) {
            randomCommand();
        }
    }

    private String key() {
        int i = random.nextInt(10);
        return i < 7 ? KEYS[i % 4] : KEYS[4 + random.nextInt(2)];
    }

    private String zkey() {
        return KEYS[random.nextInt(4)];
    }

    private String member() {
        return "m" + random.nextInt(12);
    }

    private String score() {
        return random.nextInt(3) == 0 ? Integer.toString(random.nextInt(11) - 5) : SCORES[random.nextInt(
                SCORES.length)];
    }

    private String bound() {
        return BOUNDS[random.nextInt(BOUNDS.length)];
    }

    private String lex() {
        return LEX[random.nextInt(LEX.length)];
    }

    private String index() {
        return Integer.toString(random.nextInt(13) - 6);
    }

    private String count() {
        return switch (random.nextInt(6)) {
            case 0 -> "0";
            case 1 -> "-" + (1 + random.nextInt(5));
            case 2 -> "100";
            default -> Integer.toString(1 + random.nextInt(5));
        };
    }

    private List<Object> numkeys(String command, int from) {
        List<Object> parts = new ArrayList<>(List.of(command));
        int n = from + random.nextInt(3);
        parts.add(Integer.toString(n));
        for (int i = 0; i < n; i++) {
            parts.add(key());
        }
        return parts;
    }

    private void rangeOptions(List<Object> parts, boolean scores, boolean limit) {
        if (scores && random.nextInt(3) == 0) {
            parts.add("WITHSCORES");
        }
        if (limit && random.nextInt(3) == 0) {
            parts.add("LIMIT");
            parts.add(Integer.toString(random.nextInt(4) - (random.nextInt(8) == 0 ? 2 : 0)));
            parts.add(count());
        }
    }

    private void randomCommand() throws IOException {
        String k = zkey();
        switch (random.nextInt(44)) {
            case 0, 1, 2, 3 -> {
                List<Object> parts = new ArrayList<>(List.of("ZADD", random.nextInt(8) == 0 ? key() : k));
                for (String flag : new String[] {"NX", "XX", "GT", "LT", "CH"}) {
                    if (random.nextInt(8) == 0) {
                        parts.add(flag);
                    }
                }
                boolean incr = random.nextInt(8) == 0;
                if (incr) {
                    parts.add("INCR");
                }
                int pairs = incr && random.nextInt(4) != 0 ? 1 : 1 + random.nextInt(4);
                for (int i = 0; i < pairs; i++) {
                    parts.add(score());
                    parts.add(member());
                }
                exact(parts.toArray());
            }
            case 4 -> exact("ZINCRBY", k, score(), member());
            case 5 -> exact("ZSCORE", key(), member());
            case 6 -> exact("ZMSCORE", key(), member(), member());
            case 7 -> exact("ZCARD", key());
            case 8 -> exact("ZCOUNT", key(), bound(), bound());
            case 9 -> exact("ZLEXCOUNT", key(), lex(), lex());
            case 10 -> exact(random.nextBoolean() ? "ZRANK" : "ZREVRANK", key(), member());
            case 11 -> exact(random.nextBoolean() ? "ZRANK" : "ZREVRANK", key(), member(), "WITHSCORE");
            case 12, 13 -> {
                List<Object> parts = new ArrayList<>(List.of("ZRANGE", key()));
                int type = random.nextInt(3);
                parts.add(type == 0 ? index() : type == 1 ? bound() : lex());
                parts.add(type == 0 ? index() : type == 1 ? bound() : lex());
                if (type == 1) {
                    parts.add("BYSCORE");
                } else if (type == 2) {
                    parts.add("BYLEX");
                }
                if (random.nextBoolean()) {
                    parts.add("REV");
                }
                rangeOptions(parts, type != 2 || random.nextInt(10) == 0, type != 0 || random.nextInt(10) == 0);
                exact(parts.toArray());
            }
            case 14 -> {
                List<Object> parts = new ArrayList<>(List.of(random.nextBoolean() ? "ZRANGEBYSCORE"
                        : "ZREVRANGEBYSCORE", key(), bound(), bound()));
                rangeOptions(parts, true, true);
                exact(parts.toArray());
            }
            case 15 -> {
                List<Object> parts = new ArrayList<>(List.of(random.nextBoolean() ? "ZRANGEBYLEX" : "ZREVRANGEBYLEX",
                        key(), lex(), lex()));
                rangeOptions(parts, false, true);
                exact(parts.toArray());
            }
            case 16 -> {
                List<Object> parts = new ArrayList<>(List.of("ZREVRANGE", key(), index(), index()));
                rangeOptions(parts, true, false);
                exact(parts.toArray());
            }
            case 17 -> {
                List<Object> parts = new ArrayList<>(List.of("ZRANGESTORE", key(), key()));
                int type = random.nextInt(3);
                parts.add(type == 0 ? index() : type == 1 ? bound() : lex());
                parts.add(type == 0 ? index() : type == 1 ? bound() : lex());
                if (type == 1) {
                    parts.add("BYSCORE");
                } else if (type == 2) {
                    parts.add("BYLEX");
                }
                if (random.nextBoolean()) {
                    parts.add("REV");
                }
                rangeOptions(parts, false, type != 0);
                exact(parts.toArray());
            }
            case 18, 19 -> exact("ZREM", key(), member(), member());
            case 20 -> exact("ZREMRANGEBYRANK", key(), index(), index());
            case 21 -> exact("ZREMRANGEBYSCORE", key(), bound(), bound());
            case 22 -> exact("ZREMRANGEBYLEX", key(), lex(), lex());
            case 23 -> exact(random.nextBoolean() ? new Object[] {"ZPOPMIN", key()}
                    : new Object[] {random.nextBoolean() ? "ZPOPMIN" : "ZPOPMAX", key(), count()});
            case 24 -> {
                List<Object> parts = numkeys("ZMPOP", 1);
                parts.add(random.nextBoolean() ? "MIN" : "MAX");
                if (random.nextBoolean()) {
                    parts.add("COUNT");
                    parts.add(count());
                }
                exact(parts.toArray());
            }
            case 25 -> {
                // Blocking pops inside MULTI answer at once (null when nothing is there).
                exact("MULTI");
                exact(random.nextBoolean() ? "BZPOPMIN" : "BZPOPMAX", key(), key(), "0");
                List<Object> parts = numkeys("BZMPOP", 1);
                parts.add(1, "0");
                parts.add(random.nextBoolean() ? "MIN" : "MAX");
                exact(parts.toArray());
                exact("EXEC");
            }
            case 26 -> randomMember(random.nextInt(3) == 0 ? new Object[] {"ZRANDMEMBER", key()}
                    : random.nextBoolean() ? new Object[] {"ZRANDMEMBER", key(), count()}
                            : new Object[] {"ZRANDMEMBER", key(), count(), "WITHSCORES"});
            case 27, 28 -> {
                String op = new String[] {"ZUNION", "ZINTER", "ZDIFF"}[random.nextInt(3)];
                List<Object> parts = numkeys(op, 1);
                int n = parts.size() - 2;
                algebraOptions(parts, n, !op.equals("ZDIFF"));
                if (random.nextBoolean()) {
                    parts.add("WITHSCORES");
                }
                exact(parts.toArray());
            }
            case 29, 30 -> {
                String op = new String[] {"ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE"}[random.nextInt(3)];
                List<Object> parts = numkeys(op, 1);
                parts.add(1, key());
                int n = parts.size() - 3;
                algebraOptions(parts, n, !op.equals("ZDIFFSTORE"));
                exact(parts.toArray());
            }
            case 31 -> {
                List<Object> parts = numkeys("ZINTERCARD", 1);
                if (random.nextBoolean()) {
                    parts.add("LIMIT");
                    parts.add(Integer.toString(random.nextInt(4)));
                }
                exact(parts.toArray());
            }
            case 32 -> {
                List<Object> parts = new ArrayList<>(List.of("ZSCAN", key(), random.nextInt(4) == 0 ? "5" : "0"));
                if (random.nextBoolean()) {
                    parts.add("MATCH");
                    parts.add(random.nextBoolean() ? "m1*" : "*[2-5]");
                }
                if (random.nextBoolean()) {
                    parts.add("COUNT");
                    parts.add(Integer.toString(1 + random.nextInt(3)));
                }
                exact(parts.toArray());
            }
            case 33 -> exact("SADD", "s", member(), member());
            case 34 -> exact("SREM", "s", member());
            case 35 -> exact("SET", random.nextInt(4) == 0 ? k : "str", "v");
            case 36 -> exact("DEL", key());
            case 37 -> exact("TYPE", key());
            case 38 -> exact(random.nextBoolean() ? "RENAME" : "RENAMENX", key(), key());
            case 39 -> exact("COPY", key(), key(), "REPLACE");
            case 40 -> exact("EXPIRE", key(), "1000");
            case 41 -> exact("EXISTS", key(), key());
            case 42 -> exact("ZRANGE", k, "0", "-1", "WITHSCORES");
            default -> exact("DBSIZE");
        }
    }

    private void algebraOptions(List<Object> parts, int n, boolean weighted) {
        if (weighted && random.nextInt(3) == 0) {
            parts.add("WEIGHTS");
            for (int i = 0; i < n; i++) {
                parts.add(new String[] {"1", "2", "-1", "0", "0.5", "inf"}[random.nextInt(6)]);
            }
        }
        if (weighted && random.nextInt(3) == 0) {
            parts.add("AGGREGATE");
            parts.add(new String[] {"SUM", "MIN", "MAX"}[random.nextInt(3)]);
        }
    }

    private Resp exact(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        assertThat(actual.toString()).as("seed %d, step %d: %s", seed, step, describe(command))
                .isEqualTo(expected.toString());
        return actual;
    }

    /** ZRANDMEMBER: the same shape on both servers, and our picks are members of our key with their scores. */
    private void randomMember(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        String what = describe(command);
        assertThat(actual.type()).as("seed %d, step %d: %s: %s vs %s", seed, step, what, actual, expected)
                .isEqualTo(expected.type());
        if (actual.isError() || actual.elements() == null) {
            assertThat(actual.toString().equals(expected.toString()) || (actual.type() == '$'
                    && expected.text() != null && actual.text() != null))
                    .as("seed %d, step %d: %s: %s vs %s", seed, step, what, actual, expected).isTrue();
            return;
        }
        assertThat(actual.elements()).as("seed %d, step %d: %s: %s vs %s", seed, step, what, actual, expected)
                .hasSameSizeAs(expected.elements());
        boolean withScores = command.length == 4;
        Resp all = ours.call("ZRANGE", command[1], "0", "-1", "WITHSCORES");
        Set<String> valid = new HashSet<>();
        List<Resp> flat = flatten(all.elements());
        for (int i = 0; i < flat.size(); i += 2) {
            valid.add(withScores ? flat.get(i).text() + "=" + flat.get(i + 1).text() : flat.get(i).text());
        }
        List<Resp> picks = flatten(actual.elements());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < picks.size(); i += withScores ? 2 : 1) {
            names.add(withScores ? picks.get(i).text() + "=" + picks.get(i + 1).text() : picks.get(i).text());
        }
        assertThat(valid).as("seed %d, step %d: %s picks %s", seed, step, what, names).containsAll(names);
        if (!((String) command[2]).startsWith("-")) {
            assertThat(names).as("seed %d, step %d: %s distinct", seed, step, what).doesNotHaveDuplicates();
        }
    }

    private static List<Resp> flatten(List<Resp> elements) {
        List<Resp> flat = new ArrayList<>();
        for (Resp e : elements) {
            if (e.elements() != null) {
                flat.addAll(e.elements());
            } else {
                flat.add(e);
            }
        }
        return flat;
    }
}
