package io.github.primkit.testing;

import io.github.primkit.testing.internal.Binaries;
import io.github.primkit.testing.internal.Settings;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * The server executables the built-in backends run, for a test that starts a server of its own (one it stops and
 * starts again mid-test, say). Looked up as the backends look them up: the system property (a name or a path), else
 * PATH. A missing executable is handled as a missing backend is: the calling test fails when that backend is
 * required ({@code primkit.backends.required} / {@code PRIMKIT_BACKENDS_REQUIRED}), and is skipped with the reason
 * otherwise.
 */
public final class ServerBinaries {
    private ServerBinaries() {
    }

    /**
     * {@code redis-server} ({@code -Dprimkit.redis.binary}).
     *
     * @throws BackendUnavailableException if it is missing and the {@code redis} backend is required
     * @throws TestAbortedException if it is missing otherwise (JUnit reports the test as skipped, with the reason)
     */
    public static Path redisServer() {
        return require("redis", "primkit.redis.binary", "redis-server");
    }

    private static Path require(String backend, String property, String name) {
        return Binaries.find(property, name).orElseThrow(() -> {
            String reason = Binaries.describeMissing(property, name);
            return Settings.fromEnvironment().isRequired(backend)
                    ? new BackendUnavailableException("backend " + backend + " is required but " + reason)
                    : new TestAbortedException("backend " + backend + " cannot run here: " + reason);
        });
    }
}
