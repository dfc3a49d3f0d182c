package io.github.primkit.lock.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.FencedLock;
import io.github.primkit.lock.FencedLockOptions;
import io.github.primkit.lock.FencedLocks;
import io.github.primkit.lock.LockLease;
import io.github.primkit.lock.ReleaseOutcome;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-off within a process: a lease released while waiters of its factory wait between attempts goes straight to the
 * oldest of them, with its token, in one script call (no release notification, no acquire after it), so the waiters
 * of one process take a contended lock in arrival order.
 */
@RedisBackends(requires = RedisFeature.SCRIPTING)
class HandOffTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    HandOffTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = PrimkitConnection.of(backend.connection());
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private RedisFencedLocks locks() {
        StatefulRedisPubSubConnection<String, String> pubSub = backend.client() instanceof RedisClusterClient cluster
                ? cluster.connectPubSub() : ((RedisClient) backend.client()).connectPubSub();
        toClose.add(pubSub);
        // A poll interval far longer than the test: waiters only move when a release hands them the lock.
        FencedLocks locks = FencedLocks.create(redis, pubSub, FencedLockOptions.builder().namespace("handoff")
                .leaseTime(LONG).acquireTimeout(LONG).pollInterval(LONG).priorityAfter(LONG).build());
        toClose.add(locks);
        return (RedisFencedLocks) locks;
    }

    @Test
    void releasesHandTheLockToTheWaitersInArrivalOrderOneScriptCallEach() throws Exception {
        RedisFencedLocks locks = locks();
        FencedLock lock = locks.lock("fifo");
        LockLease holder = lock.tryAcquire().orElseThrow();
        List<CompletableFuture<LockLease>> waiters = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            waiters.add(lock.acquireAsync().toCompletableFuture());
            int idle = i;
            awaitTrue("waiter " + i + " to wait between attempts", () -> locks.idleWaiters("fifo") == idle);
        }
        RedisCommands<String, String> node = backend.nodeFor(KeyNamespace.of("handoff").group("fifo").hashTag());

        LockLease previous = holder;
        for (int i = 0; i < 3; i++) {
            node.configResetstat();
            assertThat(previous.release()).isEqualTo(ReleaseOutcome.RELEASED);
            LockLease next = waiters.get(i).get(20, TimeUnit.SECONDS);
            assertThat(next.token()).as("waiter %d, in arrival order", i + 1).isEqualTo(holder.token() + i + 1);
            assertThat(next.isValid()).isTrue();
            for (int later = i + 1; later < 3; later++) {
                assertThat(waiters.get(later)).as("waiter %d", later + 1).isNotDone();
            }
            String commandstats = node.info("commandstats");
            assertThat(calls(commandstats, "evalsha") + calls(commandstats, "eval"))
                    .as("one script call hands the lock over").isEqualTo(1);
            assertThat(calls(commandstats, "publish")).as("no notification").isZero();
            previous = next;
        }
        assertThat(previous.release()).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(lock.tryAcquire()).as("free once nobody waits").isPresent();
    }

    @Test
    void aWaiterThatGaveUpIsNotHandedTheLock() throws Exception {
        RedisFencedLocks locks = locks();
        FencedLock lock = locks.lock("gave-up");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> cancelled = lock.tryAcquireAsync(LONG).toCompletableFuture();
        CompletableFuture<Optional<LockLease>> patient = lock.tryAcquireAsync(LONG).toCompletableFuture();
        awaitTrue("both waiters to wait between attempts", () -> locks.idleWaiters("gave-up") == 2);
        assertThat(cancelled.cancel(false)).isTrue();
        assertThat(holder.release()).isEqualTo(ReleaseOutcome.RELEASED);
        LockLease next = patient.get(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(next.token()).isEqualTo(holder.token() + 1);
        assertThat(next.release()).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(lock.tryAcquire()).as("no lease was left to a waiter that gave up").isPresent();
    }

    @Test
    void aReleaseOfALostLeaseHandsNothingOverAndTheWaiterStillGetsTheLock() throws Exception {
        RedisFencedLocks locks = locks();
        FencedLock lock = locks.lock("lost");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> waiting = lock.tryAcquireAsync(LONG).toCompletableFuture();
        awaitTrue("the waiter to wait between attempts", () -> locks.idleWaiters("lost") == 1);
        // The holder's lease expires (simulated: its lock key vanishes); its release must report it and not grant.
        redis.sync().del(KeyNamespace.of("handoff").group("lost").key("lock"));
        assertThat(holder.release()).isEqualTo(ReleaseOutcome.EXPIRED);
        LockLease next = waiting.get(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(next.token()).isEqualTo(holder.token() + 1);
        next.close();
    }

    private static long calls(String commandstats, String command) {
        for (String line : commandstats.split("\r?\n")) {
            if (line.startsWith("cmdstat_" + command + ":")) {
                String calls = line.substring(line.indexOf("calls=") + 6);
                return Long.parseLong(calls.substring(0, calls.indexOf(',')));
            }
        }
        return 0;
    }

    private static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1); // a poll interval, not synchronisation: the condition decides
        }
    }
}
