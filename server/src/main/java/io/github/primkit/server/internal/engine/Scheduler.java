package io.github.primkit.server.internal.engine;

/** Runs tasks later on the event loop (blocked-client timeouts); implemented by the network layer. */
public interface Scheduler {
    /** Runs {@code task} on the event loop after {@code delayMillis}; the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayMillis);

    Scheduler MANUAL = (task, delay) -> () -> { };
}
