package io.github.primkit.server.internal.scripting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Number texts checked against valkey-server 8.0's replies for the same scripts. */
class CNumbersTest {
    @Test
    void redisCallArgumentsAreIntegersOrShortestRoundTripText() {
        assertThat(CNumbers.redisArgument(3)).isEqualTo("3");
        assertThat(CNumbers.redisArgument(-0.0)).isEqualTo("0");
        assertThat(CNumbers.redisArgument(0.1)).isEqualTo("0.1");
        assertThat(CNumbers.redisArgument(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(CNumbers.redisArgument(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(CNumbers.redisArgument(1e20)).isEqualTo("1e+20");
        assertThat(CNumbers.redisArgument(1e17)).isEqualTo("100000000000000000");
        assertThat(CNumbers.redisArgument(Math.pow(2, 63))).isEqualTo("9223372036854776000");
        assertThat(CNumbers.redisArgument(-Math.pow(2, 63))).isEqualTo("-9223372036854776000");
        assertThat(CNumbers.redisArgument(Math.pow(2, 70))).isEqualTo("1180591620717411300000");
        assertThat(CNumbers.redisArgument(4611686018427387904.0)).isEqualTo("4611686018427387904");
        assertThat(CNumbers.redisArgument(4611686018427388928.0)).isEqualTo("4611686018427389000");
        assertThat(CNumbers.redisArgument(1e-5)).isEqualTo("0.00001");
        assertThat(CNumbers.redisArgument(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(CNumbers.redisArgument(123456789.123)).isEqualTo("123456789.123");
        assertThat(CNumbers.redisArgument(1e300)).isEqualTo("1e+300");
        assertThat(CNumbers.redisArgument(Double.POSITIVE_INFINITY)).isEqualTo("inf");
        assertThat(CNumbers.redisArgument(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
        assertThat(CNumbers.redisArgument(Double.NaN)).isEqualTo("-nan");
    }

    @Test
    void percentGAsGlibcPrintsIt() {
        assertThat(CNumbers.formatG(1.0 / 3, 14)).isEqualTo("0.33333333333333");
        assertThat(CNumbers.formatG(0.1, 14)).isEqualTo("0.1");
        assertThat(CNumbers.formatG(1e100, 14)).isEqualTo("1e+100");
        assertThat(CNumbers.formatG(123456789012345.0, 14)).isEqualTo("1.2345678901234e+14");
        assertThat(CNumbers.formatG(Math.pow(2, 53), 14)).isEqualTo("9.007199254741e+15");
        assertThat(CNumbers.formatG(12345678901234567890.0, 14)).isEqualTo("1.2345678901235e+19");
        assertThat(CNumbers.formatG(3.14159265358979, 14)).isEqualTo("3.1415926535898");
        assertThat(CNumbers.formatG(1e-6, 14)).isEqualTo("1e-06");
        assertThat(CNumbers.formatG(100, 14)).isEqualTo("100");
        assertThat(CNumbers.formatG(1e14, 14)).isEqualTo("1e+14");
        assertThat(CNumbers.formatG(-0.0, 14)).isEqualTo("-0");
        assertThat(CNumbers.formatG(Math.pow(2, 40), 3)).isEqualTo("1.1e+12");
    }

    @Test
    void strtodTakesTheLongestNumberPrefix() {
        int[] end = new int[1];
        byte[] text = "12.5e3x".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Strtod.parse(text, 0, text.length, end)).isEqualTo(12500.0);
        assertThat(end[0]).isEqualTo(6);
        byte[] hex = "0x10".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Strtod.parse(hex, 0, hex.length, end)).isEqualTo(16.0);
        byte[] exponentless = "1e".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Strtod.parse(exponentless, 0, exponentless.length, end)).isEqualTo(1.0);
        assertThat(end[0]).isEqualTo(1);
        byte[] infinity = "-Infinity".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(Strtod.parse(infinity, 0, infinity.length, end)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(end[0]).isEqualTo(9);
        byte[] sign = "-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Strtod.parse(sign, 0, sign.length, end);
        assertThat(end[0]).isZero();
    }
}
