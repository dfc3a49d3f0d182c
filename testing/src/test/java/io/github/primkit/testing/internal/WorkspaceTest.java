package io.github.primkit.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceTest {
    @TempDir
    Path root;

    @Test
    void sweepStopsServersOfARunWhoseJvmIsGoneAndDeletesItsDirectory() throws Exception {
        Workspace workspace = Workspace.at(root);
        Workspace.BackendDir dir = workspace.newBackendDir("redis");
        Process leftover = new ProcessBuilder("sleep", "300").start();
        dir.register(leftover);
        Files.writeString(dir.path().resolve("owner.pid"), Long.toString(deadPid()));

        assertThat(workspace.sweepStale()).isEqualTo(1);

        assertThat(leftover.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    void sweepLeavesDirectoriesOfLiveRunsAlone() throws Exception {
        Workspace workspace = Workspace.at(root);
        Workspace.BackendDir dir = workspace.newBackendDir("valkey");
        Process ours = new ProcessBuilder("sleep", "300").start();
        try {
            dir.register(ours);
            assertThat(workspace.sweepStale()).isZero();
            assertThat(ours.isAlive()).isTrue();
            assertThat(dir.path()).exists();
        } finally {
            dir.close();
        }
        assertThat(ours.isAlive()).isFalse();
        assertThat(dir.path()).doesNotExist();
    }

    @Test
    void sweepNeverKillsAProcessThatReusedARecordedPid() throws Exception {
        Workspace workspace = Workspace.at(root);
        Workspace.BackendDir dir = workspace.newBackendDir("redis");
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            // The record says the pid ran redis-server, but that pid now runs something else.
            Files.writeString(dir.path().resolve(unrelated.pid() + ".server"), "/usr/bin/redis-server");
            Files.writeString(dir.path().resolve("owner.pid"), Long.toString(deadPid()));

            assertThat(workspace.sweepStale()).isZero();
            assertThat(unrelated.isAlive()).isTrue();
            assertThat(dir.path()).doesNotExist();
        } finally {
            unrelated.destroyForcibly().waitFor();
        }
    }

    private static long deadPid() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        return finished.pid();
    }
}
