package io.github.primkit.testing.internal;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Redis in a container started by Testcontainers, where a Docker engine is reachable. Testcontainers is an optional
 * dependency of this module: without it on the class path the backend reports itself unavailable. The image is
 * {@code primkit.testcontainers.image} (default {@code redis:7.2}).
 */
final class TestcontainersBackendFactory extends NamedBackendFactory {

    TestcontainersBackendFactory(String name, int order) {
        super(name, order);
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            return Optional.of("Testcontainers is not on the class path");
        }
        return TestcontainersSupport.dockerUnavailableReason();
    }

    @Override
    public StartedBackend start(Path workDir, ProcessRegistry processes) {
        return TestcontainersSupport.start(name(), System.getProperty("primkit.testcontainers.image", "redis:7.2"));
    }
}
