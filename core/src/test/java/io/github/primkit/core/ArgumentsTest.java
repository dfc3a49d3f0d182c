package io.github.primkit.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void messagesNameTheArgumentAndTheRefusedValue() {
        assertThatThrownBy(() -> Arguments.requirePositive("leaseTime", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaseTime must be > 0, was PT0S");
        assertThatThrownBy(() -> Arguments.requirePositive("leaseTime", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaseTime must be > 0, was PT-1S");
        assertThatThrownBy(() -> Arguments.requireNonNegative("wait", Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wait must be >= 0, was PT-0.005S");
        assertThatThrownBy(() -> Arguments.requirePositive("limit", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("limit must be > 0, was 0");
        assertThatThrownBy(() -> Arguments.requireNonNegative("permits", -3))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("permits must be >= 0, was -3");
        assertThatThrownBy(() -> Arguments.requireInRange("count", 11, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("count must be in [1, 10], was 11");
        assertThatThrownBy(() -> Arguments.requirePositiveFinite("rate", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("rate must be a finite number > 0, was NaN");
        assertThatThrownBy(() -> Arguments.requirePositiveFinite("rate", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was Infinity");
        assertThatThrownBy(() -> Arguments.requireNonBlank("name", ""))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, was \"\"");
        assertThatThrownBy(() -> Arguments.requireNonNull("name", null))
                .isInstanceOf(NullPointerException.class).hasMessage("name must not be null");
        assertThatThrownBy(() -> Arguments.requirePositive("leaseTime", (Duration) null))
                .isInstanceOf(NullPointerException.class).hasMessage("leaseTime must not be null");
    }

    @Test
    void acceptableValuesPassThrough() {
        assertThat(Arguments.requirePositive("t", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
        assertThat(Arguments.requireNonNegative("t", Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(Arguments.requireInRange("c", 10, 1, 10)).isEqualTo(10);
        assertThat(Arguments.requirePositiveFinite("r", 0.5)).isEqualTo(0.5);
        assertThat(Arguments.requireNonBlank("n", " a ")).isEqualTo(" a ");
    }

    @Test
    void luaScriptRefusesMissingOrEmptyResources() {
        assertThatThrownBy(() -> LuaScript.fromResource(ArgumentsTest.class, "missing.lua"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no resource \"missing.lua\" next to " + ArgumentsTest.class.getName());
        assertThatThrownBy(() -> LuaScript.of("s", " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("body must not be blank, was \" \"");
        assertThat(LuaScript.of("s", "return 1").sha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
    }
}
