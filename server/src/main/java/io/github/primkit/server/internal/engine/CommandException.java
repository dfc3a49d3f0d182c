package io.github.primkit.server.internal.engine;

/** A command refused its arguments or its key's type; the message is the exact Redis error reply. */
public final class CommandException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public static final String SYNTAX = "ERR syntax error";
    public static final String NOT_INTEGER = "ERR value is not an integer or out of range";
    public static final String NOT_FLOAT = "ERR value is not a valid float";
    public static final String NO_SUCH_KEY = "ERR no such key";
    public static final String OVERFLOW = "ERR increment or decrement would overflow";

    public CommandException(String reply) {
        super(reply, null, false, false);
    }

    public static CommandException wrongType() {
        return new CommandException(WRONGTYPE);
    }

    public static CommandException syntax() {
        return new CommandException(SYNTAX);
    }
}
