package io.github.primkit.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In the spirit of Jepsen: several clients (threads with connections of their own, and a second JVM) contend for one
 * lock for a bounded time; some holders stall for longer than their lease before writing; every write goes through
 * the fencing guard to a journal (a Redis list) that records the accepted writes in order.
 *
 * <p>Checks: the accepted tokens never decrease (so no write with a stale token was accepted after a newer one), and
 * every write the clients saw accepted is in the journal; without stalls, no two holders overlap (the journal is
 * enter/exit pairs of one token each, tokens increasing). The seed is printed; {@code -Dprimkit.seed=N} replays it.
 */
@RedisBackends(requires = RedisFeature.SCRIPTING)
class FaultInjectionTest {
    private static final int THREADS = 4;
    private static final int PROCESS_THREADS = 2;

    private final RedisBackend backend;
    private final long seed = Long.getLong("primkit.seed", System.nanoTime());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS);

    FaultInjectionTest(RedisBackend backend) {
        this.backend = backend;
    }

    @AfterEach
    void closeAll() throws Exception {
        threads.shutdownNow();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void stalledHoldersNeverWriteAfterANewerHolder() throws Exception {
        Result result = run("stalls", Duration.ofMillis(150), 0.25, Duration.ofMillis(300), Duration.ofMillis(2500));
        System.out.printf("fault injection with stalls on %s (seed %d): %s, journal %d, violations %d%n",
                backend.name(), seed, result.counts.line(), result.journal.size(), result.violations());

        assertThat(result.counts.acquisitions()).as(describe()).isGreaterThan(THREADS);
        assertThat(result.counts.pauses()).as(describe()).isPositive();
        assertThat(result.counts.rejectedWrites()).as(describe() + ": stalled holders were fenced off").isPositive();
        assertThat(result.violations()).as(describe() + ": accepted tokens must never decrease, journal "
                + result.journal).isZero();
        assertThat((long) result.journal.size()).as(describe() + ": every accepted write is in the journal")
                .isEqualTo(result.counts.acceptedWrites());
    }

    @Test
    void withoutStallsNoTwoHoldersOverlap() throws Exception {
        Result result = run("calm", Duration.ofSeconds(5), 0, Duration.ZERO, Duration.ofMillis(1500));
        System.out.printf("fault injection without stalls on %s (seed %d): %s, journal %d%n", backend.name(), seed,
                result.counts.line(), result.journal.size());

        assertThat(result.counts.acquisitions()).as(describe()).isGreaterThan(THREADS);
        assertThat(result.counts.rejectedWrites()).as(describe()).isZero();
        assertThat(result.counts.lostReleases()).as(describe()).isZero();
        List<String> journal = result.journal;
        assertThat(journal.size() % 2).as(describe()).isZero();
        long previous = 0;
        for (int i = 0; i < journal.size(); i += 2) {
            String[] enter = journal.get(i).split(":");
            String[] exit = journal.get(i + 1).split(":");
            assertThat(enter[1]).as(describe() + " entry " + i + " of " + journal).isEqualTo("enter");
            assertThat(exit[1]).as(describe() + " entry " + (i + 1) + " of " + journal).isEqualTo("exit");
            assertThat(exit[0] + exit[2]).as(describe() + ": a holder's exit follows its own enter")
                    .isEqualTo(enter[0] + enter[2]);
            long token = Long.parseLong(enter[0]);
            assertThat(token).as(describe()).isGreaterThan(previous);
            previous = token;
        }
        assertThat(result.counts.acquisitions()).isEqualTo(journal.size() / 2);
    }

    private record Result(Contender.Counts counts, List<String> journal) {
        long violations() {
            long violations = 0;
            long highest = 0;
            for (String entry : journal) {
                long token = Long.parseLong(entry.substring(0, entry.indexOf(':')));
                if (token < highest) {
                    violations++;
                }
                highest = Math.max(highest, token);
            }
            return violations;
        }
    }

    private Result run(String lockName, Duration lease, double pauseProbability, Duration pause, Duration runFor)
            throws Exception {
        String namespace = "fault-test";
        String journal = "{fault-test-journal}:" + lockName;
        Process process = startSecondJvm(namespace, lockName, journal, lease, pauseProbability, pause, runFor);
        try {
            List<Future<Contender.Counts>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                @SuppressWarnings("unchecked")
                PrimkitConnection<String, String> redis = PrimkitConnection.of(backend.connect());
                StatefulRedisPubSubConnection<String, String> pubSub = Backends.pubSub(backend);
                toClose.add(pubSub);
                FencedLocks locks = FencedLocks.create(redis, pubSub, FencedLockOptions.builder()
                        .namespace(namespace).leaseTime(lease).pollInterval(Duration.ofMillis(50)).build());
                toClose.add(locks);
                results.add(threads.submit(new Contender(locks.lock(lockName), FencingGuard.create(redis), journal,
                        "thread-" + t, seed + 1000 + t, pauseProbability, pause, runFor)));
            }
            Contender.Counts counts = Contender.Counts.zero();
            for (Future<Contender.Counts> result : results) {
                counts = counts.plus(result.get(runFor.toSeconds() + 60, TimeUnit.SECONDS));
            }
            counts = counts.plus(resultOf(process, runFor));
            List<String> entries = backend.sync().lrange(journal, 0, -1);
            return new Result(counts, entries);
        } finally {
            process.destroyForcibly();
        }
    }

    private Process startSecondJvm(String namespace, String lockName, String journal, Duration lease,
            double pauseProbability, Duration pause, Duration runFor) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                LockContenderProcess.class.getName(), backend.nodeUris().get(0).toString(),
                backend.isCluster() ? "cluster" : "standalone", namespace, lockName, journal,
                Long.toString(lease.toMillis()), Double.toString(pauseProbability), Long.toString(pause.toMillis()),
                Long.toString(runFor.toMillis()), Long.toString(seed), Integer.toString(PROCESS_THREADS));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private Contender.Counts resultOf(Process process, Duration runFor) throws Exception {
        if (!process.waitFor(runFor.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new AssertionError(describe() + ": the second JVM did not finish");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(describe() + ": second JVM output " + output).isZero();
        String line = output.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
                .orElseThrow(() -> new AssertionError(describe() + ": no RESULT line from the second JVM: " + output));
        Contender.Counts counts = Contender.Counts.parse(line.substring("RESULT ".length()));
        assertThat(counts.acquisitions()).as(describe() + ": the second JVM acquired the lock too").isPositive();
        return counts;
    }

    private String describe() {
        return "backend " + backend.name() + ", seed " + seed;
    }
}
