package io.github.primkit.testing.internal;

import io.github.primkit.testing.BackendFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * A {@code redis-server} or {@code valkey-server} process on a loopback port, with persistence off and its files in
 * its own directory. Readiness is the server's own "Ready to accept connections" log line, read from its output as it
 * arrives (no polling). The output is kept in {@code <port>.log} next to the server's files.
 */
final class ServerProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts the server on a port from {@code ports}, retrying with another port when the chosen one was taken in the
     * meantime.
     *
     * @param extraArgs further {@code --name value} settings, given the chosen port
     */
    static ServerProcess start(Path binary, Path dir, IntFunction<List<String>> extraArgs, IntSupplier ports,
            BackendFactory.ProcessRegistry registry) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = ports.getAsInt();
            try {
                return startOnce(binary, dir, port, extraArgs.apply(port), registry);
            } catch (PortTakenException e) {
                last = e;
            }
        }
        throw new IOException("could not start " + binary + " after " + ATTEMPTS + " attempts", last);
    }

    private static ServerProcess startOnce(Path binary, Path dir, int port, List<String> extraArgs,
            BackendFactory.ProcessRegistry registry) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", "",
                "--loglevel", "notice"));
        command.addAll(extraArgs);
        Path log = dir.resolve(port + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        registry.register(process);
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Deque<String> tail = new ArrayDeque<>();
        Thread pump = new Thread(() -> pump(process, log, ready, tail), "primkit-" + binary.getFileName() + "-" + port);
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(process, port, log);
        } catch (ExecutionException e) {
            Workspace.stop(process.toHandle());
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            if (output.contains("Address already in use")) {
                throw new PortTakenException(port);
            }
            throw new IOException(binary + " on port " + port + " exited before it was ready; its last output:\n"
                    + output);
        } catch (TimeoutException e) {
            Workspace.stop(process.toHandle());
            throw new IOException(binary + " on port " + port + " was not ready within " + START_TIMEOUT
                    + "; see " + log);
        }
    }

    private static void pump(Process process, Path log, CompletableFuture<Void> ready, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.write('\n');
                if (!ready.isDone()) {
                    out.flush();
                    synchronized (tail) {
                        tail.addLast(line);
                        if (tail.size() > 40) {
                            tail.removeFirst();
                        }
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
            }
        } catch (IOException e) {
            // The process ended or its directory was removed; fall through.
        }
        ready.completeExceptionally(new IOException("server output ended"));
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        Workspace.stop(process.toHandle());
    }

    /** The chosen port was taken between the check and the server's bind. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException(int port) {
            super("port " + port + " was taken");
        }
    }
}
