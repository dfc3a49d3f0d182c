package io.github.primkit.server.internal.scripting;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's {@code printf("%.<p>g")} for doubles, as glibc prints them (exact decimal expansion, round-half-even), which
 * lua-cjson uses for numbers ({@code %.14g}), and the text Redis 7.2 gives a Lua number passed to {@code redis.call}.
 */
final class CNumbers {
    private CNumbers() {
    }

    /** {@code %.<precision>g}: {@code inf}, {@code -inf}, {@code nan}/{@code -nan}, {@code -0}, {@code 1e+20}... */
    static String formatG(double value, int precision) {
        if (Double.isNaN(value)) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-nan" : "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (Double.doubleToRawLongBits(value) < 0) ? "-0" : "0";
        }
        int p = precision == 0 ? 1 : precision;
        BigDecimal rounded = new BigDecimal(value).round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= p) {
            String digits = rounded.unscaledValue().abs().toString();
            digits = stripZeros(digits);
            StringBuilder sb = new StringBuilder();
            if (rounded.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                sb.append('0');
            }
            return sb.append(abs).toString();
        }
        String plain = rounded.toPlainString();
        if (plain.indexOf('.') >= 0) {
            int end = plain.length();
            while (plain.charAt(end - 1) == '0') {
                end--;
            }
            if (plain.charAt(end - 1) == '.') {
                end--;
            }
            plain = plain.substring(0, end);
        }
        return plain;
    }

    private static String stripZeros(String digits) {
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        return digits.substring(0, end);
    }

    /**
     * A Lua number as Redis 7.2 turns it into a command argument: integers within +-2^62 as integers ({@code 3};
     * {@code -0.0} gives {@code 0}), anything else as fpconv_dtoa writes it: the shortest digits that read back to
     * the same double, plain while that stays short ({@code 0.00001}, {@code 9223372036854776000}), otherwise with an
     * exponent ({@code 1e+20}, {@code 1.5e-7}); {@code inf}, {@code -inf}, and NaN as x86 gives it, {@code -nan}.
     */
    static String redisArgument(double value) {
        if (value >= -4611686018427387904.0 && value <= 4611686018427387904.0) {
            long l = (long) value;
            if (l == value) {
                return Long.toString(l);
            }
        }
        if (Double.isNaN(value)) {
            return "-nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        boolean negative = value < 0;
        double abs = Math.abs(value);
        String text = Double.toString(abs);
        // Digits and exponent of Java's text: value = digits * 10^k.
        int e = text.indexOf('E');
        String mantissa = e < 0 ? text : text.substring(0, e);
        int k = e < 0 ? 0 : Integer.parseInt(text.substring(e + 1));
        int dot = mantissa.indexOf('.');
        String digitText = mantissa.substring(0, dot) + mantissa.substring(dot + 1);
        k -= mantissa.length() - dot - 1;
        long digits = Long.parseLong(digitText);
        while (digits != 0 && digits % 10 == 0) {
            digits /= 10;
            k++;
        }
        // Java 17's Double.toString is not always the shortest; up to 15 digits it is (a 15-digit decimal names
        // one double), past that try one digit fewer while the text still reads back as the same double.
        while (digits >= 1_000_000_000_000_000L) {
            long shorter = digits / 10 + (digits % 10 >= 5 ? 1 : 0);
            if (Double.parseDouble(shorter + "E" + (k + 1)) != abs) {
                break;
            }
            digits = shorter;
            k++;
            while (digits % 10 == 0) {
                digits /= 10;
                k++;
            }
        }
        return (negative ? "-" : "") + emit(Long.toString(digits), k, negative);
    }

    private static String emit(String digits, int k, boolean negative) {
        int n = digits.length();
        int exp = Math.abs(k + n - 1);
        StringBuilder sb = new StringBuilder();
        if (k >= 0 && exp < n + 7) {
            sb.append(digits);
            for (int i = 0; i < k; i++) {
                sb.append('0');
            }
            return sb.toString();
        }
        if (k < 0 && (k > -7 || exp < 4)) {
            int offset = n + k;
            if (offset <= 0) {
                sb.append("0.");
                for (int i = 0; i < -offset; i++) {
                    sb.append('0');
                }
                return sb.append(digits).toString();
            }
            return sb.append(digits, 0, offset).append('.').append(digits, offset, n).toString();
        }
        int shown = Math.min(n, 18 - (negative ? 1 : 0));
        sb.append(digits.charAt(0));
        if (shown > 1) {
            sb.append('.').append(digits, 1, shown);
        }
        sb.append('e').append(k + shown - 1 < 0 ? '-' : '+').append(exp);
        return sb.toString();
    }
}
