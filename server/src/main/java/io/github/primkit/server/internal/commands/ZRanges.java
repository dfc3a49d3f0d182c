package io.github.primkit.server.internal.commands;

import io.github.primkit.server.internal.data.RedisZSet;
import io.github.primkit.server.internal.data.ZSetTree;
import io.github.primkit.server.internal.engine.CommandException;
import java.util.Arrays;

/**
 * Score and lexicographic ranges of the sorted-set commands, parsed as Redis parses them, and resolved to the run of
 * ranks Redis would walk.
 *
 * <p>Scores in ranges go through C's {@code strtod} (leading spaces, hexadecimal, {@code inf}, overflow to infinity
 * and an empty string as 0 are all accepted; only trailing text and NaN are refused), while ZADD-style scores go
 * through Redis's stricter {@code string2d}: no leading space, no trailing text, no overflow or underflow to zero.
 */
final class ZRanges {
    private ZRanges() {
    }

    static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";

    // ---- strtod ------------------------------------------------------------------------------------------------

    /** The result of {@link #strtod}: the value, where parsing stopped, and whether it overflowed or underflowed. */
    record Parsed(double value, int end, boolean rangeError) {
    }

    private static boolean isSpace(int b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    private static boolean isDigit(byte[] s, int i) {
        return i < s.length && s[i] >= '0' && s[i] <= '9';
    }

    private static boolean isHexDigit(byte[] s, int i) {
        return i < s.length && Character.digit(s[i], 16) >= 0 && s[i] < 128;
    }

    private static boolean matchesIgnoreCase(byte[] s, int i, String word) {
        if (i + word.length() > s.length) {
            return false;
        }
        for (int j = 0; j < word.length(); j++) {
            int c = s[i + j];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != word.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** C's strtod in the C locale, from {@code start}: end == start when no number was read. */
    static Parsed strtod(byte[] s, int start) {
        int i = start;
        while (i < s.length && isSpace(s[i])) {
            i++;
        }
        boolean negative = false;
        if (i < s.length && (s[i] == '+' || s[i] == '-')) {
            negative = s[i] == '-';
            i++;
        }
        if (matchesIgnoreCase(s, i, "inf")) {
            i += 3;
            if (matchesIgnoreCase(s, i, "inity")) {
                i += 5;
            }
            return new Parsed(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY, i, false);
        }
        if (matchesIgnoreCase(s, i, "nan")) {
            i += 3;
            if (i < s.length && s[i] == '(') {
                int j = i + 1;
                while (j < s.length && (Character.isLetterOrDigit(s[j]) && s[j] < 128 || s[j] == '_')) {
                    j++;
                }
                if (j < s.length && s[j] == ')') {
                    i = j + 1;
                }
            }
            return new Parsed(Double.NaN, i, false);
        }
        if (i + 1 < s.length && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')
                && (isHexDigit(s, i + 2) || (i + 2 < s.length && s[i + 2] == '.' && isHexDigit(s, i + 3)))) {
            return hex(s, i + 2, negative);
        }
        int mantissaStart = i;
        boolean nonZero = false;
        int digits = 0;
        while (isDigit(s, i)) {
            nonZero |= s[i] != '0';
            i++;
            digits++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (isDigit(s, i)) {
                nonZero |= s[i] != '0';
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return new Parsed(0, start, false);
        }
        if (i < s.length && (s[i] == 'e' || s[i] == 'E')) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (isDigit(s, j)) {
                while (isDigit(s, j)) {
                    j++;
                }
                i = j;
            }
        }
        String text = new String(s, mantissaStart, i - mantissaStart, java.nio.charset.StandardCharsets.US_ASCII);
        double value = Double.parseDouble(text);
        boolean rangeError = Double.isInfinite(value) || (value == 0 && nonZero);
        return new Parsed(negative ? -value : value, i, rangeError);
    }

    private static Parsed hex(byte[] s, int i, boolean negative) {
        int from = i;
        boolean nonZero = false;
        while (isHexDigit(s, i)) {
            nonZero |= s[i] != '0';
            i++;
        }
        if (i < s.length && s[i] == '.') {
            i++;
            while (isHexDigit(s, i)) {
                nonZero |= s[i] != '0';
                i++;
            }
        }
        String mantissa = new String(s, from, i - from, java.nio.charset.StandardCharsets.US_ASCII);
        String exponent = "0";
        if (i < s.length && (s[i] == 'p' || s[i] == 'P')) {
            int j = i + 1;
            if (j < s.length && (s[j] == '+' || s[j] == '-')) {
                j++;
            }
            if (isDigit(s, j)) {
                while (isDigit(s, j)) {
                    j++;
                }
                exponent = new String(s, i + 1, j - i - 1, java.nio.charset.StandardCharsets.US_ASCII);
                i = j;
            }
        }
        double value;
        try {
            value = Double.parseDouble("0x" + (mantissa.startsWith(".") ? "0" + mantissa : mantissa) + "p" + exponent);
        } catch (NumberFormatException e) {
            // An exponent too long for Java's parser: it over- or underflows.
            value = exponent.startsWith("-") ? 0 : Double.POSITIVE_INFINITY;
        }
        boolean rangeError = Double.isInfinite(value) || (value == 0 && nonZero);
        return new Parsed(negative ? -value : value, i, rangeError);
    }

    /** A score as ZADD, ZINCRBY and WEIGHTS read it (Redis's string2d), or null when Redis refuses it. */
    static Double parseScore(byte[] s) {
        if (s.length == 0 || isSpace(s[0])) {
            return null;
        }
        Parsed p = strtod(s, 0);
        if (p.end != s.length || Double.isNaN(p.value)
                || (p.rangeError && (Double.isInfinite(p.value) || p.value == 0))) {
            return null;
        }
        return p.value;
    }

    // ---- Score ranges ------------------------------------------------------------------------------------------

    /** A score interval; {@code (} makes a bound exclusive. */
    record ScoreRange(double min, boolean minExclusive, double max, boolean maxExclusive) {
        boolean gteMin(double score) {
            return minExclusive ? score > min : score >= min;
        }

        boolean lteMax(double score) {
            return maxExclusive ? score < max : score <= max;
        }
    }

    /** Parses min and max as zslParseRange does, or throws "min or max is not a float". */
    static ScoreRange scoreRange(byte[] min, byte[] max) {
        double[] value = new double[2];
        boolean[] exclusive = new boolean[2];
        byte[][] items = {min, max};
        for (int k = 0; k < 2; k++) {
            byte[] s = items[k];
            int from = s.length > 0 && s[0] == '(' ? 1 : 0;
            exclusive[k] = from == 1;
            Parsed p = strtod(s, from);
            if ((p.end < s.length && s[p.end] != 0) || Double.isNaN(p.value)) {
                throw new CommandException(NOT_FLOAT_RANGE);
            }
            value[k] = p.value;
        }
        return new ScoreRange(value[0], exclusive[0], value[1], exclusive[1]);
    }

    // ---- Lex ranges --------------------------------------------------------------------------------------------

    /** One end of a lex range: {@code -} / {@code +} (infinite, exclusive), {@code [x} or {@code (x}. */
    record LexBound(byte[] value, boolean exclusive, int infinite) {
    }

    /** A lexicographic interval over member bytes. */
    record LexRange(LexBound min, LexBound max) {
        boolean gteMin(byte[] member) {
            if (min.infinite != 0) {
                return min.infinite < 0;
            }
            int cmp = Arrays.compareUnsigned(member, min.value);
            return min.exclusive ? cmp > 0 : cmp >= 0;
        }

        boolean lteMax(byte[] member) {
            if (max.infinite != 0) {
                return max.infinite > 0;
            }
            int cmp = Arrays.compareUnsigned(member, max.value);
            return max.exclusive ? cmp < 0 : cmp <= 0;
        }

        /** Redis's test for ranges that are always empty (sdscmplex of min and max). */
        boolean alwaysEmpty() {
            int cmp;
            if (min.infinite != 0 && min.infinite == max.infinite) {
                cmp = 0;
            } else if (min.infinite < 0 || max.infinite > 0) {
                cmp = -1;
            } else if (min.infinite > 0 || max.infinite < 0) {
                cmp = 1;
            } else {
                cmp = Arrays.compareUnsigned(min.value, max.value);
            }
            return cmp > 0 || (cmp == 0 && (min.exclusive || max.exclusive));
        }
    }

    private static LexBound lexBound(byte[] s) {
        if (s.length == 0) {
            throw new CommandException(NOT_LEX_RANGE);
        }
        switch (s[0]) {
            case '+', '-' -> {
                if (s.length > 1 && s[1] != 0) {
                    throw new CommandException(NOT_LEX_RANGE);
                }
                return new LexBound(null, true, s[0] == '+' ? 1 : -1);
            }
            case '(', '[' -> {
                return new LexBound(Arrays.copyOfRange(s, 1, s.length), s[0] == '(', 0);
            }
            default -> throw new CommandException(NOT_LEX_RANGE);
        }
    }

    static LexRange lexRange(byte[] min, byte[] max) {
        return new LexRange(lexBound(min), lexBound(max));
    }

    // ---- Resolution to ranks -----------------------------------------------------------------------------------

    /**
     * The ranks [from, to) Redis walks for a score range: ascending, or for {@code reverse} the same run walked from
     * its end. Null when empty.
     */
    static int[] resolve(RedisZSet zset, ScoreRange range) {
        ZSetTree tree = zset.tree();
        int from = tree.lowerBound((score, member) -> range.gteMin(score));
        int to = tree.lowerBound((score, member) -> !range.lteMax(score));
        return from < to ? new int[] {from, to} : null;
    }

    /**
     * The ranks [from, to) of a lex range. A listpack is walked as Redis walks it (linearly: the first member at or
     * above min starts the run, which ends at the first member above max; from the end for {@code reverse}), which
     * also fixes the answer when members with different scores are not in lexicographic order; a larger set is
     * searched in O(log N), which gives the same answer when all scores are equal (the case lex ranges are for).
     */
    static int[] resolve(RedisZSet zset, LexRange range, boolean reverse) {
        int n = zset.size();
        if (range.alwaysEmpty() || n == 0) {
            return null;
        }
        ZSetTree tree = zset.tree();
        if (!zset.listpack()) {
            int from = tree.lowerBound((score, member) -> range.gteMin(member));
            int to = tree.lowerBound((score, member) -> !range.lteMax(member));
            return from < to ? new int[] {from, to} : null;
        }
        if (!range.gteMin(tree.lastMember()) || !range.lteMax(tree.firstMember())) {
            return null;
        }
        byte[][] members = new byte[n][];
        int i = 0;
        for (ZSetTree.Cursor c = tree.at(0); c.valid(); c.next()) {
            members[i++] = c.member();
        }
        if (!reverse) {
            for (int start = 0; start < n; start++) {
                if (range.gteMin(members[start])) {
                    if (!range.lteMax(members[start])) {
                        return null;
                    }
                    int end = start + 1;
                    while (end < n && range.lteMax(members[end])) {
                        end++;
                    }
                    return new int[] {start, end};
                }
            }
            return null;
        }
        for (int last = n - 1; last >= 0; last--) {
            if (range.lteMax(members[last])) {
                if (!range.gteMin(members[last])) {
                    return null;
                }
                int start = last;
                while (start > 0 && range.gteMin(members[start - 1])) {
                    start--;
                }
                return new int[] {start, last + 1};
            }
        }
        return null;
    }
}
