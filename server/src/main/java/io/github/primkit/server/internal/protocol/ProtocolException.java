package io.github.primkit.server.internal.protocol;

/**
 * The client broke the protocol. The message is the error reply Redis sends (e.g. {@code ERR Protocol error: invalid
 * bulk length}); after it the connection is closed, as Redis does.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
