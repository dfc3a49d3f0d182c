package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Stream commands, hand-written cases: every reply compared with valkey 8.0, errors included. Replies that carry
 * times (XPENDING's idle column, XINFO's idle/inactive/seen-time/active-time/delivery times) are compared with those
 * values masked: structure, IDs, names, counts and every other number must still be identical.
 */
class StreamDifferentialTest extends DifferentialTest {
    private static final Set<String> TIME_FIELDS = Set.of("idle", "inactive", "seen-time", "active-time");

    /** Like {@link #same}, with times masked (see the class comment). */
    Resp sameMasked(Object... command) throws IOException {
        Resp expected = reference.call(command);
        Resp actual = ours.call(command);
        boolean xpending = String.valueOf(command[0]).equalsIgnoreCase("xpending");
        assertThat(mask(actual, xpending)).as("reply to %s (times masked)", describe(command))
                .isEqualTo(mask(expected, xpending));
        return actual;
    }

    /** The reply rendered with times replaced by T: absolute times (> 10^12 ms), the values of time fields. */
    static String mask(Resp reply, boolean xpendingRows) {
        if (reply.elements() == null) {
            if (reply.type() == ':' && reply.text() != null && reply.text().length() >= 13) {
                return ":T";
            }
            return reply.toString();
        }
        List<Resp> elements = reply.elements();
        StringBuilder sb = new StringBuilder().append(reply.type()).append('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Resp element = elements.get(i);
            boolean timeValue = i > 0 && element.type() == ':' && elements.get(i - 1).elements() == null
                    && TIME_FIELDS.contains(elements.get(i - 1).text());
            boolean idleColumn = xpendingRows && elements.size() == 4 && i == 2 && element.type() == ':';
            sb.append(timeValue || idleColumn ? ":T" : mask(element, xpendingRows));
        }
        return sb.append(']').toString();
    }

    @Test
    void addWithExplicitAndGeneratedIds() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XADD", "s", "1-1", "a", "1");
        same("XADD", "s", "1-0", "a", "1");
        same("XADD", "s", "0-0", "a", "1");
        same("XADD", "fresh", "0-0", "a", "1");
        same("EXISTS", "fresh");
        same("XADD", "fresh", "0-*", "a", "1");
        same("XADD", "s", "1-*", "b", "2");
        same("XADD", "s", "1", "c", "3");
        same("XADD", "s", "2", "c", "3");
        same("XADD", "s", "2-*", "c", "3");
        same("XADD", "s", "3-18446744073709551615", "d", "4");
        same("XADD", "s", "3-*", "d", "4");
        same("XADD", "s", "NOMKSTREAM", "5-0", "f", "v");
        same("XADD", "nope", "NOMKSTREAM", "*", "f", "v");
        same("EXISTS", "nope");
        same("XADD", "max", "18446744073709551615-18446744073709551615", "a", "1");
        same("XADD", "max", "*", "a", "1");
        same("XADD", "max", "18446744073709551615-*", "a", "1");
        // A generated ID is after the last one even when the clock is behind it.
        same("XADD", "future", "99999999999999-5", "a", "1");
        same("XADD", "future", "*", "a", "1");
        same("XLEN", "s");
        same("XRANGE", "s", "-", "+");
        same("TYPE", "s");
        // Fields repeat and values of any kind are kept as given, in order.
        same("XADD", "s", "6-0", "f", "1", "f", "", "007", "-0", "x", "9223372036854775808");
        same("XRANGE", "s", "6", "6");
    }

    @Test
    void addArgumentErrors() throws IOException {
        same("XADD", "s", "1-1", "a");
        same("XADD", "s", "MAXLEN", "5");
        same("XADD", "s", "MAXLEN", "5", "*");
        same("XADD", "s", "abc", "a", "b");
        same("XADD", "s", "1-2-3", "a", "b");
        same("XADD", "s", "-", "a", "b");
        same("XADD", "s", "+", "a", "b");
        same("XADD", "s", "1-**", "a", "b");
        same("XADD", "s", "18446744073709551616-0", "a", "b");
        same("XADD", "s", "MAXLEN", "2", "LIMIT", "2", "*", "a", "1");
        same("XADD", "s", "MAXLEN", "~", "x", "*", "a", "1");
        same("XADD", "s", "MAXLEN", "-1", "*", "a", "1");
        same("XADD", "s", "LIMIT", "5", "*", "a", "1");
        same("XADD", "s", "LIMIT", "0", "*", "a", "1");
        same("XADD", "s", "LIMIT", "-1", "*", "a", "1");
        same("XADD", "s", "MAXLEN", "5", "MINID", "3", "*", "a", "1");
        same("XADD", "s", "MINID", "+", "*", "a", "1");
        same("XADD", "s", "MINID", "~", "bad", "*", "a", "1");
        same("EXISTS", "s");
        same("SET", "str", "x");
        same("XADD", "str", "*", "a", "1");
        same("XADD", "str", "NOMKSTREAM", "*", "a", "1");
        same("XLEN", "str");
        same("XRANGE", "str", "-", "+");
        same("XREVRANGE", "str", "+", "-");
        same("XDEL", "str", "1-1");
        same("XTRIM", "str", "MAXLEN", "1");
        same("XINFO", "STREAM", "str");
        same("XGROUP", "CREATE", "str", "g", "$");
        same("XACK", "str", "g", "1-1");
        same("XPENDING", "str", "g");
        same("XREAD", "STREAMS", "str", "0");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "str", ">");
        same("XCLAIM", "str", "g", "c", "0", "1-1");
        same("XAUTOCLAIM", "str", "g", "c", "0", "0");
        same("XSETID", "str", "1-1");
        same("XADD");
        same("XLEN", "a", "b");
    }

    @Test
    void idParsingAsRedisDoes() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XADD", "s", "2-5", "b", "2");
        same("XADD", "s", "3-0", "c", "3");
        for (String id : new String[] {"2", "+2", " 2", "02", "2-", "2- 1", "2-+1", "-2", "2--01", "-0", "2.5",
            "0x2", "", "2-5 ", "18446744073709551615", "18446744073709551616", "2-18446744073709551616",
            "99999999999999999999999", "(", "((2", "(+", "(-", "(2"}) {
            same("XRANGE", "s", id, "+");
            same("XRANGE", "s", "-", id);
        }
        same("XRANGE", "s", "-", "+", "COUNT", "2");
        same("XRANGE", "s", "(1-1", "+");
        same("XRANGE", "s", "-", "(3-0");
        same("XRANGE", "s", "(18446744073709551615-18446744073709551615", "+");
        same("XRANGE", "s", "-", "(0-0");
        same("XRANGE", "s", "3", "1");
        same("XRANGE", "s", "-", "+", "COUNT", "0");
        same("XRANGE", "s", "-", "+", "COUNT", "-5");
        same("XRANGE", "s", "-", "+", "COUNT", "9223372036854775807");
        same("XRANGE", "s", "-", "+", "COUNT", "x");
        same("XRANGE", "s", "-", "+", "COUNT");
        same("XRANGE", "s", "-", "+", "COUNT", "1", "COUNT", "2");
        same("XRANGE", "s", "-", "+", "LIMIT", "1");
        same("XRANGE", "nokey", "-", "+", "COUNT", "0");
        same("XREVRANGE", "s", "+", "-");
        same("XREVRANGE", "s", "+", "-", "COUNT", "2");
        same("XREVRANGE", "s", "(3", "-");
        same("XREVRANGE", "s", "2", "2");
        same("XREVRANGE", "s", "-", "+");
        same("XREVRANGE", "nokey", "+", "-");
    }

    @Test
    void trimmingExactAndApproximate() throws IOException {
        // 250 small entries fill nodes of 100; "~" trimming removes whole nodes only.
        for (int i = 1; i <= 250; i++) {
            same("XADD", "s", i + "-1", "f", "v" + i);
        }
        same("XINFO", "STREAM", "s");
        same("XTRIM", "s", "MAXLEN", "~", "180");
        same("XLEN", "s");
        same("XTRIM", "s", "MAXLEN", "~", "140");
        same("XLEN", "s");
        same("XTRIM", "s", "MAXLEN", "~", "140", "LIMIT", "10");
        same("XTRIM", "s", "MAXLEN", "~", "0", "LIMIT", "0");
        same("XLEN", "s");
        for (int i = 300; i <= 620; i++) {
            same("XADD", "s", "MAXLEN", "~", "150", i + "-1", "f", "v" + i, "g", "w");
        }
        same("XLEN", "s");
        same("XINFO", "STREAM", "s");
        same("XTRIM", "s", "MINID", "~", "500");
        same("XTRIM", "s", "MINID", "550-1");
        same("XTRIM", "s", "MINID", "=", "551");
        same("XTRIM", "s", "MAXLEN", "=", "30");
        same("XINFO", "STREAM", "s");
        same("XRANGE", "s", "-", "+", "COUNT", "3");
        same("XTRIM", "s", "MAXLEN", "0");
        same("XINFO", "STREAM", "s");
        same("EXISTS", "s");
        // Big entries close nodes by bytes (4096 per node) before 100 entries.
        String big = "x".repeat(300);
        for (int i = 1; i <= 80; i++) {
            same("XADD", "b", i + "-0", "field", big + i, "n", Integer.toString(i * 1000));
        }
        same("XINFO", "STREAM", "b");
        same("XTRIM", "b", "MAXLEN", "~", "50");
        same("XLEN", "b");
        same("XTRIM", "nokey", "MAXLEN", "1");
        same("XTRIM", "b", "MAXLEN");
        same("XTRIM", "b", "FOO", "1");
        same("XTRIM", "b", "LIMIT", "1");
        same("XTRIM", "b", "MAXLEN", "1", "LIMIT", "1");
        same("XTRIM", "b", "MINID", "1", "MAXLEN", "1");
        same("XTRIM", "b", "MAXLEN", "-1");
        same("XTRIM", "b", "MINID", "-");
    }

    @Test
    void deleteAndStreamInfo() throws IOException {
        same("XINFO", "STREAM", "s");
        for (int i = 1; i <= 120; i++) {
            same("XADD", "s", i + "-0", "f", Integer.toString(i));
        }
        same("XDEL", "s", "1-0", "2-0", "2-0", "999-0");
        same("XDEL", "s", "bad");
        same("XDEL", "nokey", "bad");
        same("XDEL", "s", "50");
        same("XINFO", "STREAM", "s");
        // Deleting a whole node removes it.
        List<Object> all = new ArrayList<>(List.of("XDEL", "s"));
        for (int i = 3; i <= 100; i++) {
            all.add(i + "-0");
        }
        same(all.toArray());
        same("XINFO", "STREAM", "s");
        same("XINFO", "STREAM", "s", "FULL");
        same("XINFO", "STREAM", "s", "FULL", "COUNT", "3");
        same("XINFO", "STREAM", "s", "FULL", "COUNT", "0");
        same("XINFO", "STREAM", "s", "FULL", "COUNT", "-1");
        same("XINFO", "STREAM", "s", "FULL", "COUNT");
        same("XINFO", "STREAM", "s", "FULL", "COUNT", "x");
        same("XINFO", "STREAM", "s", "full", "limit", "1");
        same("XINFO", "Stream", "s", "foo");
        same("XINFO", "STREAM", "nokey");
        same("XINFO", "STREAM");
        same("XINFO", "FOO", "s");
        same("XINFO", "HELP");
        same("XINFO");
        same("XLEN", "s");
        List<Object> rest = new ArrayList<>(List.of("XDEL", "s"));
        for (int i = 101; i <= 120; i++) {
            rest.add(i + "-0");
        }
        same(rest.toArray());
        same("XLEN", "s");
        same("EXISTS", "s");
        same("XINFO", "STREAM", "s");
        same("XADD", "s", "5-0", "f", "v");
        same("XADD", "s", "121-0", "f", "v");
        same("XINFO", "STREAM", "s");
    }

    @Test
    void setIdAndCounters() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XADD", "s", "2-1", "b", "2");
        same("XSETID", "s", "1-0");
        same("XSETID", "s", "2-1");
        same("XSETID", "s", "99-0");
        same("XSETID", "nokey", "1-0");
        same("XSETID", "s", "bad");
        same("XSETID", "s", "100-0", "ENTRIESADDED", "1");
        same("XSETID", "s", "100-0", "ENTRIESADDED", "-1");
        same("XSETID", "s", "100-0", "ENTRIESADDED", "x");
        same("XSETID", "s", "100-0", "MAXDELETEDID", "200-0");
        same("XSETID", "s", "100-0", "MAXDELETEDID", "50-0", "ENTRIESADDED", "10");
        same("XINFO", "STREAM", "s");
        same("XSETID", "s", "40-0");
        same("XSETID", "s", "100-0", "FOO");
        same("XSETID", "s", "100-0", "ENTRIESADDED");
        same("XADD", "s", "99-5", "a", "1");
        same("XADD", "s", "100-*", "a", "1");
        same("XINFO", "STREAM", "s");
    }

    @Test
    void groupsAndReadGroup() throws IOException {
        same("XGROUP", "CREATE", "s", "g", "$");
        same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        same("XGROUP", "CREATE", "s", "g", "$");
        same("XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "-3");
        same("XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "x");
        same("XGROUP", "CREATE", "s", "g2", "0", "ENTRIESREAD", "5", "MKSTREAM", "extra");
        same("XGROUP", "CREATE", "s", "g2", "0", "foo");
        same("XGROUP", "CREATE", "s", "g2", "bad");
        same("XGROUP", "SETID", "s", "nog", "0");
        same("XGROUP", "SETID", "s", "g", "0", "ENTRIESREAD", "3");
        same("XGROUP", "SETID", "s", "g", "0", "MKSTREAM");
        same("XGROUP", "SETID", "s", "g", "-");
        same("XGROUP", "DESTROY", "nokey", "g");
        same("XGROUP", "DESTROY", "s", "nog");
        same("XGROUP", "CREATECONSUMER", "s", "g", "c1");
        same("XGROUP", "CREATECONSUMER", "s", "g", "c1");
        same("XGROUP", "CREATECONSUMER", "s", "nog", "c1");
        same("XGROUP", "DELCONSUMER", "s", "g", "c9");
        same("XGROUP", "FOO", "s", "g");
        same("XGROUP", "HELP");
        same("XGROUP");
        same("XGROUP", "CREATE", "s");
        same("XGROUP", "DESTROY", "s", "g", "x");
        for (int i = 1; i <= 3; i++) {
            same("XADD", "s", i + "-1", "f", Integer.toString(i));
        }
        same("XINFO", "GROUPS", "s");
        same("XREADGROUP", "GROUP", "g", "c1", "COUNT", "1", "STREAMS", "s", ">");
        same("XINFO", "GROUPS", "s");
        same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c1", "STREAMS", "s", "0");
        same("XREADGROUP", "GROUP", "g", "c2", "COUNT", "1", "STREAMS", "s", "0");
        same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", "2-1");
        same("XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", "0");
        same("XINFO", "GROUPS", "s");
        sameMasked("XINFO", "CONSUMERS", "s", "g");
        same("XPENDING", "s", "g");
        // History shows entries deleted since delivery with null fields.
        same("XDEL", "s", "2-1");
        same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", "0");
        same("XINFO", "GROUPS", "s");
        // NOACK: delivered without pending entries.
        same("XGROUP", "CREATE", "s", "n", "0");
        same("XREADGROUP", "GROUP", "n", "c", "NOACK", "STREAMS", "s", ">");
        same("XPENDING", "s", "n");
        same("XINFO", "GROUPS", "s");
        // SETID backwards: entries are delivered again (to the new reader).
        same("XGROUP", "SETID", "s", "g", "0");
        same("XREADGROUP", "GROUP", "g", "c3", "STREAMS", "s", ">");
        same("XPENDING", "s", "g");
        same("XGROUP", "DELCONSUMER", "s", "g", "c3");
        same("XPENDING", "s", "g");
        same("XGROUP", "DESTROY", "s", "g");
        same("XINFO", "GROUPS", "s");
        same("XINFO", "CONSUMERS", "s", "g");
        same("XINFO", "CONSUMERS", "nokey", "g");
        same("XINFO", "GROUPS", "nokey");
        same("XGROUP", "CREATE", "s", "z", "$", "ENTRIESREAD", "10");
        same("XINFO", "GROUPS", "s");
        same("XADD", "s", "9-9", "f", "v");
        same("XINFO", "GROUPS", "s");
    }

    @Test
    void readGroupErrors() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XGROUP", "CREATE", "s", "g", "0");
        same("XREADGROUP", "GROUP", "nog", "c", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "nokey", ">");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "$");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "+");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "bad");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "COUNT", "x", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "-1", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "1.5", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "FOO", "STREAMS", "s", ">");
        same("XREADGROUP", "COUNT", "1", "STREAMS", "s", ">", "x");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "COUNT", "-1", "STREAMS", "s", "0");
        same("XREADGROUP", "GROUP", "g", "c", "COUNT", "9223372036854775807", "STREAMS", "s", "0");
        same("XREAD", "GROUP", "g", "c", "STREAMS", "s", "0");
        same("XREAD", "NOACK", "STREAMS", "s", "0");
        same("XREAD", "STREAMS", "s", ">");
        same("XREAD", "STREAMS", "s");
        same("XREAD", "COUNT", "1");
        same("XREAD", "FOO", "STREAMS", "s", "0");
        same("XREAD", "BLOCK", "x", "STREAMS", "s", "0");
        same("XREAD", "BLOCK", "-1", "STREAMS", "s", "0");
        same("XREAD", "BLOCK", "9223372036854775807", "STREAMS", "s", "0");
    }

    @Test
    void readVariants() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XADD", "s", "2-1", "b", "2");
        same("XADD", "t", "1-1", "x", "y");
        same("XREAD", "STREAMS", "s", "0");
        same("XREAD", "COUNT", "1", "STREAMS", "s", "t", "0", "0");
        same("XREAD", "STREAMS", "s", "t", "1-1", "1-1");
        same("XREAD", "STREAMS", "s", "nokey", "t", "0", "0", "$");
        same("XREAD", "STREAMS", "s", "$");
        same("XREAD", "COUNT", "5", "STREAMS", "s", "+");
        same("XREAD", "STREAMS", "s", "s", "+", "0");
        same("XREAD", "STREAMS", "nokey", "+");
        same("XREAD", "COUNT", "0", "STREAMS", "s", "0");
        same("XREAD", "COUNT", "-3", "STREAMS", "s", "0");
        same("XREAD", "STREAMS", "s", "(1-1");
        same("XREAD", "STREAMS", "s", "-");
        same("XREAD", "STREAMS", "s", "18446744073709551615-18446744073709551615");
        same("XDEL", "s", "2-1");
        same("XREAD", "STREAMS", "s", "+");
        same("XREAD", "STREAMS", "s", "1-1");
        same("XGROUP", "CREATE", "e", "g", "0", "MKSTREAM");
        same("XREAD", "STREAMS", "e", "+");
        same("XREAD", "BLOCK", "10", "STREAMS", "e", "+");
        same("XREAD", "BLOCK", "10", "STREAMS", "e", "$");
        same("XREAD", "STREAMS", "e", "0");
    }

    @Test
    void pendingClaimAndAutoclaim() throws IOException {
        for (int i = 1; i <= 6; i++) {
            same("XADD", "s", i + "-1", "f", Integer.toString(i));
        }
        same("XGROUP", "CREATE", "s", "g", "0");
        same("XREADGROUP", "GROUP", "g", "c1", "COUNT", "3", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c2", "STREAMS", "s", ">");
        same("XPENDING", "s", "g");
        sameMasked("XPENDING", "s", "g", "-", "+", "10");
        sameMasked("XPENDING", "s", "g", "-", "+", "10", "c2");
        same("XPENDING", "s", "g", "-", "+", "10", "nobody");
        sameMasked("XPENDING", "s", "g", "(1-1", "(5-1", "2");
        same("XPENDING", "s", "g", "-", "+", "0");
        same("XPENDING", "s", "g", "-", "+", "-1");
        same("XPENDING", "s", "g", "5", "1", "10");
        sameMasked("XPENDING", "s", "g", "-", "+", "9223372036854775807");
        same("XPENDING", "s", "g", "IDLE", "3600000", "-", "+", "10");
        sameMasked("XPENDING", "s", "g", "IDLE", "0", "-", "+", "10", "c1");
        same("XPENDING", "s", "g", "IDLE", "x", "-", "+", "10");
        same("XPENDING", "s", "g", "IDLE", "10", "-", "+");
        same("XPENDING", "s", "g", "-", "+", "x");
        same("XPENDING", "s", "g", "-", "+");
        same("XPENDING", "s", "g", "a", "b", "1");
        same("XPENDING", "s", "g", "(18446744073709551615-18446744073709551615", "+", "1");
        same("XPENDING", "s", "nog");
        same("XPENDING", "nokey", "g", "-", "+", "1");
        same("XPENDING", "s", "g", "-", "+", "1", "c1", "extra", "more", "x");
        // XACK
        same("XACK", "s", "g", "1-1", "9-9", "1-1");
        same("XACK", "s", "nog", "1-1");
        same("XACK", "nokey", "g", "bad");
        same("XACK", "s", "g", "bad");
        same("XPENDING", "s", "g");
        // XCLAIM: the minimum idle time filters; JUSTID leaves the delivery count; FORCE creates pending entries.
        same("XCLAIM", "s", "g", "c3", "3600000", "2-1", "JUSTID");
        same("XCLAIM", "s", "g", "c3", "0", "2-1", "3-1", "JUSTID");
        sameMasked("XPENDING", "s", "g", "-", "+", "10");
        same("XCLAIM", "s", "g", "c3", "0", "2-1");
        same("XCLAIM", "s", "g", "c3", "0", "2-1", "RETRYCOUNT", "7", "IDLE", "5000", "JUSTID");
        sameMasked("XPENDING", "s", "g", "IDLE", "4000", "-", "+", "10"); // idle ~5000 ms: a millisecond may pass
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "JUSTID");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "FORCE", "JUSTID");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "TIME", "1", "RETRYCOUNT", "0");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "LASTID", "100-0", "JUSTID");
        same("XINFO", "GROUPS", "s");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "FOO");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "FORCE", "2-1");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "IDLE", "x");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "TIME", "x");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "RETRYCOUNT", "x");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "LASTID", "bad");
        same("XCLAIM", "s", "g", "c3", "0", "1-1", "IDLE");
        same("XCLAIM", "s", "g", "c3", "x", "1-1");
        same("XCLAIM", "s", "g", "c3", "-5", "1-1", "JUSTID");
        same("XCLAIM", "s", "nog", "c3", "0", "1-1");
        same("XCLAIM", "nokey", "g", "c3", "0", "1-1");
        same("XCLAIM", "s", "g", "c3", "0", "bad");
        // A pending entry deleted from the stream leaves the PEL when claimed.
        same("XDEL", "s", "3-1");
        same("XCLAIM", "s", "g", "c1", "0", "3-1", "JUSTID");
        same("XPENDING", "s", "g");
        // XAUTOCLAIM: cursor, claimed entries, deleted IDs.
        same("XDEL", "s", "5-1");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "1");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "2", "JUSTID");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "(4-1");
        same("XAUTOCLAIM", "s", "g", "c4", "3600000", "0");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "0");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "576460752303423488");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "9223372036854775807");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT", "x");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "FOO");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "0", "COUNT");
        same("XAUTOCLAIM", "s", "g", "c4", "x", "0");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "x");
        same("XAUTOCLAIM", "s", "g", "c4", "0", "(18446744073709551615-18446744073709551615");
        same("XAUTOCLAIM", "s", "nog", "c4", "0", "0");
        same("XAUTOCLAIM", "nokey", "g", "c4", "0", "0");
        same("XPENDING", "s", "g");
        same("XINFO", "GROUPS", "s");
        sameMasked("XINFO", "CONSUMERS", "s", "g");
        sameMasked("XINFO", "STREAM", "s", "FULL");
    }

    @Test
    void copyRenameScanAndWatch() throws IOException {
        same("XADD", "s", "1-1", "a", "1");
        same("XGROUP", "CREATE", "s", "g", "0");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
        same("COPY", "s", "s2");
        same("XADD", "s2", "2-1", "b", "2");
        same("XRANGE", "s", "-", "+");
        same("XPENDING", "s2", "g");
        same("XACK", "s2", "g", "1-1");
        same("XPENDING", "s", "g");
        same("XPENDING", "s2", "g");
        same("RENAME", "s2", "s3");
        same("TYPE", "s3");
        same("XINFO", "GROUPS", "s3");
        sameUnordered("SCAN", "0", "TYPE", "stream");
        same("SET", "str", "x");
        sameUnordered("SCAN", "0", "TYPE", "string");
        // WATCH: XADD breaks a transaction; group bookkeeping does not (Redis does not signal it).
        same("WATCH", "s");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0");
        same("XGROUP", "CREATECONSUMER", "s", "g", "c9");
        same("MULTI");
        same("XLEN", "s");
        same("EXEC");
        same("WATCH", "s");
        same("XADD", "s", "5-1", "a", "1");
        same("MULTI");
        same("XLEN", "s");
        same("EXEC");
    }

    @Test
    void repliesInResp3() throws IOException {
        resp3();
        same("XADD", "s", "1-1", "a", "1", "b", "2");
        same("XADD", "t", "1-1", "x", "y");
        same("XADD", "nope", "NOMKSTREAM", "*", "a", "b");
        same("XRANGE", "s", "-", "+");
        same("XRANGE", "s", "-", "+", "COUNT", "0");
        same("XREAD", "STREAMS", "s", "t", "0", "0");
        same("XREAD", "STREAMS", "s", "$");
        same("XGROUP", "CREATE", "s", "g", "0");
        same("XPENDING", "s", "g");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", ">");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0");
        same("XPENDING", "s", "g");
        same("XINFO", "STREAM", "s");
        same("XINFO", "GROUPS", "s");
        sameMasked("XINFO", "CONSUMERS", "s", "g");
        sameMasked("XINFO", "STREAM", "s", "FULL");
        same("XAUTOCLAIM", "s", "g", "c2", "0", "0");
        same("XCLAIM", "s", "g", "c", "0", "1-1", "JUSTID");
        same("XDEL", "s", "1-1");
        same("XREADGROUP", "GROUP", "g", "c", "STREAMS", "s", "0");
        same("XINFO", "STREAM", "s");
        same("XINFO", "GROUPS", "s");
    }

    @Test
    void blockingReadsInsideMultiAnswerAtOnce() throws IOException {
        same("XGROUP", "CREATE", "s", "g", "$", "MKSTREAM");
        same("MULTI");
        same("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        same("XADD", "s", "1-1", "a", "1");
        same("XREADGROUP", "GROUP", "g", "c", "BLOCK", "0", "STREAMS", "s", ">");
        same("EXEC");
    }
}
