package io.github.primkit.server.internal.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The x87 80-bit {@code long double} arithmetic Redis uses for INCRBYFLOAT and HINCRBYFLOAT, emulated exactly: values
 * are rounded to a 64-bit significand (round half to even) after parsing and after each addition, and printed as
 * {@code %.17Lf} with trailing zeros removed (Redis's {@code ld2string(LD_STR_HUMAN)}). This is why
 * {@code INCRBYFLOAT} of {@code 0.3} by {@code 1e3} answers {@code 1000.29999999999999999} on Redis, and here.
 */
public final class LongDouble {
    private static final int SIGNIFICAND_BITS = 64;
    private static final BigInteger TWO_POW_63 = BigInteger.ONE.shiftLeft(SIGNIFICAND_BITS - 1);
    private static final BigInteger TWO_POW_64 = BigInteger.ONE.shiftLeft(SIGNIFICAND_BITS);
    /** Beyond this magnitude the 15-bit exponent overflows (LDBL_MAX is about 1.19e4932). */
    private static final BigDecimal MAX = new BigDecimal("1.18973149535723176502e4932");

    private LongDouble() {
    }

    /** {@code value} rounded to the nearest long double; null if it overflows to infinity. */
    public static BigDecimal round(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal magnitude = value.abs();
        if (magnitude.compareTo(MAX) > 0) {
            return null;
        }
        BigInteger unscaled = magnitude.unscaledValue();
        int scale = magnitude.scale();
        // magnitude = unscaled * 10^-scale; find k with 2^63 <= round(magnitude * 2^k) < 2^64.
        int k = (int) Math.floor(SIGNIFICAND_BITS - 1 - (unscaled.bitLength() - 1 - scale * 3.321928094887362));
        for (int attempt = 0; attempt < 4; attempt++) {
            BigInteger m = scaleAndRound(unscaled, scale, k);
            if (m.compareTo(TWO_POW_63) < 0) {
                k++;
            } else if (m.compareTo(TWO_POW_64) >= 0) {
                k--;
            } else {
                BigDecimal rounded = k >= 0
                        ? new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(k)), k)
                        : new BigDecimal(m.shiftLeft(-k));
                return value.signum() < 0 ? rounded.negate() : rounded;
            }
        }
        throw new IllegalStateException("cannot round " + value);
    }

    /** round(unscaled * 10^-scale * 2^k), half to even. */
    private static BigInteger scaleAndRound(BigInteger unscaled, int scale, int k) {
        BigInteger numerator = unscaled;
        BigInteger denominator = BigInteger.ONE;
        if (scale >= 0) {
            denominator = BigInteger.TEN.pow(scale);
        } else {
            numerator = numerator.multiply(BigInteger.TEN.pow(-scale));
        }
        if (k >= 0) {
            numerator = numerator.shiftLeft(k);
        } else {
            denominator = denominator.shiftLeft(-k);
        }
        return new BigDecimal(numerator).divide(new BigDecimal(denominator), 0, RoundingMode.HALF_EVEN)
                .toBigIntegerExact();
    }

    /** {@code %.17Lf} of a long double value, trailing zeros and a trailing point removed, "-0" as "0". */
    public static String format(BigDecimal value) {
        String text = value.setScale(17, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
