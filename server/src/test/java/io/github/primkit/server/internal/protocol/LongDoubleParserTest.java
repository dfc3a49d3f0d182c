package io.github.primkit.server.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LongDoubleParserTest {
    private static LongDoubleParser.Value parse(String text) {
        return LongDoubleParser.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String formatted(String text) {
        return LongDouble.format(parse(text).finite());
    }

    @Test
    void decimalNotation() {
        assertThat(formatted("1")).isEqualTo("1");
        assertThat(formatted("-2.5")).isEqualTo("-2.5");
        assertThat(formatted("+.5")).isEqualTo("0.5");
        assertThat(formatted("5.")).isEqualTo("5");
        assertThat(formatted("1e3")).isEqualTo("1000");
        assertThat(formatted("1E+3")).isEqualTo("1000");
        assertThat(formatted("-.5e-1")).isEqualTo("-0.05");
        assertThat(formatted("007")).isEqualTo("7");
        assertThat(formatted("0.1")).isEqualTo("0.1");
        assertThat(parse("0e99999999999").finite()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(parse("-0").finite()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void hexadecimalFloats() {
        assertThat(formatted("0x10")).isEqualTo("16");
        assertThat(formatted("0x1p-3")).isEqualTo("0.125");
        assertThat(formatted("0X1P4")).isEqualTo("16");
        assertThat(formatted("0x.8")).isEqualTo("0.5");
        assertThat(formatted("0x1.")).isEqualTo("1");
        assertThat(formatted("-0xa.8p1")).isEqualTo("-21");
    }

    @Test
    void infinities() {
        for (String text : new String[] {"inf", "INF", "+inf", "Infinity", "infinity"}) {
            assertThat(parse(text).isInfinite()).as(text).isTrue();
            assertThat(parse(text).infinity()).isEqualTo(1);
        }
        assertThat(parse("-inf").infinity()).isEqualTo(-1);
        assertThat(parse("-Infinity").infinity()).isEqualTo(-1);
    }

    @Test
    void refusedText() {
        for (String text : new String[] {"", " 1", "\t1", "1 ", "abc", "nan", "NaN", "-nan", "nan(1)", "1e", "e1",
                ".", "0x", "0x1p", "1e+", "1_0", "--1", "+-1", "infin", "infinite", "1.2.3", "0xg", "1e5000",
                "-1e5000", "1e-5000", "0x1p99999", "0x1p-99999", "1" + "0".repeat(5000)}) {
            assertThat(parse(text)).as("'%s'", text.length() > 20 ? text.substring(0, 20) + "..." : text).isNull();
        }
    }

    @Test
    void theLongDoubleRange() {
        assertThat(parse("1e4932")).isNotNull();
        assertThat(parse("1.18973149535723176502e4933")).isNull();
        // Subnormal long doubles are values; only what rounds to zero is refused.
        assertThat(parse("1e-4940")).isNotNull();
        assertThat(parse("4e-4951")).isNotNull();
        assertThat(parse("1e-4951")).isNull();
        assertThat(parse("1e-4960")).isNull();
    }

    @Test
    void valuesAreRoundedToLongDoubles() {
        // 0.1 is not exact in binary: its long double is 0.1000000000000000000013552527156068805425...
        assertThat(parse("0.1").finite()).isNotEqualByComparingTo(new BigDecimal("0.1"));
        assertThat(parse("0.1").finite()).isEqualByComparingTo(LongDouble.round(new BigDecimal("0.1")));
    }
}
