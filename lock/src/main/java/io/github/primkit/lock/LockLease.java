package io.github.primkit.lock;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * One holding of a {@link FencedLock}: its fencing {@link #token()}, and the means to extend and release it.
 *
 * <p>Ownership belongs to the lease, not to a thread: the lease is identified on the server by an id of its own (128
 * random bits drawn by its factory, plus a counter; never reused), so it may be released or extended from any thread,
 * a virtual thread or a callback.
 * Thread-safe.
 *
 * <p>{@link #close()} releases it, so try-with-resources works:
 * <pre>{@code
 * try (LockLease lease = lock.acquire()) {
 *     resource.write(value, lease.token());
 * }
 * }</pre>
 */
public interface LockLease extends AutoCloseable {
    /** The name of the lock this lease holds. */
    String lockName();

    /**
     * The fencing token: greater than the token of every earlier lease of this lock name, and smaller than every
     * later one's. Pass it with each write to the protected resource.
     */
    long token();

    /**
     * Whether the lease is still believed held: not released, not found lost by an extension, and its lease time
     * (counted from before the acquiring request was sent, so on the safe side) not yet over. {@code true} is a
     * belief, not a guarantee: a pause right after this call can outlast the lease. Fence your writes.
     */
    boolean isValid();

    /**
     * Compare-and-extend: sets the lease's remaining time to the lock's lease time, if the lease still holds the
     * lock. One round trip.
     *
     * @return {@code true} if extended; {@code false} if the lease was lost (it turns invalid and its loss listeners
     *         are told) or already released
     */
    boolean extend();

    /**
     * Like {@link #extend()} with another duration, counted from now.
     *
     * @throws IllegalArgumentException if {@code leaseTime} is under 1 ms
     */
    boolean extend(Duration leaseTime);

    /** {@link #extend(Duration)} without blocking. */
    CompletionStage<Boolean> extendAsync(Duration leaseTime);

    /**
     * Releases the lock if this lease still holds it, and never deletes a lock another lease holds. Stops the
     * watchdog. One round trip; later calls return the first call's outcome without contacting Redis.
     */
    ReleaseOutcome release();

    /** {@link #release()} without blocking. */
    CompletionStage<ReleaseOutcome> releaseAsync();

    /**
     * Calls {@code listener} once when the lease is found lost: the watchdog or an {@link #extend} found another lease
     * (or none) holding the lock, or the watchdog could not reach Redis before the lease ran out. Called at once if
     * that has already happened. Not called on release. The listener runs on a Primkit or Lettuce thread: keep it
     * short, do not block.
     */
    void onLoss(Consumer<? super LockLease> listener);

    /**
     * Releases the lease ({@link #release()}); does nothing if it was released before.
     *
     * @throws LeaseLostException if the lease had expired by the time of this first release, so the work done under
     *                            it may not have been exclusive
     */
    @Override
    void close();
}
