package io.github.primkit.server.internal.lua;

/** The generator behind {@code math.random} and {@code math.randomseed}; replaceable per {@link LuaState}. */
public interface RandomSource {
    /** A number in [0, 1). */
    double next();

    /** {@code math.randomseed(n)}. */
    void seed(int n);

    /**
     * The 48-bit linear congruential generator of POSIX {@code lrand48} (what Redis's {@code redisLrand48} is),
     * returning {@code (lrand48() % INT32_MAX) / INT32_MAX}; seeded with {@code srand48(n)} semantics, initially 0.
     */
    static RandomSource lrand48() {
        return new RandomSource() {
            private long x = 0x330EL;

            @Override
            public double next() {
                x = (0x5DEECE66DL * x + 0xBL) & ((1L << 48) - 1);
                long r = x >>> 17;
                return (double) (r % Integer.MAX_VALUE) / (double) Integer.MAX_VALUE;
            }

            @Override
            public void seed(int n) {
                x = (((long) n & 0xffffffffL) << 16) | 0x330EL;
            }
        };
    }

    /** The default generator (lrand48 semantics, seed 0). */
    static RandomSource lua() {
        return lrand48();
    }
}
