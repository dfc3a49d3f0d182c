package io.github.primkit.testing.internal;

import io.github.primkit.server.PrimkitServer;
import io.github.primkit.testing.RedisFeature;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The bundled server, in this JVM: always available, no binary needed. */
final class BundledBackendFactory extends NamedBackendFactory {
    BundledBackendFactory(String name, int order) {
        super(name, order);
    }

    /** What the bundled server implements so far; each missing feature arrives with its issue (#4, #5). */
    @Override
    public Set<RedisFeature> features() {
        return EnumSet.of(RedisFeature.SCRIPTING, RedisFeature.SORTED_SETS, RedisFeature.GEO, RedisFeature.STREAMS);
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.empty();
    }

    @Override
    public StartedBackend start(Path workDir, ProcessRegistry processes) {
        PrimkitServer server = PrimkitServer.start();
        try {
            return new StandaloneBackend(name(), LettuceBackend.loopback(server.port()), List.of(server));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
