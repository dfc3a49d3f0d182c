package io.github.primkit.server.internal.engine;

/** Executes one command: reads {@link Context#args}, works on the data, writes exactly one reply. */
@FunctionalInterface
public interface Handler {
    void execute(Context context);
}
