package io.github.primkit.testing.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A standalone server started from a binary on PATH ({@code redis-server}, {@code valkey-server}). */
final class ServerBinaryBackendFactory extends NamedBackendFactory {
    private final String binaryProperty;
    private final String binaryName;

    ServerBinaryBackendFactory(String name, String binaryProperty, String binaryName, int order) {
        super(name, order);
        this.binaryProperty = binaryProperty;
        this.binaryName = binaryName;
    }

    @Override
    public Optional<String> unavailableReason() {
        return Binaries.find(binaryProperty, binaryName).isPresent() ? Optional.empty()
                : Optional.of(Binaries.describeMissing(binaryProperty, binaryName));
    }

    @Override
    public StartedBackend start(Path workDir, ProcessRegistry processes) throws Exception {
        Path binary = Binaries.find(binaryProperty, binaryName).orElseThrow();
        ServerProcess server = ServerProcess.start(binary, workDir, port -> List.of(), FreePorts::any, processes);
        try {
            return new StandaloneBackend(name(), LettuceBackend.loopback(server.port()), List.of(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
