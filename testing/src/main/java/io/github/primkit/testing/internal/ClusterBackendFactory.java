package io.github.primkit.testing.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis Cluster of three masters (no replicas) started from the server binary and joined with
 * {@code redis-cli --cluster create} (the matching {@code -cli} of the binary: {@code valkey-cli} for valkey-server).
 */
final class ClusterBackendFactory extends NamedBackendFactory {
    private static final int MASTERS = 3;
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(60);

    private final String binaryProperty;
    private final String binaryName;

    ClusterBackendFactory(String name, String binaryProperty, String binaryName, int order) {
        super(name, order);
        this.binaryProperty = binaryProperty;
        this.binaryName = binaryName;
    }

    @Override
    public Optional<String> unavailableReason() {
        Optional<Path> server = Binaries.find(binaryProperty, binaryName);
        if (server.isEmpty()) {
            return Optional.of(Binaries.describeMissing(binaryProperty, binaryName));
        }
        return cli(server.get()).isPresent() ? Optional.empty()
                : Optional.of(cliName(server.get()) + " not found next to " + server.get() + " nor on PATH");
    }

    private static String cliName(Path server) {
        return server.getFileName().toString().replace("-server", "-cli");
    }

    private static Optional<Path> cli(Path server) {
        Path sibling = server.resolveSibling(cliName(server));
        return sibling.toFile().canExecute() ? Optional.of(sibling)
                : Binaries.find("primkit.cluster.cli", cliName(server));
    }

    @Override
    public StartedBackend start(Path workDir, ProcessRegistry processes) throws Exception {
        Path binary = Binaries.find(binaryProperty, binaryName).orElseThrow();
        List<ServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < MASTERS; i++) {
                nodes.add(ServerProcess.start(binary, workDir, port -> List.of(
                        "--cluster-enabled", "yes",
                        "--cluster-config-file", "nodes-" + port + ".conf",
                        "--cluster-node-timeout", "5000"), FreePorts::withClusterBus, processes));
            }
            List<RedisURI> uris = nodes.stream().map(n -> LettuceBackend.loopback(n.port())).toList();
            create(cli(binary).orElseThrow(), workDir, nodes);
            awaitClusterOk(uris);
            return new ClusterBackend(name(), uris, nodes);
        } catch (Exception | Error e) {
            nodes.forEach(ServerProcess::close);
            throw e;
        }
    }

    private static void create(Path cli, Path workDir, List<ServerProcess> nodes)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--cluster", "create"));
        nodes.forEach(n -> command.add("127.0.0.1:" + n.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Path log = workDir.resolve("cluster-create.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(JOIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("`" + String.join(" ", command) + "` did not finish within " + JOIN_TIMEOUT
                    + "; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IOException("`" + String.join(" ", command) + "` failed with exit code "
                    + process.exitValue() + ":\n" + java.nio.file.Files.readString(log));
        }
    }

    /**
     * Waits until every node reports {@code cluster_state:ok} and knows all masters. Nothing announces this, so the
     * nodes are asked repeatedly, with a short pause, until a deadline.
     */
    private static void awaitClusterOk(List<RedisURI> uris) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        RedisClient client = RedisClient.create();
        try {
            for (RedisURI uri : uris) {
                try (StatefulRedisConnection<String, String> node = client.connect(uri)) {
                    String info = node.sync().clusterInfo();
                    while (!(info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:" + MASTERS))) {
                        if (System.nanoTime() > deadline) {
                            throw new IOException("cluster node " + uri + " not ready within " + JOIN_TIMEOUT
                                    + ":\n" + info);
                        }
                        Thread.sleep(50);
                        info = node.sync().clusterInfo();
                    }
                }
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
