package io.github.primkit.server.internal.protocol;

import java.math.BigDecimal;

/**
 * Double formatting and parsing as Redis 7.2 does them: replies use the shortest text that reads back as the same
 * double ({@code 0.1}, not {@code 0.10000000000000001}), integers in the exact range without a fraction
 * ({@code 3}, not {@code 3.0}), {@code inf}/{@code -inf}/{@code nan} for the specials, and exponents as C's
 * {@code %.17g} writes them ({@code 1e+20}).
 */
public final class Doubles {
    private Doubles() {
    }

    /** Redis 7.2's {@code addReplyDouble}/{@code d2string} text for {@code value}. */
    public static String format(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        // Integral values within +-LLONG_MAX/2 (2^62) print as integers, as Redis's d2string (its double2ll) does.
        if (value == Math.rint(value) && Math.abs(value) <= 4611686018427387904.0) {
            return Long.toString((long) value);
        }
        String shortest = Double.toString(value); // the shortest repr that round-trips, in Java's notation
        int e = shortest.indexOf('E');
        String mantissa = e < 0 ? shortest : shortest.substring(0, e);
        int exponent = e < 0 ? 0 : Integer.parseInt(shortest.substring(e + 1));
        BigDecimal decimal = new BigDecimal(mantissa).movePointRight(exponent).stripTrailingZeros();
        // %g style: scientific when the decimal exponent is < -4 or >= 17 (precision 17), else plain.
        int decimalExponent = decimal.precision() - decimal.scale() - 1;
        if (decimalExponent < -4 || decimalExponent >= 17) {
            String digits = decimal.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (decimal.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(decimalExponent < 0 ? '-' : '+');
            int absExp = Math.abs(decimalExponent);
            if (absExp < 10) {
                sb.append('0');
            }
            sb.append(absExp);
            return sb.toString();
        }
        return decimal.toPlainString();
    }

    /**
     * C's {@code %.17g}: 17 significant digits, trailing zeros dropped, exponent form below 1e-4 and from 1e17
     * ({@code 0.10000000000000001}, {@code 1e+20}). Redis prints skip-list scores this way in ZSCAN replies.
     */
    public static String formatG17(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0) {
            return (1 / value) < 0 ? "-0" : "0";
        }
        BigDecimal decimal = new BigDecimal(value).round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        int decimalExponent = decimal.precision() - decimal.scale() - 1;
        if (decimalExponent < -4 || decimalExponent >= 17) {
            String digits = decimal.unscaledValue().abs().toString();
            StringBuilder sb = new StringBuilder();
            if (decimal.signum() < 0) {
                sb.append('-');
            }
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(decimalExponent < 0 ? '-' : '+');
            int absExp = Math.abs(decimalExponent);
            if (absExp < 10) {
                sb.append('0');
            }
            sb.append(absExp);
            return sb.toString();
        }
        return decimal.toPlainString();
    }

    /**
     * Parses a score or float argument as Redis's {@code strtod}-based parsing accepts it: decimal or exponent
     * notation, {@code inf}/{@code +inf}/{@code -inf}/{@code infinity} in any case; no leading or trailing spaces.
     *
     * @return the value, or null if the text is not a float Redis would accept (NaN is refused)
     */
    public static Double parse(byte[] text) {
        if (text.length == 0 || text.length > 5000) {
            return null;
        }
        String s = new String(text, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        String lower = s.toLowerCase(java.util.Locale.ROOT);
        switch (lower) {
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
            }
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!ok) {
                return null; // refuses Java-only forms: hex floats, "NaN", "1d", "1f"
            }
        }
        try {
            double value = Double.parseDouble(s);
            return Double.isNaN(value) ? null : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
