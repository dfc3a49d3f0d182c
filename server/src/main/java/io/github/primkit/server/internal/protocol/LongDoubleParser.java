package io.github.primkit.server.internal.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads a number the way Redis's {@code string2ld} does (HINCRBYFLOAT's operands): C's {@code strtold} in the C locale
 * over the whole text, so decimal and exponent notation, hexadecimal floats ({@code 0x1p-3}), {@code inf} and
 * {@code infinity} in any case, an optional sign; refused are empty text, text of 5120 bytes or more, leading white
 * space, anything left unread, NaN, values that overflow a long double, and non-zero values that underflow to zero.
 * Finite values come back rounded to the nearest x87 long double ({@link LongDouble#round}).
 */
public final class LongDoubleParser {
    /** Redis's MAX_LONG_DOUBLE_CHARS: string2ld refuses text this long or longer. */
    static final int MAX_CHARS = 5 * 1024;
    /** Half the smallest subnormal long double (2^-16446): at or below it a value rounds to zero. */
    private static BigDecimal halfTrueMin;

    private LongDoubleParser() {
    }

    /** A parsed number: finite ({@code finite} set) or an infinity ({@code infinity} is +1 or -1). */
    public record Value(BigDecimal finite, int infinity) {
        public boolean isInfinite() {
            return finite == null;
        }
    }

    /** The value of {@code text}, or null if string2ld would refuse it. */
    public static Value parse(byte[] text) {
        int n = text.length;
        if (n == 0 || n >= MAX_CHARS || isSpace(text[0])) {
            return null;
        }
        int i = 0;
        int sign = 1;
        if (text[0] == '+' || text[0] == '-') {
            sign = text[0] == '-' ? -1 : 1;
            i = 1;
        }
        if (i < n && (text[i] == 'i' || text[i] == 'I' || text[i] == 'n' || text[i] == 'N')) {
            String word = new String(text, i, n - i, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .toLowerCase(java.util.Locale.ROOT);
            return word.equals("inf") || word.equals("infinity") ? new Value(null, sign) : null; // NaN is refused too
        }
        BigDecimal magnitude;
        if (i + 1 < n && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            magnitude = hex(text, i + 2);
        } else {
            magnitude = decimal(text, i);
        }
        if (magnitude == null) {
            return null;
        }
        if (magnitude.signum() == 0) {
            return new Value(BigDecimal.ZERO, 0);
        }
        if (magnitude.precision() - magnitude.scale() < -4900 && magnitude.compareTo(halfTrueMin()) <= 0) {
            return null; // underflows to zero
        }
        BigDecimal rounded = LongDouble.round(magnitude);
        if (rounded == null) {
            return null; // overflows
        }
        return new Value(sign < 0 ? rounded.negate() : rounded, 0);
    }

    private static BigDecimal halfTrueMin() {
        if (halfTrueMin == null) {
            halfTrueMin = new BigDecimal(BigInteger.valueOf(5).pow(16446), 16446);
        }
        return halfTrueMin;
    }

    /** digits [. digits] [e [sign] digits], at least one digit, all of the text; null otherwise or out of range. */
    private static BigDecimal decimal(byte[] text, int from) {
        int n = text.length;
        int i = from;
        StringBuilder digits = new StringBuilder();
        int fractionDigits = 0;
        while (i < n && isDigit(text[i])) {
            digits.append((char) text[i++]);
        }
        if (i < n && text[i] == '.') {
            i++;
            while (i < n && isDigit(text[i])) {
                digits.append((char) text[i++]);
                fractionDigits++;
            }
        }
        if (digits.length() == 0) {
            return null;
        }
        long exponent = 0;
        if (i < n && (text[i] == 'e' || text[i] == 'E')) {
            long[] parsed = exponent(text, i + 1);
            if (parsed == null) {
                return null; // strtold would stop before the 'e', leaving text unread
            }
            exponent = parsed[0];
            i = (int) parsed[1];
        }
        if (i != n) {
            return null;
        }
        BigDecimal mantissa = new BigDecimal(new BigInteger(digits.toString()), fractionDigits);
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long magnitude = mantissa.precision() - mantissa.scale() + exponent; // value < 10^magnitude
        if (magnitude > 4934 || magnitude < -4952) {
            return null; // far out of the long double range: overflow or underflow to zero
        }
        return mantissa.scaleByPowerOfTen((int) exponent);
    }

    /** 0x already read: hexdigits [. hexdigits] [p [sign] digits], at least one hex digit, all of the text. */
    private static BigDecimal hex(byte[] text, int from) {
        int n = text.length;
        int i = from;
        BigInteger mantissa = BigInteger.ZERO;
        int digits = 0;
        int fractionDigits = 0;
        while (i < n && Character.digit(text[i], 16) >= 0) {
            mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(text[i++], 16)));
            digits++;
        }
        if (i < n && text[i] == '.') {
            i++;
            while (i < n && Character.digit(text[i], 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(text[i++], 16)));
                digits++;
                fractionDigits++;
            }
        }
        if (digits == 0) {
            return null; // strtold reads just the "0", leaving "x..." unread
        }
        long exponent = 0;
        if (i < n && (text[i] == 'p' || text[i] == 'P')) {
            long[] parsed = exponent(text, i + 1);
            if (parsed == null) {
                return null;
            }
            exponent = parsed[0];
            i = (int) parsed[1];
        }
        if (i != n) {
            return null;
        }
        if (mantissa.signum() == 0) {
            return BigDecimal.ZERO;
        }
        long binaryExponent = exponent - 4L * fractionDigits;
        long magnitude = mantissa.bitLength() + binaryExponent; // value < 2^magnitude
        if (magnitude > 16385 || magnitude < -16447) {
            return null;
        }
        if (binaryExponent >= 0) {
            return new BigDecimal(mantissa.shiftLeft((int) binaryExponent));
        }
        int shift = (int) -binaryExponent;
        return new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(shift)), shift);
    }

    /** [sign] digits from {@code from}: {value (saturated), index after}, or null without digits. */
    private static long[] exponent(byte[] text, int from) {
        int n = text.length;
        int i = from;
        boolean negative = false;
        if (i < n && (text[i] == '+' || text[i] == '-')) {
            negative = text[i] == '-';
            i++;
        }
        if (i >= n || !isDigit(text[i])) {
            return null;
        }
        long value = 0;
        while (i < n && isDigit(text[i])) {
            value = Math.min(value * 10 + (text[i++] - '0'), 1_000_000_000L);
        }
        return new long[] {negative ? -value : value, i};
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
    }
}
