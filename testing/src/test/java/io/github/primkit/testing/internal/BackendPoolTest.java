package io.github.primkit.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.testing.BackendFactory;
import io.github.primkit.testing.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackendPoolTest {
    @TempDir
    Path root;

    @Test
    void anUnavailableBackendGivesItsReasonAndFailsOnlyWhenRequired() {
        BackendPool optional = pool(Set.of(), Set.of(), unavailable("a", "no a here"));
        assertThat(optional.unavailableReason("a")).contains("no a here");
        assertThat(optional.isRequired("a")).isFalse();
        assertThatThrownBy(() -> optional.backend("a")).isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend a cannot run here: no a here");
        optional.close();

        BackendPool strict = pool(Set.of(), Set.of("a"), unavailable("a", "no a here"));
        assertThat(strict.isRequired("a")).isTrue();
        assertThatThrownBy(() -> strict.backend("a")).isInstanceOf(BackendUnavailableException.class)
                .hasMessage("backend a cannot run here (it is listed in primkit.backends.required): no a here");
        strict.close();
    }

    @Test
    void aFailedStartIsRememberedWithItsCause() {
        BackendFactory failing = new FakeFactory("b", Optional.empty()) {
            @Override
            public StartedBackend start(Path workDir, ProcessRegistry processes) throws Exception {
                throw new java.io.IOException("port exploded");
            }
        };
        BackendPool pool = pool(Set.of(), Set.of(), failing);
        assertThat(pool.unavailableReason("b")).hasValueSatisfying(r -> assertThat(r).contains("port exploded"));
        assertThatThrownBy(() -> pool.backend("b")).hasRootCauseMessage("port exploded");
        pool.close();
    }

    @Test
    void selectionAndRequirementNamesAreChecked() {
        assertThatThrownBy(() -> pool(Set.of("nope"), Set.of(), unavailable("a", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("primkit.backends names unknown backend \"nope\"; known: [a]");
        assertThatThrownBy(() -> pool(Set.of(), Set.of("nope"), unavailable("a", "x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("primkit.backends.required names unknown backend \"nope\"; known: [a]");
        BackendPool pool = pool(Set.of("a"), Set.of("c"), unavailable("a", "x"), unavailable("b", "y"),
                unavailable("c", "z"));
        assertThat(pool.selectedNames()).containsExactly("a", "c");
        pool.close();
        assertThat(Settings.parse(" redis, ,cluster ")).containsExactly("redis", "cluster");
        assertThat(Settings.parse("")).isEmpty();
    }

    @Test
    void closingThePoolStopsTheServerAndDeletesItsDirectory() throws Exception {
        ServerBinaryBackendFactory redis = new ServerBinaryBackendFactory("redis", "primkit.redis.binary",
                "redis-server", 1);
        BackendPool pool = pool(Set.of(), Set.of(), redis);
        if (Binaries.find("primkit.redis.binary", "redis-server").isEmpty()) {
            assertThat(pool.unavailableReason("redis")).hasValueSatisfying(r -> assertThat(r).contains("not found"));
            pool.close();
            return;
        }
        var backend = pool.backend("redis");
        assertThat(backend.sync().ping()).isEqualTo("PONG");
        List<Path> dirs;
        try (var listing = Files.list(root)) {
            dirs = listing.toList();
        }
        assertThat(dirs).hasSize(1);
        List<ProcessHandle> servers;
        try (var recorded = Files.list(dirs.get(0))) {
            servers = recorded.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".server"))
                    .map(n -> ProcessHandle.of(Long.parseLong(n.substring(0, n.length() - ".server".length()))))
                    .flatMap(Optional::stream).toList();
        }
        assertThat(servers).hasSize(1).allSatisfy(p -> assertThat(p.isAlive()).isTrue());

        pool.close();

        assertThat(servers).allSatisfy(p -> assertThat(p.isAlive()).isFalse());
        assertThat(dirs.get(0)).doesNotExist();
    }

    private BackendPool pool(Set<String> selected, Set<String> required, BackendFactory... factories) {
        return new BackendPool(List.of(factories), new Settings(selected, required), Workspace.at(root));
    }

    private static BackendFactory unavailable(String name, String reason) {
        return new FakeFactory(name, Optional.of(reason));
    }

    private static class FakeFactory implements BackendFactory {
        private final String name;
        private final Optional<String> reason;

        FakeFactory(String name, Optional<String> reason) {
            this.name = name;
            this.reason = reason;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<String> unavailableReason() {
            return reason;
        }

        @Override
        public StartedBackend start(Path workDir, ProcessRegistry processes) throws Exception {
            throw new AssertionError("not startable");
        }
    }
}
