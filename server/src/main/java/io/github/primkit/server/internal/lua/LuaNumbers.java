package io.github.primkit.server.internal.lua;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * C's printf conversions of doubles ({@code %e %f %g}), exact as glibc: digits come from the double's exact binary
 * value, rounded half to even. Lua 5.1 prints numbers with {@code %.14g}.
 */
final class LuaNumbers {
    private LuaNumbers() {
    }

    /** Lua's {@code tostring} of a number: {@code %.14g}. */
    static String toLuaString(double d) {
        if (d == (long) d && Math.abs(d) < 1e14) {
            if (d == 0 && 1 / d < 0) {
                return "-0";
            }
            return Long.toString((long) d);
        }
        String fast = shortG14(d);
        return fast != null ? fast : format('g', d, 14, false, false, false);
    }

    /**
     * {@code %.14g} from Java's round-trip repr when that has at most 14 significant digits: then it is also what
     * rounding the exact value to 14 digits gives (the 14-digit grid is coarser than the double's ulp). Null when
     * the repr is longer (BigDecimal decides) or not finite.
     */
    static String shortG14(double d) {
        // Subnormals carry fewer than 15 significant digits: their shortest text can be shorter than %.14g's
        // rounding of their exact value (2.881922544505e-312 against 2.8819225445052e-312), so they take the exact path.
        if (Double.isNaN(d) || Double.isInfinite(d) || d == 0 || Math.abs(d) < Double.MIN_NORMAL) {
            return null;
        }
        String r = Double.toString(Math.abs(d));
        int e = r.indexOf('E');
        String mant = e < 0 ? r : r.substring(0, e);
        int exp10 = e < 0 ? 0 : Integer.parseInt(r.substring(e + 1));
        int dot = mant.indexOf('.');
        String digits = mant.substring(0, dot) + mant.substring(dot + 1);
        int pointPos = dot + exp10; // digits[0..pointPos) are the integer part
        int lead = 0;
        while (lead < digits.length() - 1 && digits.charAt(lead) == '0') {
            lead++;
        }
        digits = digits.substring(lead);
        pointPos -= lead;
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        digits = digits.substring(0, end);
        if (digits.length() > 14) {
            return null;
        }
        int x = pointPos - 1; // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (x < -4 || x >= 14) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(x < 0 ? '-' : '+');
            int ax = Math.abs(x);
            if (ax < 10) {
                sb.append('0');
            }
            sb.append(ax);
        } else if (x < 0) {
            sb.append("0.");
            for (int i = -1; i > x; i--) {
                sb.append('0');
            }
            sb.append(digits);
        } else if (digits.length() <= x + 1) {
            sb.append(digits);
            for (int i = digits.length(); i <= x; i++) {
                sb.append('0');
            }
        } else {
            sb.append(digits, 0, x + 1).append('.').append(digits, x + 1, digits.length());
        }
        return sb.toString();
    }

    private static String nonFinite(double d, boolean upper) {
        String s;
        if (Double.isNaN(d)) {
            s = (Double.doubleToRawLongBits(d) < 0 ? "-" : "") + "nan";
        } else {
            s = d > 0 ? "inf" : "-inf";
        }
        return upper ? s.toUpperCase() : s;
    }

    /**
     * Formats {@code d} as C's {@code %<conv>} with the given precision (-1 = default 6), returning the sign and the
     * digits (without width padding). {@code plus}/{@code space} are the '+' and ' ' flags, {@code alt} the '#'.
     */
    static String format(char conv, double d, int precision, boolean alt, boolean plus, boolean space) {
        boolean upper = Character.isUpperCase(conv);
        char c = Character.toLowerCase(conv);
        String body;
        boolean neg = d < 0 || (d == 0 && 1 / d < 0);
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            String s = nonFinite(d, upper);
            if (s.charAt(0) == '-') {
                return s;
            }
            return (plus ? "+" : space ? " " : "") + s;
        }
        int prec = precision < 0 ? 6 : precision;
        BigDecimal v = new BigDecimal(Math.abs(d));
        switch (c) {
            case 'f' -> body = fixed(v, prec, alt);
            case 'e' -> body = exp(v, prec, alt, upper);
            default -> {
                int p = prec == 0 ? 1 : prec;
                int x = exponentAfterRounding(v, p);
                if (p > x && x >= -4) {
                    body = fixed(v, p - 1 - x, alt);
                } else {
                    body = exp(v, p - 1, alt, upper);
                }
                if (!alt) {
                    body = stripZeros(body);
                }
            }
        }
        String sign = neg ? "-" : plus ? "+" : space ? " " : "";
        return sign + body;
    }

    private static String stripZeros(String s) {
        int e = s.indexOf('e');
        if (e < 0) {
            e = s.indexOf('E');
        }
        String mant = e < 0 ? s : s.substring(0, e);
        String tail = e < 0 ? "" : s.substring(e);
        if (mant.indexOf('.') >= 0) {
            int end = mant.length();
            while (mant.charAt(end - 1) == '0') {
                end--;
            }
            if (mant.charAt(end - 1) == '.') {
                end--;
            }
            mant = mant.substring(0, end);
        }
        return mant + tail;
    }

    /** The decimal exponent of v once rounded to p significant digits. */
    private static int exponentAfterRounding(BigDecimal v, int p) {
        if (v.signum() == 0) {
            return 0;
        }
        BigDecimal r = v.round(new MathContext(p, RoundingMode.HALF_EVEN));
        return r.precision() - r.scale() - 1;
    }

    static String fixed(BigDecimal v, int prec, boolean alt) {
        String s = v.setScale(prec, RoundingMode.HALF_EVEN).toPlainString();
        if (prec == 0 && alt) {
            s += ".";
        }
        return s;
    }

    static String exp(BigDecimal v, int prec, boolean alt, boolean upper) {
        String digits;
        int x;
        if (v.signum() == 0) {
            digits = "0".repeat(prec + 1);
            x = 0;
        } else {
            BigDecimal r = v.round(new MathContext(prec + 1, RoundingMode.HALF_EVEN));
            BigInteger unscaled = r.unscaledValue();
            digits = unscaled.toString();
            x = digits.length() - r.scale() - 1;
            if (digits.length() < prec + 1) {
                digits = digits + "0".repeat(prec + 1 - digits.length());
            } else if (digits.length() > prec + 1) {
                digits = digits.substring(0, prec + 1); // trailing zeros only
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(digits.charAt(0));
        if (prec > 0 || alt) {
            sb.append('.');
        }
        sb.append(digits, 1, digits.length());
        sb.append(upper ? 'E' : 'e');
        sb.append(x < 0 ? '-' : '+');
        int ax = Math.abs(x);
        if (ax < 10) {
            sb.append('0');
        }
        sb.append(ax);
        return sb.toString();
    }
}
