package io.github.primkit.server.internal.scripting;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * C's {@code strtod} over bytes (the "C" locale, no leading white space): the longest prefix that is a number -
 * decimal with optional fraction and exponent, hexadecimal ({@code 0x1.8p3}), {@code inf}/{@code infinity},
 * {@code nan}/{@code nan(...)} - and where it ends. Ending where it started means no number.
 */
final class Strtod {
    private Strtod() {
    }

    static double parse(byte[] s, int start, int limit, int[] end) {
        int p = start;
        boolean negative = false;
        if (p < limit && (s[p] == '+' || s[p] == '-')) {
            negative = s[p] == '-';
            p++;
        }
        end[0] = start;
        if (matchIgnoreCase(s, p, limit, "inf")) {
            end[0] = matchIgnoreCase(s, p, limit, "infinity") ? p + 8 : p + 3;
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (matchIgnoreCase(s, p, limit, "nan")) {
            int q = p + 3;
            if (q < limit && s[q] == '(') {
                int r = q + 1;
                while (r < limit && (Character.isLetterOrDigit(s[r]) || s[r] == '_')) {
                    r++;
                }
                if (r < limit && s[r] == ')') {
                    q = r + 1;
                }
            }
            end[0] = q;
            return negative ? -Double.NaN : Double.NaN;
        }
        if (p + 1 < limit && s[p] == '0' && (s[p + 1] | 0x20) == 'x') {
            int q = p + 2;
            BigInteger mantissa = BigInteger.ZERO;
            int digits = 0;
            int fractionDigits = 0;
            while (q < limit && Character.digit(s[q], 16) >= 0) {
                mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s[q], 16)));
                q++;
                digits++;
            }
            if (q < limit && s[q] == '.') {
                int r = q + 1;
                while (r < limit && Character.digit(s[r], 16) >= 0) {
                    mantissa = mantissa.shiftLeft(4).add(BigInteger.valueOf(Character.digit(s[r], 16)));
                    r++;
                    digits++;
                    fractionDigits++;
                }
                if (digits > 0) {
                    q = r;
                }
            }
            if (digits == 0) {
                end[0] = p + 1; // "0" then 'x' that starts no number
                return negative ? -0.0 : 0.0;
            }
            long exponent = -4L * fractionDigits;
            if (q < limit && (s[q] | 0x20) == 'p') {
                int r = q + 1;
                boolean expNegative = false;
                if (r < limit && (s[r] == '+' || s[r] == '-')) {
                    expNegative = s[r] == '-';
                    r++;
                }
                if (r < limit && s[r] >= '0' && s[r] <= '9') {
                    long e = 0;
                    while (r < limit && s[r] >= '0' && s[r] <= '9') {
                        e = Math.min(e * 10 + (s[r] - '0'), 100_000);
                        r++;
                    }
                    exponent += expNegative ? -e : e;
                    q = r;
                }
            }
            end[0] = q;
            double value = new BigDecimal(mantissa).multiply(exponent >= 0
                    ? new BigDecimal(BigInteger.TWO.pow((int) Math.min(exponent, 2000)))
                    : BigDecimal.ONE.divide(new BigDecimal(BigInteger.TWO.pow((int) Math.min(-exponent, 2000))))).doubleValue();
            return negative ? -value : value;
        }
        int q = p;
        int digits = 0;
        while (q < limit && s[q] >= '0' && s[q] <= '9') {
            q++;
            digits++;
        }
        if (q < limit && s[q] == '.') {
            int r = q + 1;
            int fraction = 0;
            while (r < limit && s[r] >= '0' && s[r] <= '9') {
                r++;
                fraction++;
            }
            if (digits + fraction > 0) {
                q = r;
                digits += fraction;
            }
        }
        if (digits == 0) {
            return 0;
        }
        if (q < limit && (s[q] | 0x20) == 'e') {
            int r = q + 1;
            if (r < limit && (s[r] == '+' || s[r] == '-')) {
                r++;
            }
            if (r < limit && s[r] >= '0' && s[r] <= '9') {
                while (r < limit && s[r] >= '0' && s[r] <= '9') {
                    r++;
                }
                q = r;
            }
        }
        end[0] = q;
        String text = new String(s, p, q - p, java.nio.charset.StandardCharsets.ISO_8859_1);
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = new BigDecimal(text).doubleValue();
        }
        return negative ? -value : value;
    }

    private static boolean matchIgnoreCase(byte[] s, int p, int limit, String word) {
        if (p + word.length() > limit) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((s[p + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
