package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.engine.CommandException;
import io.github.primkit.server.internal.engine.Context;

/** What the hash and set commands share: random-count arguments (HRANDFIELD, SRANDMEMBER) and empty scan replies. */
final class AggregateSupport {
    /**
     * The most elements a reply of repeated random picks may have. Redis has no limit and would try to build a reply
     * of 2^63 elements until memory runs out; here the reply's length must fit an array header.
     */
    static final int MAX_REPEATED_PICKS = Integer.MAX_VALUE - 8;

    private AggregateSupport() {
    }

    /** A count between -LONG_MAX and LONG_MAX, with Redis's two error texts. */
    static long parseCount(Context c, int i) {
        long count = c.argLong(i);
        if (count == Long.MIN_VALUE) {
            throw new CommandException(
                    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
        }
        return count;
    }

    /** How many elements a negative count asks for (picks may repeat), or an error if the reply could not be built. */
    static int repeatedPicks(long negativeCount, int elementsPerPick) {
        long picks = -negativeCount;
        if (picks > MAX_REPEATED_PICKS / elementsPerPick) {
            throw new CommandException("ERR value is out of range");
        }
        return (int) picks;
    }

    /** A scan of a missing key: cursor 0, nothing. */
    static void emptyScan(Context c) {
        c.reply.array(2);
        c.reply.bulk("0");
        c.reply.array(0);
    }
}
