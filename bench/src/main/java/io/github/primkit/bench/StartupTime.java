package io.github.primkit.bench;

import io.github.primkit.server.PrimkitServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up time of the embedded bundled server, cold: each measurement is a fresh JVM that calls
 * {@code PrimkitServer.start()} and sends PING over a raw socket; the time is from just before {@code start()} to the
 * PONG. Prints each run and the median.
 *
 * <pre>java -cp bench/target/primkit-bench.jar:... io.github.primkit.bench.StartupTime [runs]</pre>
 */
public final class StartupTime {
    private StartupTime() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--child")) {
            System.out.println(measureOnce());
            return;
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    StartupTime.class.getName(), "--child").redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            child.waitFor();
            double ms = Double.parseDouble(out.substring(out.lastIndexOf('\n') + 1));
            millis.add(ms);
            System.out.printf("run %d: %.1f ms%n", i + 1, ms);
        }
        millis.sort(Double::compare);
        System.out.printf("median start-up to first PONG over %d cold JVMs: %.1f ms (min %.1f, max %.1f)%n", runs,
                millis.get(runs / 2), millis.get(0), millis.get(runs - 1));
    }

    private static double measureOnce() throws IOException {
        long start = System.nanoTime();
        try (PrimkitServer server = PrimkitServer.start();
             Socket socket = new Socket(server.host(), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            double ms = (System.nanoTime() - start) / 1e6;
            if (!new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n")) {
                throw new IllegalStateException("unexpected reply " + new String(reply, StandardCharsets.US_ASCII));
            }
            return ms;
        }
    }
}
