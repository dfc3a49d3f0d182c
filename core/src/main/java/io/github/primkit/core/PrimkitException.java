package io.github.primkit.core;

/**
 * Root of the exceptions Primkit throws for failures that are not the caller's fault (bad arguments are reported with
 * {@link IllegalArgumentException} or {@link NullPointerException} instead).
 *
 * <p>The subclasses tell apart the two cases callers act on differently: {@link RedisUnavailableException} (Redis could
 * not be reached or did not answer in time: the outcome of a write is unknown) and {@link RedisReplyException} (Redis
 * answered with an error reply: the command was refused).
 */
public class PrimkitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PrimkitException(String message) {
        super(message);
    }

    public PrimkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
