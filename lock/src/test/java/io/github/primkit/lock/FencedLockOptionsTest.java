package io.github.primkit.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Options and their messages; no Redis needed. */
class FencedLockOptionsTest {
    @Test
    void defaults() {
        FencedLockOptions options = FencedLockOptions.defaults();
        assertThat(options.namespace().name()).isEqualTo("primkit-lock");
        assertThat(options.leaseTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.acquireTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.watchdog()).isFalse();
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.priorityAfter()).isEqualTo(Duration.ofMillis(100));
        assertThat(options.replicas()).isZero();
        assertThat(options.replicationTimeout()).isZero();
    }

    @Test
    void everySetterKeepsItsValue() {
        FencedLockOptions options = FencedLockOptions.builder().namespace("shop:locks")
                .leaseTime(Duration.ofSeconds(5)).acquireTimeout(Duration.ZERO).watchdog(true)
                .pollInterval(Duration.ofMillis(50)).priorityAfter(Duration.ZERO)
                .replicas(2, Duration.ofMillis(300)).build();
        assertThat(options.namespace().name()).isEqualTo("shop:locks");
        assertThat(options.leaseTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.acquireTimeout()).isZero();
        assertThat(options.watchdog()).isTrue();
        assertThat(options.pollInterval()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.priorityAfter()).isZero();
        assertThat(options.replicas()).isEqualTo(2);
        assertThat(options.replicationTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(options.toString()).contains("namespace=shop:locks", "leaseTime=PT5S", "replicas=2");
    }

    @Test
    void badValuesAreRefusedWithTheArgumentAndTheValue() {
        FencedLockOptions.Builder builder = FencedLockOptions.builder();
        assertThatThrownBy(() -> builder.leaseTime(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be > 0, was PT0S");
        assertThatThrownBy(() -> builder.leaseTime(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaseTime must be > 0, was PT-1S");
        assertThatThrownBy(() -> builder.leaseTime(Duration.ofNanos(999_999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be >= 1 ms (Redis counts in milliseconds), was PT0.000999999S");
        assertThatThrownBy(() -> builder.leaseTime(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("leaseTime must not be null");
        assertThatThrownBy(() -> builder.acquireTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("acquireTimeout must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pollInterval must be > 0, was PT0S");
        assertThatThrownBy(() -> builder.priorityAfter(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("priorityAfter must be >= 0, was PT-0.001S");
        assertThatThrownBy(() -> builder.replicas(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("replicas must be > 0, was 0");
        assertThatThrownBy(() -> builder.replicas(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout must be > 0, was PT0S");
        assertThatThrownBy(() -> builder.namespace(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("namespace must not be blank, was \" \"");
        assertThatThrownBy(() -> builder.namespace("a{b}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'{' or '}'");
    }

    @Test
    void theWatchdogNeedsALeaseItCanKeepUpWith() {
        FencedLockOptions.Builder builder = FencedLockOptions.builder().leaseTime(Duration.ofMillis(20)).watchdog(true);
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be >= PT0.03S with the watchdog on, was PT0.02S");
        assertThat(builder.watchdog(false).build().leaseTime()).isEqualTo(Duration.ofMillis(20));
    }
}
