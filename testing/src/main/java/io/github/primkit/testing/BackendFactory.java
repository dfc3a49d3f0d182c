package io.github.primkit.testing;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Adds a backend to {@link RedisBackends} tests. The built-in factories cover {@code redis}, {@code valkey},
 * {@code cluster} and {@code testcontainers}; others (the bundled server) register through
 * {@link java.util.ServiceLoader} under {@code META-INF/services/io.github.primkit.testing.BackendFactory}.
 */
public interface BackendFactory {
    /** The backend's name, unique, lower case (used in {@code primkit.backends} and in test names). */
    String name();

    /** Orders backends in a run: lower first. */
    default int order() {
        return 100;
    }

    /** The server features this backend offers; all of them unless it says otherwise. */
    default java.util.Set<RedisFeature> features() {
        return java.util.EnumSet.allOf(RedisFeature.class);
    }

    /** Why this backend cannot run on this machine, or empty if it can (checked before {@link #start}). */
    Optional<String> unavailableReason();

    /**
     * Starts the backend; it is stopped with {@link StartedBackend#close()} when the test run ends.
     *
     * @param workDir a fresh, empty directory owned by this backend, deleted after it stops
     * @param processes where to register server processes, so that a killed run's leftovers can be stopped later
     */
    StartedBackend start(Path workDir, ProcessRegistry processes) throws Exception;

    /** A running backend. */
    interface StartedBackend extends RedisBackend, AutoCloseable {
        @Override
        void close();
    }

    /** Records the operating-system processes a backend starts. */
    interface ProcessRegistry {
        /** Registers a process to be stopped with the run, or by the next run if this one is killed. */
        void register(Process process);
    }
}
