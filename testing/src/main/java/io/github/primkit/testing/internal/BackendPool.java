package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;
import io.github.primkit.testing.BackendUnavailableException;
import io.github.primkit.testing.RedisBackend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The backends of one test run. Each starts lazily, at most once; a failed start is remembered with its reason.
 * Closing the pool (JUnit closes it at the end of the run; a shutdown hook covers an abrupt exit) stops every
 * backend and deletes its directory.
 */
public final class BackendPool implements AutoCloseable {
    private final Map<String, BackendFactory> factories;
    private final Settings settings;
    private final Workspace workspace;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Set<String> reportedSkips = new LinkedHashSet<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "primkit-backends-shutdown");
    private boolean closed;

    BackendPool(List<BackendFactory> factories, Settings settings, Workspace workspace) {
        Map<String, BackendFactory> byName = new LinkedHashMap<>();
        factories.stream().sorted(Comparator.comparingInt(BackendFactory::order)).forEach(f -> {
            if (byName.putIfAbsent(f.name(), f) != null) {
                throw new IllegalStateException("two backend factories are named \"" + f.name() + "\"");
            }
        });
        this.factories = byName;
        this.settings = settings;
        this.workspace = workspace;
        settings.validate(byName.keySet());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The pool for this JVM's settings, with the built-in factories and those found by ServiceLoader. */
    public static BackendPool create() {
        List<BackendFactory> all = new ArrayList<>(BuiltInBackends.factories());
        ServiceLoader.load(BackendFactory.class).forEach(all::add);
        Workspace workspace = Workspace.create();
        workspace.sweepStale();
        return new BackendPool(all, Settings.fromEnvironment(), workspace);
    }

    /** Every registered backend name. */
    public Set<String> knownNames() {
        return factories.keySet();
    }

    /** The backends this run uses, in order. */
    public List<String> selectedNames() {
        Set<String> names = new LinkedHashSet<>();
        for (String name : factories.keySet()) {
            if (settings.isSelected(name)) {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    /** The server features of a backend (from its factory; no need to start it). */
    public java.util.Set<io.github.primkit.testing.RedisFeature> features(String name) {
        BackendFactory factory = factories.get(name);
        return factory == null ? java.util.Set.of() : factory.features();
    }

    /** Whether failing to start this backend fails tests instead of skipping them. */
    public boolean isRequired(String name) {
        return settings.isRequired(name);
    }

    /** Starts the backend if needed; empty if it runs, else why it cannot. */
    public synchronized Optional<String> unavailableReason(String name) {
        return Optional.ofNullable(outcome(name).failure);
    }

    /** Prints why a backend is skipped, once per run, so that a skip is never silent. */
    public synchronized void reportSkipOnce(String name, String message) {
        if (reportedSkips.add(name)) {
            System.out.println("[primkit-testing] SKIPPED " + message + " (set primkit.backends.required=" + name
                    + " to make this a failure)");
        }
    }

    /**
     * The running backend.
     *
     * @throws BackendUnavailableException if it cannot run here
     */
    public synchronized RedisBackend backend(String name) {
        Outcome outcome = outcome(name);
        if (outcome.backend == null) {
            String required = isRequired(name) ? " (it is listed in primkit.backends.required)" : "";
            throw new BackendUnavailableException("backend " + name + " cannot run here" + required + ": "
                    + outcome.failure, outcome.cause);
        }
        return outcome.backend;
    }

    private Outcome outcome(String name) {
        if (closed) {
            throw new IllegalStateException("the backend pool is closed");
        }
        return outcomes.computeIfAbsent(name, this::start);
    }

    private Outcome start(String name) {
        BackendFactory factory = factories.get(name);
        if (factory == null) {
            return new Outcome(null, null, "no backend named \"" + name + "\"; known: " + factories.keySet(), null);
        }
        Optional<String> reason = factory.unavailableReason();
        if (reason.isPresent()) {
            return new Outcome(null, null, reason.get(), null);
        }
        Workspace.BackendDir dir = workspace.newBackendDir(name);
        try {
            BackendFactory.StartedBackend backend = factory.start(dir.path(), dir::register);
            System.out.println("[primkit-testing] backend " + name + " started: " + backend.serverDescription()
                    + " at " + backend.nodeUris());
            return new Outcome(backend, dir, null, null);
        } catch (Exception e) {
            dir.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return new Outcome(null, null, "failed to start: " + e, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Outcome outcome : outcomes.values()) {
            if (outcome.backend != null) {
                try {
                    outcome.backend.close();
                } finally {
                    outcome.dir.close();
                }
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("[primkit-testing] stopping backends failed: " + e);
        }
    }

    private record Outcome(BackendFactory.StartedBackend backend, Workspace.BackendDir dir, String failure,
            Throwable cause) {
    }
}
