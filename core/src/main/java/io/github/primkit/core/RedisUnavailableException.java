package io.github.primkit.core;

/**
 * Redis could not be reached, the connection broke, or no reply arrived within the timeout.
 *
 * <p>Whether a command that was sent took effect is unknown: a write may have been applied even though its reply was
 * lost. Patterns document what that means for them (for a lock: the caller does not hold it, but the lock may stay
 * taken until its lease runs out).
 */
public class RedisUnavailableException extends PrimkitException {
    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
