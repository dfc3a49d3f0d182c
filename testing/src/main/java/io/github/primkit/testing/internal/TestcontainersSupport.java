package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** The code that touches Testcontainers' classes; loaded only once they are known to be present. */
final class TestcontainersSupport {
    private static final int REDIS_PORT = 6379;

    private TestcontainersSupport() {
    }

    static Optional<String> dockerUnavailableReason() {
        try {
            return DockerClientFactory.instance().isDockerAvailable() ? Optional.empty()
                    : Optional.of("no Docker engine is reachable");
        } catch (RuntimeException e) {
            return Optional.of("no Docker engine is reachable: " + e.getMessage());
        }
    }

    static BackendFactory.StartedBackend start(String name, String image) {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withExposedPorts(REDIS_PORT);
        container.start();
        try {
            return new StandaloneBackend(name, io.lettuce.core.RedisURI.Builder
                    .redis(container.getHost(), container.getMappedPort(REDIS_PORT))
                    .withTimeout(LettuceBackend.COMMAND_TIMEOUT).build(), List.of(container::stop));
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }
}
