package io.github.primkit.lock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A named lock whose every lease carries a fencing token. Made by {@link FencedLocks#lock(String)}; thread-safe and
 * stateless (two instances for one name are the same lock).
 *
 * <p><b>Guarantees.</b> While a lease is valid, no other lease of the same name is handed out by the same Redis
 * master. Each lease's {@link LockLease#token() token} is greater than that of every earlier lease of the name, for
 * ever: the counter survives expiry and release. It is one small key per lock name, {@code {ns:name}:fence}, kept
 * without TTL: server memory grows by about 50 bytes plus the key's length for every name ever locked (Redis 7.0's
 * {@code MEMORY USAGE}: 88 bytes for {@code {primkit-lock:order-12345}:fence}); lock names drawn from an unbounded
 * set (one per order, per request) leave one such key each. Acquiring and issuing the token is one script, one round
 * trip.
 *
 * <p><b>Not guaranteed.</b> A holder that stalls (GC pause, slow network) past its lease keeps running while another
 * lease is handed out: mutual exclusion alone cannot stop it. That is what the token is for: send it with every write
 * and have the resource refuse tokens older than the newest it accepted ({@link FencingGuard}). Replication is
 * asynchronous, so a failover may lose a lease unless {@link FencedLockOptions.Builder#replicas} is used (and even
 * then see its caveats).
 *
 * <p><b>Errors.</b> {@link io.github.primkit.core.RedisUnavailableException} when Redis cannot be reached or does not
 * answer in time: the caller does not hold the lock, though the server may have granted it (it then expires after the
 * lease time). Never a silent "acquired". Async forms report the same exceptions through the stage; their callbacks
 * may run on a Lettuce I/O thread, so do not block in them.
 */
public interface FencedLock {
    /** The lock's name. */
    String name();

    /** How long each lease lasts unless extended. */
    Duration leaseTime();

    /** One attempt: a lease if the lock was free, else empty. One round trip. */
    Optional<LockLease> tryAcquire();

    /**
     * Waits up to {@code wait} for the lock. Waiters retry when the lock is released (with release notifications)
     * or after a jittered poll interval; one that has waited {@link FencedLockOptions#priorityAfter()} claims the next
     * turn, so that no waiter starves.
     *
     * @return a lease, or empty if the lock stayed taken for the whole wait
     * @throws IllegalArgumentException if {@code wait} is negative
     * @throws InterruptedException     if the thread is interrupted while waiting (no lease is kept)
     */
    Optional<LockLease> tryAcquire(Duration wait) throws InterruptedException;

    /**
     * Waits up to the factory's {@link FencedLockOptions#acquireTimeout() acquire timeout} for the lock.
     *
     * @throws LockTimeoutException if the lock stayed taken for the whole timeout
     * @throws InterruptedException if the thread is interrupted while waiting (no lease is kept)
     */
    LockLease acquire() throws InterruptedException;

    /** {@link #tryAcquire()} without blocking. */
    CompletionStage<Optional<LockLease>> tryAcquireAsync();

    /**
     * {@link #tryAcquire(Duration)} without blocking. Cancelling the stage's future stops the wait; a lease granted
     * at the same moment is released.
     *
     * @throws IllegalArgumentException if {@code wait} is negative
     */
    CompletionStage<Optional<LockLease>> tryAcquireAsync(Duration wait);

    /** {@link #acquire()} without blocking; fails with {@link LockTimeoutException} after the acquire timeout. */
    CompletionStage<LockLease> acquireAsync();
}
