package io.github.primkit.lock.internal;

import io.github.primkit.core.RedisFutures;
import io.github.primkit.lock.LockLease;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One waiting acquire. At most one attempt is in flight at a time; between attempts the waiter sleeps until a release
 * notification {@link #wake() wakes} it or its poll timer fires, whichever comes first. A wake that arrives while an
 * attempt is in flight makes the waiter try again as soon as that attempt fails, so no release is missed.
 *
 * <p>The timer's delay is uniform in [d/2, d] with d = min(the lock's remaining TTL, poll interval), and never past
 * the deadline, where one last attempt is made. Jitter keeps waiters of many processes from retrying in step.
 */
final class Waiter {
    final RedisFencedLock lock;
    final String owner;
    final CompletableFuture<Optional<LockLease>> result;
    private final RedisFencedLocks factory;
    private final long startNanos;
    private final long deadlineNanos;
    private final long priorityAfterNanos;
    private final long pollMillis;
    private boolean inFlight;
    private boolean wakeRequested;
    private boolean finished;
    private boolean subscribed;
    private ScheduledFuture<?> timer;

    Waiter(RedisFencedLock lock, String owner, long startNanos, Duration wait,
            CompletableFuture<Optional<LockLease>> result) {
        this.lock = lock;
        this.owner = owner;
        this.result = result;
        this.factory = lock.factory;
        this.startNanos = startNanos;
        this.deadlineNanos = startNanos + Math.min(wait.toNanos(), Long.MAX_VALUE / 4);
        this.priorityAfterNanos = factory.options.priorityAfter().toNanos();
        this.pollMillis = factory.options.pollInterval().toMillis();
        this.subscribed = factory.notifications == null;
    }

    /** Starts waiting after a first attempt (made without a waiter, the uncontended path) found the lock taken. */
    void startAfterFailedAttempt(long reply, long sentNanos) {
        factory.register(this);
        result.whenComplete((lease, error) -> finish());
        synchronized (this) {
            inFlight = true;
        }
        onReply(reply, null, sentNanos);
    }

    /** A release notification for this lock reached us; false if this waiter is done already. */
    boolean wake() {
        return fire();
    }

    private boolean fire() {
        synchronized (this) {
            if (finished || result.isDone()) {
                return false;
            }
            if (inFlight) {
                wakeRequested = true;
                return true;
            }
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            inFlight = true;
        }
        attempt();
        return true;
    }

    /**
     * Claims this waiter for a hand-off by a releasing lease of this process: false if it is done, not yet subscribed
     * or has an attempt in flight. A claimed waiter is in flight until {@link #handedOver} or {@link #handOffFailed}.
     */
    boolean claimForHandOff() {
        synchronized (this) {
            if (finished || result.isDone() || inFlight || !subscribed) {
                return false;
            }
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            inFlight = true;
            wakeRequested = false;
            return true;
        }
    }

    /** Between attempts, subscribed, not done: a releasing lease of this process may hand the lock over to it. */
    synchronized boolean isIdle() {
        return !finished && !result.isDone() && !inFlight && subscribed;
    }

    /** The release handed the lock to this waiter: {@code token} is its lease's, the script was sent at sentNanos. */
    void handedOver(long token, long sentNanos) {
        onReply(token, null, sentNanos);
    }

    /** The hand-off did not happen (the releaser had lost the lock, another process's waiter had the turn, or an error). */
    void handOffFailed() {
        retryNow();
    }

    private void attempt() {
        boolean claim = System.nanoTime() - startNanos >= priorityAfterNanos;
        long sent = System.nanoTime();
        try {
            lock.attempt(owner, claim ? "2" : "1", factory.othersWaiting(this))
                    .whenComplete((reply, error) -> onReply(reply, error, sent));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private void onReply(Long reply, Throwable error, long sentNanos) {
        if (error != null) {
            result.completeExceptionally(RedisFutures.translate(error));
            return;
        }
        if (reply > 0) {
            lock.grant(owner, reply, sentNanos).whenComplete((lease, grantError) -> {
                if (grantError != null) {
                    result.completeExceptionally(RedisFutures.translate(grantError));
                } else if (!result.complete(Optional.of(lease))) {
                    lease.releaseAsync(); // cancelled or timed out meanwhile: do not keep a lease nobody holds
                }
            });
            return;
        }
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0) {
            result.complete(Optional.empty());
            return;
        }
        if (!subscribed) {
            // First failure: subscribe, then try again at once, so a release between our attempt and the
            // subscription is not missed.
            subscribed = true;
            factory.notifications.subscribe().whenComplete((ok, subscribeError) -> retryNow());
            return;
        }
        boolean again;
        synchronized (this) {
            inFlight = false;
            if (finished) {
                return;
            }
            again = wakeRequested;
            wakeRequested = false;
            if (!again) {
                try {
                    timer = factory.scheduler.schedule(this::fire, delayNanos(-reply, now), TimeUnit.NANOSECONDS);
                } catch (RuntimeException rejected) { // the factory was closed
                    result.cancel(false);
                }
            }
        }
        if (again) {
            fire();
        }
    }

    private void retryNow() {
        synchronized (this) {
            inFlight = false;
            wakeRequested = false;
        }
        fire();
    }

    private long delayNanos(long lockTtlMillis, long now) {
        long bound = TimeUnit.MILLISECONDS.toNanos(Math.max(1, Math.min(lockTtlMillis, pollMillis)));
        long delay = bound / 2 + ThreadLocalRandom.current().nextLong(bound / 2 + 1);
        return Math.min(delay, deadlineNanos - now);
    }

    private void finish() {
        synchronized (this) {
            finished = true;
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }
        factory.unregister(this);
    }
}
