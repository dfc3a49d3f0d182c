package io.github.primkit.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Argument checks shared by every pattern's options and entry points. Each failure names the argument and the value
 * that was refused, e.g. {@code leaseTime must be > 0, was PT0S}.
 *
 * <p>{@code null} raises {@link NullPointerException}; a present but unacceptable value raises
 * {@link IllegalArgumentException}.
 */
public final class Arguments {
    private Arguments() {
    }

    /** Returns {@code value} unless it is null. */
    public static <T> T requireNonNull(String name, T value) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    /** Returns {@code value} unless it is null, empty or only white space. */
    public static String requireNonBlank(String name, String value) {
        requireNonNull(name, value);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, was \"" + value + "\"");
        }
        return value;
    }

    /** Returns {@code value} unless it is null, zero or negative. */
    public static Duration requirePositive(String name, Duration value) {
        requireNonNull(name, value);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value} unless it is null or negative. */
    public static Duration requireNonNegative(String name, Duration value) {
        requireNonNull(name, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value} unless it is zero or negative. */
    public static long requirePositive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value} unless it is negative. */
    public static long requireNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
        return value;
    }

    /** Returns {@code value} unless it lies outside {@code [min, max]}. */
    public static long requireInRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /** Returns {@code value} unless it is NaN, infinite, zero or negative. */
    public static double requirePositiveFinite(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, was " + value);
        }
        return value;
    }
}
