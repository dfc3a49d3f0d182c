package io.github.primkit.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * One client of the fault-injection test: until its deadline it acquires the lock, sometimes stalls for longer than
 * the lease (the fault), then writes "enter" and "exit" entries to a journal through the fencing guard, and releases.
 * Used by test threads and by {@link LockContenderProcess} in a second JVM.
 */
final class Contender implements Callable<Contender.Counts> {
    /** What one client did. */
    record Counts(long acquisitions, long pauses, long acceptedWrites, long rejectedWrites, long lostReleases) {
        Counts plus(Counts other) {
            return new Counts(acquisitions + other.acquisitions, pauses + other.pauses,
                    acceptedWrites + other.acceptedWrites, rejectedWrites + other.rejectedWrites,
                    lostReleases + other.lostReleases);
        }

        String line() {
            return "acquisitions=" + acquisitions + " pauses=" + pauses + " accepted=" + acceptedWrites
                    + " rejected=" + rejectedWrites + " lostReleases=" + lostReleases;
        }

        static Counts parse(String line) {
            long[] values = new long[5];
            String[] names = {"acquisitions", "pauses", "accepted", "rejected", "lostReleases"};
            for (String part : line.trim().split(" ")) {
                String[] pair = part.split("=");
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(pair[0])) {
                        values[i] = Long.parseLong(pair[1]);
                    }
                }
            }
            return new Counts(values[0], values[1], values[2], values[3], values[4]);
        }

        static Counts zero() {
            return new Counts(0, 0, 0, 0, 0);
        }
    }

    private final FencedLock lock;
    private final FencingGuard guard;
    private final String journal;
    private final String client;
    private final Random random;
    private final double pauseProbability;
    private final Duration pause;
    private final long deadlineNanos;

    Contender(FencedLock lock, FencingGuard guard, String journal, String client, long seed, double pauseProbability,
            Duration pause, Duration runFor) {
        this.lock = lock;
        this.guard = guard;
        this.journal = journal;
        this.client = client;
        this.random = new Random(seed);
        this.pauseProbability = pauseProbability;
        this.pause = pause;
        this.deadlineNanos = System.nanoTime() + runFor.toNanos();
    }

    @Override
    public Counts call() throws InterruptedException {
        long acquisitions = 0;
        long pauses = 0;
        long accepted = 0;
        long rejected = 0;
        long lostReleases = 0;
        while (System.nanoTime() - deadlineNanos < 0) {
            Optional<LockLease> acquired = lock.tryAcquire(Duration.ofMillis(500));
            if (acquired.isEmpty()) {
                continue;
            }
            LockLease lease = acquired.get();
            acquisitions++;
            if (random.nextDouble() < pauseProbability) {
                pauses++;
                Thread.sleep(pause.toMillis()); // the injected fault: a stall longer than the lease
            }
            for (String step : new String[] {"enter", "exit"}) {
                if (guard.append(journal, lease.token() + ":" + step + ":" + client, lease.token()).accepted()) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
            if (!lease.release().wasHeld()) {
                lostReleases++;
            }
        }
        return new Counts(acquisitions, pauses, accepted, rejected, lostReleases);
    }
}
