package io.github.primkit.lock;

import io.github.primkit.core.PrimkitException;

/**
 * Thrown by {@link LockLease#close()} when the lease no longer held the lock at release: it had expired, and perhaps
 * another lease had taken the lock. Nothing of the other holder's was deleted. The work done under the lease was not
 * guaranteed exclusive; writes that went through a fencing check ({@link FencingGuard}) are still safe.
 */
public class LeaseLostException extends PrimkitException {
    private static final long serialVersionUID = 1L;

    private final String lockName;
    private final long token;
    private final ReleaseOutcome outcome;

    public LeaseLostException(String lockName, long token, ReleaseOutcome outcome) {
        super("the lease of lock \"" + lockName + "\" with token " + token + " was lost before its release: "
                + (outcome == ReleaseOutcome.TAKEN_OVER ? "it expired and another lease holds the lock now"
                        : "it expired"));
        this.lockName = lockName;
        this.token = token;
        this.outcome = outcome;
    }

    /** The lock's name. */
    public String lockName() {
        return lockName;
    }

    /** The lost lease's fencing token. */
    public long token() {
        return token;
    }

    /** {@link ReleaseOutcome#EXPIRED} or {@link ReleaseOutcome#TAKEN_OVER}. */
    public ReleaseOutcome outcome() {
        return outcome;
    }
}
