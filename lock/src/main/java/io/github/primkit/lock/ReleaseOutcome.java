package io.github.primkit.lock;

/** What {@link LockLease#release()} found on the server. */
public enum ReleaseOutcome {
    /** The lease still held the lock, and the lock is now free (or handed to the waiter whose turn it is). */
    RELEASED,
    /**
     * The lease had already expired and nobody holds the lock now. Nothing was deleted. Work done under the lease
     * after it expired was not exclusive: only a fencing check at the resource makes it safe.
     */
    EXPIRED,
    /**
     * The lease had expired and another lease holds the lock now. Nothing was deleted: the other holder keeps the
     * lock. Work done under this lease after it expired may have overlapped with the new holder's.
     */
    TAKEN_OVER;

    /** Whether the lease still held the lock when it was released. */
    public boolean wasHeld() {
        return this == RELEASED;
    }
}
