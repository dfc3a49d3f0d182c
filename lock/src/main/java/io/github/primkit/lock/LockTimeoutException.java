package io.github.primkit.lock;

import io.github.primkit.core.PrimkitException;
import java.time.Duration;

/** {@link FencedLock#acquire()} waited the whole acquire timeout and the lock stayed taken. */
public class LockTimeoutException extends PrimkitException {
    private static final long serialVersionUID = 1L;

    private final String lockName;

    public LockTimeoutException(String lockName, Duration waited) {
        super("lock \"" + lockName + "\" is still held by another lease after waiting " + waited);
        this.lockName = lockName;
    }

    /** The name of the lock that could not be acquired. */
    public String lockName() {
        return lockName;
    }
}
