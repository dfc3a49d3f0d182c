package io.github.primkit.server.internal.lua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LuaNumbersTest {
    @Test
    void theFastPathAgreesWithExactFormatting() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            double d = switch (i % 4) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
                case 2 -> Math.round(random.nextDouble() * 1e6) / 1000.0;
                default -> random.nextInt(1000000) / 100.0;
            };
            String fast = LuaNumbers.shortG14(d);
            if (fast != null) {
                assertThat(fast).as("seed %d value %s", seed, d)
                        .isEqualTo(LuaNumbers.format('g', d, 14, false, false, false));
            }
        }
    }

    @Test
    void subnormalsPrintTheirExactValueRoundedTo14Digits() {
        // Found by the random test above (seed 1498035590977): the shortest text has 13 digits, %.14g has 14.
        assertThat(LuaNumbers.toLuaString(2.881922544505E-312)).isEqualTo("2.8819225445052e-312");
        assertThat(LuaNumbers.toLuaString(Double.MIN_VALUE)).isEqualTo("4.9406564584125e-324");
        assertThat(LuaNumbers.toLuaString(Double.MIN_NORMAL)).isEqualTo("2.2250738585072e-308");
    }

    @Test
    void printsAsLua51() {
        assertThat(LuaNumbers.toLuaString(0.1)).isEqualTo("0.1");
        assertThat(LuaNumbers.toLuaString(1.0 / 3)).isEqualTo("0.33333333333333");
        assertThat(LuaNumbers.toLuaString(1e15)).isEqualTo("1e+15");
        assertThat(LuaNumbers.toLuaString(123456789012345.0)).isEqualTo("1.2345678901234e+14");
        assertThat(LuaNumbers.toLuaString(-0.0)).isEqualTo("-0");
        assertThat(LuaNumbers.toLuaString(1e-5)).isEqualTo("1e-05");
        assertThat(LuaNumbers.toLuaString(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(LuaNumbers.toLuaString(Math.pow(2, 63))).isEqualTo("9.2233720368548e+18");
        assertThat(LuaNumbers.toLuaString(100.5)).isEqualTo("100.5");
        assertThat(LuaNumbers.toLuaString(0.0001)).isEqualTo("0.0001");
    }
}
