package io.github.primkit.lock.internal;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.PrimkitException;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.lock.LeaseLostException;
import io.github.primkit.lock.LockLease;
import io.github.primkit.lock.ReleaseOutcome;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A lease. Its local deadline starts from the moment the acquiring request was sent, which is no later than the
 * server started the TTL, so {@link #isValid()} errs on the side of "expired".
 */
final class RedisLockLease implements LockLease {
    private final RedisFencedLock lock;
    private final String owner;
    private final long token;
    private final AtomicReference<CompletableFuture<ReleaseOutcome>> release = new AtomicReference<>();
    private final List<Consumer<? super LockLease>> lossListeners = new ArrayList<>();
    private volatile long deadlineNanos;
    private volatile boolean lost;
    private boolean lossReported;
    private ScheduledFuture<?> watchdog;
    private boolean watchdogStopped;

    RedisLockLease(RedisFencedLock lock, String owner, long token, long sentNanos) {
        this.lock = lock;
        this.owner = owner;
        this.token = token;
        this.deadlineNanos = sentNanos + lock.leaseTime.toNanos();
    }

    @Override
    public String lockName() {
        return lock.name;
    }

    @Override
    public long token() {
        return token;
    }

    @Override
    public boolean isValid() {
        return release.get() == null && !lost && System.nanoTime() - deadlineNanos < 0;
    }

    @Override
    public boolean extend() {
        return extend(lock.leaseTime);
    }

    @Override
    public boolean extend(Duration leaseTime) {
        return RedisFutures.await(extendAsync(leaseTime), lock.callTimeout());
    }

    @Override
    public CompletionStage<Boolean> extendAsync(Duration leaseTime) {
        Arguments.requirePositive("leaseTime", leaseTime);
        if (leaseTime.toMillis() < 1) {
            throw new IllegalArgumentException("leaseTime must be >= 1 ms (Redis counts in milliseconds), was "
                    + leaseTime);
        }
        if (release.get() != null) {
            return CompletableFuture.completedFuture(false);
        }
        long sent = System.nanoTime();
        return RedisFencedLocks.EXTEND.<String, String, Long>executeAsync(lock.factory.redis.async(),
                ScriptOutputType.INTEGER, lock.lockKeyOnly, owner, Long.toString(leaseTime.toMillis()))
                .thenApply(reply -> {
                    if (reply == 1) {
                        deadlineNanos = sent + leaseTime.toNanos();
                        return true;
                    }
                    if (release.get() == null) {
                        markLost();
                    }
                    return false;
                });
    }

    @Override
    public ReleaseOutcome release() {
        CompletableFuture<ReleaseOutcome> mine = new CompletableFuture<>();
        CompletableFuture<ReleaseOutcome> underWay = startRelease(mine);
        if (underWay != null) {
            return RedisFutures.await(underWay, lock.callTimeout());
        }
        // Waited for on this thread (see LuaScript.send): nothing runs on the I/O thread but waking us.
        LuaScript.Call<Long> call;
        try {
            call = RedisFencedLocks.RELEASE.send(lock.factory.redis, ScriptOutputType.INTEGER,
                    lock.lockKeyOnly, owner, lock.factory.handoffMillis);
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        }
        try {
            ReleaseOutcome outcome = outcome(call.await(lock.callTimeout()));
            mine.complete(outcome);
            return outcome;
        } catch (InterruptedException | RuntimeException e) {
            completeWithOutcome(mine, call.reply()); // the script may still run: later calls get its real outcome
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new PrimkitException("interrupted while waiting for Redis", e);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public CompletionStage<ReleaseOutcome> releaseAsync() {
        CompletableFuture<ReleaseOutcome> mine = new CompletableFuture<>();
        CompletableFuture<ReleaseOutcome> underWay = startRelease(mine);
        if (underWay != null) {
            return underWay;
        }
        try {
            completeWithOutcome(mine, RedisFencedLocks.RELEASE.<String, String, Long>executeAsync(
                    lock.factory.redis.async(), ScriptOutputType.INTEGER, lock.lockKeyOnly, owner,
                    lock.factory.handoffMillis));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /**
     * Makes {@code mine} this lease's release and stops the watchdog. Returns the stage that will tell the outcome
     * when nothing is left for the caller to do: an earlier release that succeeded or is under way (a failed one is
     * replaced, so a release can be retried), or a hand-off to a waiter of this factory, which completes
     * {@code mine}. Returns null when the caller is to run release.lua and complete {@code mine}.
     */
    private CompletableFuture<ReleaseOutcome> startRelease(CompletableFuture<ReleaseOutcome> mine) {
        while (true) {
            CompletableFuture<ReleaseOutcome> earlier = release.get();
            if (earlier != null && !earlier.isCompletedExceptionally()) {
                return earlier;
            }
            if (release.compareAndSet(earlier, mine)) {
                break;
            }
        }
        stopWatchdog();
        Waiter next = lock.factory.claimWaiterForHandOff(lock.channel);
        if (next == null) {
            return null;
        }
        handOff(next, mine);
        return mine;
    }

    /** Completes {@code mine} with release.lua's reply (1 released, 0 expired, -1 taken over) or its failure. */
    private static void completeWithOutcome(CompletableFuture<ReleaseOutcome> mine, CompletionStage<Long> reply) {
        reply.whenComplete((value, error) -> {
            if (error != null) {
                mine.completeExceptionally(RedisFutures.translate(error));
            } else {
                mine.complete(outcome(value));
            }
        });
    }

    private static ReleaseOutcome outcome(long reply) {
        return reply == 1 ? ReleaseOutcome.RELEASED : reply == 0 ? ReleaseOutcome.EXPIRED : ReleaseOutcome.TAKEN_OVER;
    }

    /**
     * Releases and hands the lock to {@code next}, a waiter of this factory, in one script: the waiter gets its token
     * from this call instead of waiting for a notification and acquiring after it.
     */
    private void handOff(Waiter next, CompletableFuture<ReleaseOutcome> mine) {
        long sent = System.nanoTime();
        try {
            RedisFencedLocks.HANDOFF.<String, String, Long>executeAsync(lock.factory.redis.async(),
                    ScriptOutputType.INTEGER, lock.lockKeys, owner, lock.factory.handoffMillis,
                    next.owner, next.lock.leaseMillis, lock.factory.othersWaiting(next) ? "1" : "0")
                    .whenComplete((reply, error) -> {
                        if (error != null) {
                            next.handOffFailed();
                            mine.completeExceptionally(RedisFutures.translate(error));
                            return;
                        }
                        if (reply > 0) {
                            next.handedOver(reply, sent);
                        } else {
                            next.handOffFailed();
                        }
                        mine.complete(reply > 0 || reply == -2 ? ReleaseOutcome.RELEASED
                                : reply == 0 ? ReleaseOutcome.EXPIRED : ReleaseOutcome.TAKEN_OVER);
                    });
        } catch (RuntimeException e) {
            next.handOffFailed();
            mine.completeExceptionally(e);
        }
    }

    @Override
    public void onLoss(Consumer<? super LockLease> listener) {
        Arguments.requireNonNull("listener", listener);
        boolean callNow;
        synchronized (lossListeners) {
            callNow = lossReported;
            if (!callNow) {
                lossListeners.add(listener);
            }
        }
        if (callNow) {
            tell(listener);
        }
    }

    @Override
    public void close() {
        CompletableFuture<ReleaseOutcome> earlier = release.get();
        if (earlier != null && !earlier.isCompletedExceptionally()) {
            return;
        }
        ReleaseOutcome outcome = release();
        if (!outcome.wasHeld()) {
            throw new LeaseLostException(lock.name, token, outcome);
        }
    }

    void startWatchdogIfEnabled() {
        if (lock.factory.options.watchdog()) {
            lock.factory.watch(this);
            scheduleWatchdog(lock.leaseTime.toNanos() / 3);
        }
    }

    private void scheduleWatchdog(long delayNanos) {
        synchronized (this) {
            if (watchdogStopped) {
                return;
            }
            try {
                watchdog = lock.factory.scheduler.schedule(this::renew, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RuntimeException rejected) { // the factory was closed
                watchdogStopped = true;
            }
        }
    }

    private void renew() {
        if (release.get() != null || lost) {
            return;
        }
        long third = lock.leaseTime.toNanos() / 3;
        try {
            extendAsync(lock.leaseTime).whenComplete((extended, error) -> {
                if (error == null) {
                    if (extended) {
                        scheduleWatchdog(third);
                    }
                } else if (System.nanoTime() - deadlineNanos >= 0) {
                    markLost(); // Redis stayed out of reach until the lease ran out
                } else {
                    scheduleWatchdog(Math.max(TimeUnit.MILLISECONDS.toNanos(1), third / 4));
                }
            });
        } catch (RuntimeException e) {
            markLost();
        }
    }

    void stopWatchdog() {
        synchronized (this) {
            watchdogStopped = true;
            if (watchdog != null) {
                watchdog.cancel(false);
                watchdog = null;
            }
        }
        lock.factory.unwatch(this);
    }

    private void markLost() {
        lost = true;
        stopWatchdog();
        List<Consumer<? super LockLease>> listeners;
        synchronized (lossListeners) {
            if (lossReported) {
                return;
            }
            lossReported = true;
            listeners = new ArrayList<>(lossListeners);
            lossListeners.clear();
        }
        for (Consumer<? super LockLease> listener : listeners) {
            tell(listener);
        }
    }

    private void tell(Consumer<? super LockLease> listener) {
        try {
            listener.accept(this);
        } catch (RuntimeException ignored) {
            // A listener's failure must not stop the others, nor the thread that found the loss.
        }
    }

    @Override
    public String toString() {
        return "LockLease[" + lock.name + ", token " + token + (isValid() ? ", valid" : ", not valid") + "]";
    }
}
