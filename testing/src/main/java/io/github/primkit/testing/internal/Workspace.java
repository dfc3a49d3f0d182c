package io.github.primkit.testing.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Directories for backends under {@code <tmp>/primkit-backends/}, one fresh directory per backend, each recording the
 * JVM that owns it ({@code owner.pid}) and the server processes it started ({@code <pid>.server}).
 *
 * <p>A run that is killed cannot stop its servers. The next run's {@link #sweepStale()} finds directories whose owner
 * JVM is gone, stops the servers recorded there (only if the process with that pid still runs the recorded binary)
 * and deletes the directories. Fresh ports and fresh directories mean leftovers never collide with a new run anyway.
 */
final class Workspace {
    private static final String OWNER_FILE = "owner.pid";
    private static final String SERVER_SUFFIX = ".server";

    private final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    static Workspace create() {
        return at(Paths.get(System.getProperty("java.io.tmpdir"), "primkit-backends"));
    }

    static Workspace at(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + root, e);
        }
        return new Workspace(root);
    }

    Path root() {
        return root;
    }

    BackendDir newBackendDir(String backendName) {
        try {
            Path dir = Files.createTempDirectory(root, backendName + "-");
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            return new BackendDir(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory for backend " + backendName + " in " + root, e);
        }
    }

    /** Stops the servers of runs whose JVM is gone and deletes their directories. Returns how many it stopped. */
    int sweepStale() {
        int stopped = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!Files.isDirectory(dir) || ownerAlive(dir)) {
                    continue;
                }
                for (RecordedServer server : recordedServers(dir)) {
                    if (server.stopIfStillRunning()) {
                        stopped++;
                    }
                }
                deleteRecursively(dir);
            }
        } catch (IOException e) {
            System.err.println("[primkit-testing] could not sweep " + root + ": " + e);
        }
        if (stopped > 0) {
            System.out.println("[primkit-testing] stopped " + stopped + " server(s) left behind by a killed run");
        }
        return stopped;
    }

    private static boolean ownerAlive(Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve(OWNER_FILE)).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException e) {
            // No readable owner: a directory being created right now is younger than a minute; leave it alone.
            try {
                return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException gone) {
                return true;
            }
        }
    }

    private static List<RecordedServer> recordedServers(Path dir) throws IOException {
        List<RecordedServer> servers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(SERVER_SUFFIX)) {
                    try {
                        long pid = Long.parseLong(name.substring(0, name.length() - SERVER_SUFFIX.length()));
                        servers.add(new RecordedServer(pid, Files.readString(file).trim()));
                    } catch (NumberFormatException ignored) {
                        // Not one of ours.
                    }
                }
            }
        }
        return servers;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // Best effort: a server may still be writing; the next sweep retries.
                }
            });
        } catch (IOException e) {
            System.err.println("[primkit-testing] could not delete " + dir + ": " + e);
        }
    }

    /** A server process recorded on disk: its pid and the binary it ran. */
    private record RecordedServer(long pid, String command) {
        boolean stopIfStillRunning() {
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return false;
            }
            String actual = handle.get().info().command().orElse("");
            if (command.isEmpty() || !actual.equals(command)) {
                return false; // The pid now belongs to some other program.
            }
            stop(handle.get());
            return true;
        }
    }

    /** Asks a process to stop (SIGTERM), then kills it if it has not stopped within five seconds. */
    static void stop(ProcessHandle process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** One backend's directory and the processes started in it. */
    static final class BackendDir implements AutoCloseable {
        private final Path path;
        private final List<ProcessHandle> processes = new ArrayList<>();

        BackendDir(Path path) {
            this.path = path;
        }

        Path path() {
            return path;
        }

        synchronized void register(Process process) {
            ProcessHandle handle = process.toHandle();
            processes.add(handle);
            String command = handle.info().command().orElse("");
            try {
                Files.writeString(path.resolve(handle.pid() + SERVER_SUFFIX), command, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot record server process in " + path, e);
            }
        }

        /** Stops whatever still runs, then deletes the directory. */
        @Override
        public synchronized void close() {
            processes.forEach(Workspace::stop);
            deleteRecursively(path);
        }
    }
}
