package io.github.primkit.compat;

import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random differential test across types, expiry and transactions: strings, hashes, lists and sets over five
 * keys that keep changing type, with EXPIRE/PEXPIREAT/PERSIST, RENAME/COPY, MULTI/EXEC/DISCARD and WATCH broken (or
 * not) by a second client, compared reply by reply with the reference.
 *
 * <p>Time-to-live values are long (minutes) so that nothing expires by itself during a run; expiry is exercised by
 * times in the past and negative TTLs, which delete at once. TTL/PTTL replies are compared within a tolerance because
 * the two servers are asked a moment apart. {@code -Dprimkit.seed=<seed>} replays a run.
 */
class RandomMixedDifferentialTest extends DifferentialTest {
    private static final int STEPS = Integer.getInteger("primkit.steps", 3000);
    private static final String[] KEYS = {"a", "b", "c", "d", "e"};

    private Random random;
    private long seed;
    private int step;
    private boolean inMulti;

    @Test
    void randomCommandsAcrossTypesExpiryAndTransactions() throws IOException {
        seed = Long.getLong("primkit.seed", System.nanoTime());
        random = new Random(seed);
        try (RespConnection otherOurs = newOurs(); RespConnection otherReference = newReference()) {
            for (step = 0; step < STEPS; step++) {
                if (!inMulti && random.nextInt(40) == 0) {
                    transactionWithWatch(otherOurs, otherReference);
                } else {
                    command(inMulti ? randomTimelessCommand(true) : randomCommand());
                }
            }
            if (inMulti) {
                command(new Object[] {"DISCARD"});
            }
        }
    }

    private String key() {
        return KEYS[random.nextInt(KEYS.length)];
    }

    private String value() {
        return switch (random.nextInt(5)) {
            case 0 -> Integer.toString(random.nextInt(100));
            case 1 -> "v" + random.nextInt(5);
            case 2 -> "";
            case 3 -> "1.5";
            default -> "x" + random.nextInt(1000);
        };
    }

    private Object[] randomCommand() {
        String k = key();
        return switch (random.nextInt(30)) {
            case 0 -> new Object[] {"SET", k, value()};
            case 1 -> new Object[] {"SET", k, value(), "EX", Integer.toString(100 + random.nextInt(900))};
            case 2 -> new Object[] {"GET", k};
            case 3 -> new Object[] {"INCR", k};
            case 4 -> new Object[] {"APPEND", k, value()};
            case 5 -> new Object[] {"DEL", k, key()};
            case 6 -> new Object[] {"EXISTS", k, key()};
            case 7 -> new Object[] {"TYPE", k};
            case 8 -> new Object[] {"LPUSH", k, value(), value()};
            case 9 -> new Object[] {"RPOP", k};
            case 10 -> new Object[] {"LRANGE", k, "0", "-1"};
            case 11 -> new Object[] {"HSET", k, "f" + random.nextInt(3), value()};
            case 12 -> new Object[] {"HGET", k, "f" + random.nextInt(3)};
            case 13 -> new Object[] {"HDEL", k, "f" + random.nextInt(3)};
            case 14 -> new Object[] {"SADD", k, "m" + random.nextInt(4)};
            case 15 -> new Object[] {"SREM", k, "m" + random.nextInt(4)};
            case 16 -> new Object[] {"SCARD", k};
            case 17 -> new Object[] {"EXPIRE", k, Integer.toString(100 + random.nextInt(900)),
                new String[] {"NX", "XX", "GT", "LT"}[random.nextInt(4)]};
            case 18 -> new Object[] {"EXPIRE", k, Integer.toString(-random.nextInt(3))};
            case 19 -> new Object[] {"PEXPIREAT", k, "1"};
            case 20 -> new Object[] {"PERSIST", k};
            case 21 -> new Object[] {"TTL", k};
            case 22 -> new Object[] {"PTTL", k};
            case 23 -> new Object[] {"EXPIRETIME", k};
            case 24 -> new Object[] {"RENAME", k, key()};
            case 25 -> new Object[] {"COPY", k, key(), "REPLACE"};
            case 26 -> new Object[] {"LLEN", k};
            case 27 -> new Object[] {"HGETALL", k};
            case 28 -> inMulti ? new Object[] {random.nextBoolean() ? "EXEC" : "DISCARD"} : new Object[] {"MULTI"};
            default -> new Object[] {"GETEX", k, "PERSIST"};
        };
    }

    private void command(Object[] command) throws IOException {
        String name = (String) command[0];
        String context = "seed " + seed + " step " + step + ": " + describe(command);
        if (isTimeDependent(name)) {
            // Relative TTLs are set a moment apart on the two servers: seconds may straddle a boundary.
            sameWithin(name.equals("PTTL") ? 100 : 1, command);
        } else {
            Resp expected = reference.call(command);
            Resp actual = ours.call(command);
            org.assertj.core.api.Assertions.assertThat(actual.toString()).as(context).isEqualTo(expected.toString());
        }
        if (name.equals("MULTI")) {
            inMulti = true;
        } else if (name.equals("EXEC") || name.equals("DISCARD")) {
            inMulti = false;
        }
    }

    /** WATCH a key, maybe let another client change it, then run a transaction: EXEC succeeds or returns null. */
    private void transactionWithWatch(RespConnection otherOurs, RespConnection otherReference) throws IOException {
        String watched = key();
        command(new Object[] {"WATCH", watched});
        if (random.nextBoolean()) {
            Object[] change = random.nextBoolean() ? new Object[] {"SET", watched, value()}
                    : new Object[] {"EXPIRE", watched, "-1"};
            org.assertj.core.api.Assertions.assertThat(otherOurs.call(change).toString())
                    .as("seed %d step %d: other client %s", seed, step, describe(change))
                    .isEqualTo(otherReference.call(change).toString());
        }
        command(new Object[] {"MULTI"});
        int queued = 1 + random.nextInt(4);
        for (int i = 0; i < queued; i++) {
            command(randomTimelessCommand(false));
        }
        command(new Object[] {"EXEC"});
    }

    private static boolean isTimeDependent(String name) {
        return name.equals("TTL") || name.equals("PTTL") || name.equals("EXPIRETIME");
    }

    /** A random command whose reply does not depend on the moment it runs (usable inside MULTI). */
    private Object[] randomTimelessCommand(boolean transactionControl) {
        while (true) {
            Object[] command = randomCommand();
            String name = (String) command[0];
            boolean control = name.equals("MULTI") || name.equals("EXEC") || name.equals("DISCARD");
            // (hashes here stay small listpacks, so HGETALL's order is defined and compared too)
            if (!isTimeDependent(name) && (transactionControl || !control)) {
                return command;
            }
        }
    }
}
