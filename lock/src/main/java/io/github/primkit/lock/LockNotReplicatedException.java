package io.github.primkit.lock;

import io.github.primkit.core.PrimkitException;
import java.time.Duration;

/**
 * The lock was acquired on the master, but fewer replicas than {@link FencedLockOptions.Builder#replicas} asked for
 * acknowledged it within the timeout. The lease was released again (best effort) and is not handed to the caller:
 * a failover could otherwise promote a replica that never saw it, and give the lock out a second time.
 */
public class LockNotReplicatedException extends PrimkitException {
    private static final long serialVersionUID = 1L;

    private final long acknowledged;

    public LockNotReplicatedException(String lockName, long acknowledged, int wanted, Duration timeout) {
        super("lock \"" + lockName + "\" was acquired but only " + acknowledged + " of " + wanted
                + " replica(s) acknowledged it within " + timeout + "; it was released again");
        this.acknowledged = acknowledged;
    }

    /** How many replicas acknowledged the acquisition. */
    public long acknowledged() {
        return acknowledged;
    }
}
