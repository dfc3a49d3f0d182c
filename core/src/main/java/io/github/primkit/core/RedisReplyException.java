package io.github.primkit.core;

/**
 * Redis answered a command with an error reply (for example {@code WRONGTYPE ...} when a key holds another type, or an
 * error raised by a script). The command did not take effect, except for writes a script made before it failed.
 */
public class RedisReplyException extends PrimkitException {
    private static final long serialVersionUID = 1L;

    public RedisReplyException(String message, Throwable cause) {
        super(message, cause);
    }
}
