package io.github.primkit.lock;

import static io.github.primkit.lock.Backends.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.primkit.core.KeyGroup;
import io.github.primkit.core.KeyNamespace;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.core.PrimkitException;
import io.github.primkit.testing.RedisBackend;
import io.github.primkit.testing.RedisBackends;
import io.github.primkit.testing.RedisFeature;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@RedisBackends(requires = RedisFeature.SCRIPTING)
class FencedLockTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RedisBackend backend;
    private final PrimkitConnection<String, String> redis;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    FencedLockTest(RedisBackend backend) {
        this.backend = backend;
        this.redis = Backends.connection(backend);
    }

    @AfterEach
    void closeAll() throws Exception {
        threads.shutdownNow();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private FencedLocks locks(FencedLockOptions.Builder options) {
        FencedLocks locks = FencedLocks.create(redis, options.build());
        toClose.add(locks);
        return locks;
    }

    private FencedLocks notifiedLocks(FencedLockOptions.Builder options) {
        StatefulRedisPubSubConnection<String, String> pubSub = Backends.pubSub(backend);
        toClose.add(pubSub);
        FencedLocks locks = FencedLocks.create(redis, pubSub, options.build());
        toClose.add(locks);
        return locks;
    }

    private static FencedLockOptions.Builder options() {
        return FencedLockOptions.builder().namespace("test-locks").leaseTime(LONG);
    }

    private static String lockKey(String name) {
        return KeyNamespace.of("test-locks").group(name).key("lock");
    }

    private static String fenceKey(String name) {
        return KeyNamespace.of("test-locks").group(name).key("fence");
    }

    @Test
    void onlyOneLeaseAtATimeAndTheLockIsFreeAgainAfterRelease() {
        FencedLock lock = locks(options()).lock("orders:42");

        LockLease first = lock.tryAcquire().orElseThrow();
        assertThat(first.isValid()).isTrue();
        assertThat(first.lockName()).isEqualTo("orders:42");
        assertThat(lock.tryAcquire()).isEmpty();
        assertThat(locks(options()).lock("orders:42").tryAcquire()).as("another factory, same lock").isEmpty();
        assertThat(lock.tryAcquire()).isEmpty();

        assertThat(first.release()).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(first.isValid()).isFalse();
        assertThat(redis.sync().exists(lockKey("orders:42"))).isZero();
        LockLease second = lock.tryAcquire().orElseThrow();
        assertThat(second.token()).isGreaterThan(first.token());
        second.close();
    }

    @Test
    void differentNamesAreDifferentLocksAndKeysShareOneSlotPerName() {
        FencedLocks locks = locks(options());
        List<LockLease> leases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            leases.add(locks.lock("item-" + i).tryAcquire().orElseThrow());
        }
        for (int i = 0; i < 20; i++) {
            KeyGroup group = KeyNamespace.of("test-locks").group("item-" + i);
            assertThat(redis.sync().exists(group.key("lock"), group.key("fence"))).isEqualTo(2);
        }
        leases.forEach(LockLease::close);
    }

    @Test
    void tokensStrictlyIncreaseAcrossReleaseAndExpiryAndTheCounterNeverExpires() {
        FencedLocks locks = locks(options());
        FencedLock lock = locks.lock("tokens", Duration.ofMillis(50));
        FencedLock longLeased = locks.lock("tokens", LONG); // the same lock; its leases cannot expire mid-test
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            LockLease lease = longLeased.tryAcquire().orElseThrow();
            tokens.add(lease.token());
            assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
        }
        for (int i = 0; i < 3; i++) { // let each lease expire instead of releasing it
            LockLease lease = lock.tryAcquire().orElseThrow();
            tokens.add(lease.token());
            awaitTrue(PATIENCE, "the lease to expire on the server",
                    () -> redis.sync().exists(lockKey("tokens")) == 0);
            assertThat(lease.isValid()).isFalse();
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates().hasSize(8);
        assertThat(redis.sync().pttl(fenceKey("tokens"))).as("the fence counter has no TTL").isEqualTo(-1);
        assertThat(redis.sync().get(fenceKey("tokens"))).isEqualTo(Long.toString(tokens.get(7)));
    }

    @Test
    void anExpiredLeaseCannotReleaseTheNextHoldersLockAndIsToldSo() {
        FencedLock lock = locks(options()).lock("takeover", Duration.ofMillis(60));
        LockLease stale = lock.tryAcquire().orElseThrow();
        awaitTrue(PATIENCE, "the first lease to expire", () -> redis.sync().exists(lockKey("takeover")) == 0);
        LockLease current = locks(options()).lock("takeover", LONG).tryAcquire().orElseThrow();

        assertThat(stale.release()).isEqualTo(ReleaseOutcome.TAKEN_OVER);
        assertThat(stale.release()).as("later calls repeat the outcome").isEqualTo(ReleaseOutcome.TAKEN_OVER);
        assertThat(redis.sync().exists(lockKey("takeover"))).as("the new holder keeps the lock").isOne();
        assertThat(current.isValid()).isTrue();
        assertThat(current.extend()).isTrue();
        assertThat(current.release()).isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void anExpiredLeaseWithNobodyElseReportsExpiredAndCloseThrows() {
        FencedLock lock = locks(options()).lock("expired", Duration.ofMillis(40));
        LockLease lease = lock.tryAcquire().orElseThrow();
        awaitTrue(PATIENCE, "the lease to expire", () -> redis.sync().exists(lockKey("expired")) == 0);

        assertThatThrownBy(lease::close).isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("\"expired\"").hasMessageContaining("token " + lease.token())
                .satisfies(e -> assertThat(((LeaseLostException) e).outcome()).isEqualTo(ReleaseOutcome.EXPIRED));
        assertThat(lease.release()).isEqualTo(ReleaseOutcome.EXPIRED);
        lease.close(); // released before: nothing to do
    }

    @Test
    void tryWithResourcesReleasesTheLease() {
        FencedLock lock = locks(options()).lock("twr");
        long token;
        try (LockLease lease = lock.tryAcquire().orElseThrow()) {
            token = lease.token();
            assertThat(redis.sync().exists(lockKey("twr"))).isOne();
        }
        assertThat(redis.sync().exists(lockKey("twr"))).isZero();
        assertThat(lock.tryAcquire().orElseThrow().token()).isGreaterThan(token);
    }

    @Test
    void aLeaseBelongsToNoThreadAndMayBeReleasedFromAnother() throws Exception {
        FencedLock lock = locks(options()).lock("handover");
        LockLease lease = threads.submit(() -> lock.tryAcquire().orElseThrow()).get(10, TimeUnit.SECONDS);
        assertThat(lock.tryAcquire()).as("the acquiring thread is gone; the lease still holds").isEmpty();
        Future<ReleaseOutcome> released = threads.submit(lease::release);
        assertThat(released.get(10, TimeUnit.SECONDS)).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(lock.tryAcquire()).isPresent();
    }

    @Test
    void extensionIsCompareAndExtend() {
        FencedLock lock = locks(options()).lock("extend", Duration.ofSeconds(2));
        LockLease lease = lock.tryAcquire().orElseThrow();

        assertThat(lease.extend(Duration.ofSeconds(60))).isTrue();
        assertThat(redis.sync().pttl(lockKey("extend"))).isGreaterThan(30_000L);
        assertThat(lease.extendAsync(Duration.ofSeconds(90)).toCompletableFuture().join()).isTrue();
        assertThat(redis.sync().pttl(lockKey("extend"))).isGreaterThan(60_000L);

        redis.sync().del(lockKey("extend")); // the lease is gone on the server (as after expiry)
        LockLease other = lock.tryAcquire().orElseThrow();
        CountDownLatch lost = new CountDownLatch(1);
        lease.onLoss(l -> lost.countDown());
        assertThat(lease.extend()).as("must not extend another lease's lock").isFalse();
        assertThat(lost.getCount()).isZero();
        assertThat(lease.isValid()).isFalse();
        assertThat(redis.sync().pttl(lockKey("extend"))).as("the other lease's TTL is untouched")
                .isLessThanOrEqualTo(2_000L);
        assertThat(other.extend()).isTrue();
        other.close();
        assertThat(other.extend()).as("released leases do not extend").isFalse();
    }

    @Test
    void theWatchdogKeepsALeaseAliveWhileHeldAndStopsOnRelease() {
        Duration lease = Duration.ofSeconds(1); // extended every 333 ms: a loaded machine has 667 ms of slack
        FencedLock lock = locks(options().leaseTime(lease).watchdog(true)).lock("watched");
        LockLease held = lock.tryAcquire().orElseThrow();
        long start = System.nanoTime();
        // Several lease times pass; the watchdog must have extended the lease each time.
        awaitTrue(PATIENCE, "three lease times to pass", () -> System.nanoTime() - start > 3 * lease.toNanos());
        assertThat(held.isValid()).isTrue();
        assertThat(redis.sync().exists(lockKey("watched"))).isOne();
        assertThat(lock.tryAcquire()).isEmpty();

        assertThat(held.release()).isEqualTo(ReleaseOutcome.RELEASED);
        LockLease next = lock.tryAcquire().orElseThrow();
        next.close();
    }

    @Test
    void theWatchdogFindsALostLeaseAndTellsItsListener() throws Exception {
        FencedLocks locks = locks(options().leaseTime(Duration.ofMillis(300)).watchdog(true));
        FencedLock lock = locks.lock("lost");
        LockLease lease = lock.tryAcquire().orElseThrow();
        CountDownLatch lost = new CountDownLatch(1);
        AtomicReference<LockLease> told = new AtomicReference<>();
        lease.onLoss(l -> {
            told.set(l);
            lost.countDown();
        });

        redis.sync().del(lockKey("lost")); // as if the lease had expired during a long pause
        LockLease thief = locks(options()).lock("lost").tryAcquire().orElseThrow();

        assertThat(lost.await(10, TimeUnit.SECONDS)).as("loss listener called").isTrue();
        assertThat(told.get()).isSameAs(lease);
        assertThat(lease.isValid()).isFalse();
        assertThat(thief.isValid()).isTrue();
        CountDownLatch late = new CountDownLatch(1);
        lease.onLoss(l -> late.countDown());
        assertThat(late.getCount()).as("a listener added after the loss is called at once").isZero();
        assertThat(lease.release()).isEqualTo(ReleaseOutcome.TAKEN_OVER);
        assertThat(redis.sync().exists(lockKey("lost"))).isOne();
    }

    @Test
    void aWaiterIsWokenByTheReleaseNotPolling() throws Exception {
        // A poll interval far longer than the test: only the release notification can wake the waiter in time.
        FencedLocks locks = notifiedLocks(options().pollInterval(Duration.ofSeconds(60)));
        FencedLock lock = locks.lock("notified");
        // The holder is another process (another factory): a holder of the same factory hands the lock over instead.
        LockLease holder = locks(options()).lock("notified").tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> waiting =
                lock.tryAcquireAsync(Duration.ofSeconds(60)).toCompletableFuture();
        awaitTrue(PATIENCE, "the waiter to mark the lock",
                () -> String.valueOf(redis.sync().get(lockKey("notified"))).endsWith("|w"));
        assertThat(waiting).isNotDone();

        long released = System.nanoTime();
        holder.release();
        LockLease next = waiting.get(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(20));
        assertThat(next.token()).isGreaterThan(holder.token());
        next.close();
    }

    @Test
    void withoutNotificationsWaitersPoll() throws Exception {
        FencedLock lock = locks(options().pollInterval(Duration.ofMillis(20))).lock("polled");
        // The holder is another process (another factory): a holder of the same factory hands the lock over instead.
        LockLease holder = locks(options()).lock("polled").tryAcquire().orElseThrow();
        Future<Optional<LockLease>> waiting = threads.submit(() -> lock.tryAcquire(Duration.ofSeconds(30)));
        awaitTrue(PATIENCE, "the waiter to mark the lock",
                () -> String.valueOf(redis.sync().get(lockKey("polled"))).endsWith("|w"));
        holder.release();
        LockLease next = waiting.get(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(next.token()).isGreaterThan(holder.token());
        next.close();
    }

    @Test
    void aWaiterAcquiresWhenTheHolderExpiresWithoutReleasing() throws Exception {
        FencedLocks locks = notifiedLocks(options().pollInterval(Duration.ofMillis(50)));
        LockLease crashed = locks.lock("crashed", Duration.ofMillis(200)).tryAcquire().orElseThrow();
        LockLease next = locks.lock("crashed").tryAcquire(Duration.ofSeconds(20)).orElseThrow();
        assertThat(next.token()).isGreaterThan(crashed.token());
        next.close();
    }

    @Test
    void aLongWaitingWaiterClaimsTheNextTurnAndNewcomersCannotOvertakeIt() throws Exception {
        // priorityAfter zero: the waiter claims at once; a long poll interval: the hand-off outlives the test.
        FencedLocks locks = notifiedLocks(options().priorityAfter(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(20)));
        FencedLock lock = locks.lock("turn");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> claimer = lock.tryAcquireAsync(LONG).toCompletableFuture();
        awaitTrue(PATIENCE, "the waiter to claim the next turn",
                () -> String.valueOf(redis.sync().get(lockKey("turn"))).contains("|n:"));

        FencedLock newcomerLock = locks(options()).lock("turn");
        holder.release();
        assertThat(newcomerLock.tryAcquire()).as("the lock is reserved for, or held by, the claimer").isEmpty();
        LockLease claimed = claimer.get(20, TimeUnit.SECONDS).orElseThrow();
        assertThat(newcomerLock.tryAcquire()).isEmpty();
        assertThat(claimed.release()).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(newcomerLock.tryAcquire()).isPresent();
    }

    @Test
    void underSteadyContentionEveryThreadGetsTheLock() throws Exception {
        FencedLocks locks = notifiedLocks(options().leaseTime(Duration.ofSeconds(5))
                .priorityAfter(Duration.ofMillis(20)));
        int threadCount = 6;
        long[] acquisitions = new long[threadCount];
        long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threadCount; t++) {
            int id = t;
            workers.add(threads.submit(() -> {
                FencedLock lock = locks.lock("hot");
                while (System.nanoTime() - until < 0) {
                    try (LockLease lease = lock.acquire()) {
                        acquisitions[id]++;
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }
        System.out.println("acquisitions per thread on one hot lock: " + java.util.Arrays.toString(acquisitions));
        assertThat(java.util.Arrays.stream(acquisitions).min().orElseThrow()).as("fewest acquisitions of one thread").isPositive();
    }

    @Test
    void aTimedWaitGivesUpEmptyAndAcquireThrowsAfterItsTimeout() throws Exception {
        FencedLocks locks = locks(options().acquireTimeout(Duration.ofMillis(150)).pollInterval(Duration.ofMillis(20)));
        FencedLock lock = locks.lock("busy");
        LockLease holder = lock.tryAcquire().orElseThrow();

        long start = System.nanoTime();
        assertThat(lock.tryAcquire(Duration.ofMillis(200))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThatThrownBy(lock::acquire).isInstanceOf(LockTimeoutException.class)
                .hasMessageContaining("\"busy\"").hasMessageContaining("PT0.15S");
        assertThatThrownBy(() -> lock.acquireAsync().toCompletableFuture().join())
                .hasCauseInstanceOf(LockTimeoutException.class);
        assertThat(lock.tryAcquire(Duration.ZERO)).isEmpty();
        assertThat(holder.release()).isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void anInterruptedWaiterThrowsAndKeepsNoLease() throws Exception {
        FencedLock lock = locks(options().pollInterval(Duration.ofMillis(10))).lock("interrupt");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                lock.tryAcquire(Duration.ofSeconds(60));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        waiter.start();
        started.await();
        awaitTrue(PATIENCE, "the waiter to mark the lock",
                () -> String.valueOf(redis.sync().get(lockKey("interrupt"))).endsWith("|w"));
        waiter.interrupt();
        waiter.join(10_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);

        holder.release();
        LockLease next = lock.tryAcquire(Duration.ofSeconds(5)).orElseThrow();
        assertThat(next.token()).as("the interrupted waiter took no token after giving up")
                .isEqualTo(holder.token() + 1);
        next.close();
    }

    @Test
    void anAcquireInterruptedBeforeItsReplyLeavesNoLeaseBehind() throws Exception {
        FencedLock lock = locks(options()).lock("interrupted-acquire");
        LockLease first = lock.tryAcquire().orElseThrow();
        long before = first.token();
        first.close();

        Thread.currentThread().interrupt(); // interrupted before its reply can arrive
        assertThatThrownBy(() -> lock.tryAcquire(Duration.ofSeconds(60))).isInstanceOf(InterruptedException.class);
        Thread.currentThread().interrupt();
        assertThatThrownBy(lock::tryAcquire).isInstanceOf(PrimkitException.class).hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).as("the non-interruptible form keeps the interrupt flag").isTrue();

        // Each interrupted attempt was sent, or not (a Cluster client may drop a command whose dispatching thread
        // is interrupted); one that ran and took the lock has its lease released when its reply arrives, so the lock
        // is free again well before its lease time would have freed it.
        LockLease next = lock.tryAcquire(Duration.ofSeconds(5)).orElseThrow();
        assertThat(next.token()).isGreaterThan(before);
        assertThat(redis.sync().pttl(lockKey("interrupted-acquire"))).isGreaterThan(LONG.toMillis() - 5_000);
        next.close();
    }

    @Test
    void aReleaseInterruptedBeforeItsReplyStillReleasesAndLaterCallsGetTheRealOutcome() {
        FencedLock lock = locks(options()).lock("interrupted-release");
        LockLease lease = lock.tryAcquire().orElseThrow();

        Thread.currentThread().interrupt();
        assertThatThrownBy(lease::release).isInstanceOf(PrimkitException.class).hasMessageContaining("interrupted");
        assertThat(Thread.interrupted()).isTrue();

        assertThat(lease.release()).isEqualTo(ReleaseOutcome.RELEASED);
        assertThat(redis.sync().get(lockKey("interrupted-release"))).isNull();
        lease.close(); // released before: nothing to do, nothing thrown
    }

    @Test
    void cancellingAnAsyncWaitStopsIt() throws Exception {
        FencedLock lock = locks(options().pollInterval(Duration.ofMillis(10))).lock("cancel");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> waiting = lock.tryAcquireAsync(LONG).toCompletableFuture();
        CompletableFuture<LockLease> acquiring = lock.acquireAsync().toCompletableFuture();
        awaitTrue(PATIENCE, "the waiters to mark the lock",
                () -> String.valueOf(redis.sync().get(lockKey("cancel"))).endsWith("|w"));
        assertThat(waiting.cancel(false)).isTrue();
        assertThat(acquiring.cancel(false)).isTrue();
        holder.release();
        LockLease next = lock.tryAcquire(Duration.ofSeconds(5)).orElseThrow();
        assertThat(next.token()).isEqualTo(holder.token() + 1);
        next.close();
    }

    @Test
    void asyncFormsDoWhatTheSyncFormsDo() throws Exception {
        FencedLock lock = locks(options()).lock("async");
        LockLease lease = lock.tryAcquireAsync().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(lock.tryAcquireAsync().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEmpty();
        CompletableFuture<LockLease> next = lock.acquireAsync().toCompletableFuture();
        assertThat(lease.releaseAsync().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(ReleaseOutcome.RELEASED);
        LockLease second = next.get(20, TimeUnit.SECONDS);
        assertThat(second.token()).isGreaterThan(lease.token());
        assertThat(second.extendAsync(Duration.ofSeconds(5)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(second.releaseAsync().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void closingTheFactoryCancelsWaitersAndRefusesNewLocks() throws Exception {
        FencedLocks locks = locks(options());
        FencedLock lock = locks.lock("closing");
        LockLease holder = lock.tryAcquire().orElseThrow();
        CompletableFuture<Optional<LockLease>> waiting = lock.tryAcquireAsync(LONG).toCompletableFuture();
        locks.close();
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> locks.lock("x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(holder.release()).as("leases outlive their factory").isEqualTo(ReleaseOutcome.RELEASED);
    }

    @Test
    void badInputNamesTheArgument() {
        FencedLocks locks = locks(options());
        assertThatThrownBy(() -> locks.lock(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank, was \" \"");
        assertThatThrownBy(() -> locks.lock(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("name must not be null");
        assertThatThrownBy(() -> locks.lock("a", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be > 0, was PT0S");
        assertThatThrownBy(() -> locks.lock("a", Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be > 0, was PT-0.005S");
        assertThatThrownBy(() -> locks.lock("a").tryAcquire(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("wait must be >= 0, was PT-0.001S");
        LockLease lease = locks.lock("a").tryAcquire().orElseThrow();
        assertThatThrownBy(() -> lease.extend(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("leaseTime must be > 0, was PT0S");
        assertThatThrownBy(() -> lease.onLoss(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("listener must not be null");
        lease.close();
    }

    @Test
    void waitingForReplicasThatDoNotExistFailsAndLeavesTheLockFree() {
        // The test servers have no replicas: WAIT 1 answers 0 after its timeout.
        FencedLock lock = locks(options().replicas(1, Duration.ofMillis(100))).lock("durable");
        assertThatThrownBy(lock::tryAcquire).isInstanceOf(LockNotReplicatedException.class)
                .hasMessageContaining("only 0 of 1 replica(s)")
                .satisfies(e -> assertThat(((LockNotReplicatedException) e).acknowledged()).isZero());
        assertThat(redis.sync().exists(lockKey("durable"))).as("released again").isZero();
        assertThat(locks(options()).lock("durable").tryAcquire()).isPresent();
    }

    @Test
    void oneRoundTripAndAtMostSixServerCommandsPerAcquireAndRelease() {
        FencedLock lock = locks(options()).lock("counted");
        lock.tryAcquire().orElseThrow().close(); // loads the scripts
        RedisCommands<String, String> node = backend.nodeFor(lockKey("counted"));

        node.configResetstat();
        LockLease lease = lock.tryAcquire().orElseThrow();
        Map<String, Long> acquire = Backends.commandCalls(node);
        node.configResetstat();
        lease.release();
        Map<String, Long> release = Backends.commandCalls(node);

        System.out.println("server commands: acquire " + acquire + ", release " + release);
        assertThat(acquire).containsEntry("evalsha", 1L);
        assertThat(release).containsEntry("evalsha", 1L);
        assertThat(Backends.total(acquire)).isLessThanOrEqualTo(3);
        assertThat(Backends.total(release)).isLessThanOrEqualTo(3);
    }
}
