package io.github.primkit.lock;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.KeyNamespace;
import java.time.Duration;

/**
 * How a {@link FencedLocks} factory behaves: immutable, validated when each value is set (the message names the
 * argument and the refused value) and, for combinations, in {@link Builder#build()}.
 *
 * <pre>{@code
 * FencedLockOptions options = FencedLockOptions.builder()
 *         .namespace("checkout")
 *         .leaseTime(Duration.ofSeconds(10))
 *         .acquireTimeout(Duration.ofSeconds(5))
 *         .watchdog(true)
 *         .build();
 * }</pre>
 */
public final class FencedLockOptions {
    private final KeyNamespace namespace;
    private final Duration leaseTime;
    private final Duration acquireTimeout;
    private final boolean watchdog;
    private final Duration pollInterval;
    private final Duration priorityAfter;
    private final int replicas;
    private final Duration replicationTimeout;

    private FencedLockOptions(Builder builder) {
        this.namespace = builder.namespace;
        this.leaseTime = builder.leaseTime;
        this.acquireTimeout = builder.acquireTimeout;
        this.watchdog = builder.watchdog;
        this.pollInterval = builder.pollInterval;
        this.priorityAfter = builder.priorityAfter;
        this.replicas = builder.replicas;
        this.replicationTimeout = builder.replicationTimeout;
    }

    /** A builder with the defaults listed on each of its setters. */
    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static FencedLockOptions defaults() {
        return builder().build();
    }

    /** Prefix of every key: lock {@code name} uses {@code {<namespace>:<name>}:lock} and {@code ...:fence}. */
    public KeyNamespace namespace() {
        return namespace;
    }

    /** How long a lease lasts unless extended. */
    public Duration leaseTime() {
        return leaseTime;
    }

    /** How long {@link FencedLock#acquire()} waits before it gives up. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** Whether each lease is extended in the background while it is held. */
    public boolean watchdog() {
        return watchdog;
    }

    /** The longest a waiter goes without retrying when no release notification arrives. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** How long a waiter waits before it claims the next turn. */
    public Duration priorityAfter() {
        return priorityAfter;
    }

    /** Replicas that must acknowledge each acquisition ({@code WAIT}); 0 when off. */
    public int replicas() {
        return replicas;
    }

    /** How long an acquisition waits for the replicas' acknowledgements; zero when {@link #replicas()} is 0. */
    public Duration replicationTimeout() {
        return replicationTimeout;
    }

    @Override
    public String toString() {
        return "FencedLockOptions[namespace=" + namespace.name() + ", leaseTime=" + leaseTime + ", acquireTimeout="
                + acquireTimeout + ", watchdog=" + watchdog + ", pollInterval=" + pollInterval + ", priorityAfter="
                + priorityAfter + ", replicas=" + replicas + ", replicationTimeout=" + replicationTimeout + "]";
    }

    /** Builds {@link FencedLockOptions}; each setter validates its argument. Not thread-safe. */
    public static final class Builder {
        private static final Duration MIN_WATCHDOG_LEASE = Duration.ofMillis(30);

        private KeyNamespace namespace = KeyNamespace.of("primkit-lock");
        private Duration leaseTime = Duration.ofSeconds(30);
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private boolean watchdog;
        private Duration pollInterval = Duration.ofMillis(200);
        private Duration priorityAfter = Duration.ofMillis(100);
        private int replicas;
        private Duration replicationTimeout = Duration.ZERO;

        private Builder() {
        }

        /**
         * Key prefix; default {@code primkit-lock}. Two factories with the same namespace and lock name share the
         * lock.
         *
         * @throws IllegalArgumentException if blank or holding white space, control characters or braces
         */
        public Builder namespace(String namespace) {
            this.namespace = KeyNamespace.of(namespace);
            return this;
        }

        /**
         * How long a lease lasts unless extended; default 30 s, at least 1 ms (Redis counts in milliseconds).
         *
         * @throws IllegalArgumentException if zero, negative or under 1 ms
         */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = requireMillis("leaseTime", leaseTime);
            return this;
        }

        /**
         * How long {@link FencedLock#acquire()} waits for a taken lock; default 30 s. Zero means one attempt.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder acquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = Arguments.requireNonNegative("acquireTimeout", acquireTimeout);
            return this;
        }

        /**
         * Whether a background task extends each lease, every third of its lease time, while it is held; default
         * off. It stops when the lease is released or closed, and when an extension finds the lease lost (the lease
         * then turns invalid and tells its {@link LockLease#onLoss loss listeners}). A holder that stalls keeps the
         * lock only while the watchdog's thread still runs: use it for work of unknown length, and keep fencing.
         */
        public Builder watchdog(boolean watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        /**
         * The longest a waiter waits before it tries again when no release notification reaches it; default 200 ms.
         * Each wait is jittered (between half and all of it, and never past the lock's remaining lease), so waiters
         * do not retry in step. With release notifications this is only the fallback, for a holder that crashed
         * and a notification that was lost.
         *
         * @throws IllegalArgumentException if zero, negative or under 1 ms
         */
        public Builder pollInterval(Duration pollInterval) {
            this.pollInterval = requireMillis("pollInterval", pollInterval);
            return this;
        }

        /**
         * How long a waiter waits before it claims the next turn; default 100 ms. One waiter at a time holds a
         * claim: the lock's next release hands the lock to it (for at most {@code pollInterval} plus 50 ms, after
         * which anyone may take it), so a newcomer cannot overtake it. This bounds how long any waiter waits under
         * steady contention; a shorter value is fairer, a longer one lets more acquisitions go to whoever is fastest.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder priorityAfter(Duration priorityAfter) {
            this.priorityAfter = Arguments.requireNonNegative("priorityAfter", priorityAfter);
            return this;
        }

        /**
         * After each acquisition, waits ({@code WAIT replicas timeout}) until {@code replicas} replicas have
         * acknowledged it; when fewer do, the lease is released again and acquiring fails with
         * {@link LockNotReplicatedException}. Default: off.
         *
         * <p>What it buys: a failover that promotes one of the acknowledging replicas keeps the lock, so the same
         * lock is not handed out twice because the new master never saw it. What it does not: Redis replication
         * stays asynchronous and {@code WAIT} is not consensus. A failover may still promote a replica that did not
         * acknowledge (Sentinel and Cluster do not choose by acknowledgement), a master restarting without
         * persistence forgets every lock, and replicas lose writes when a partition heals. It costs a second round
         * trip per acquisition, and {@code WAIT} holds the connection it runs on until the replicas answer, which
         * delays every command pipelined behind it: give the lock factory a connection of its own. When two holders
         * at once must be impossible rather than unlikely, use a consensus store (etcd, ZooKeeper) for the lock, and
         * keep fencing at the resource either way: fencing tokens are what make a late holder harmless.
         *
         * @param replicas how many replicas must acknowledge, at least 1
         * @param timeout  how long to wait for them, at least 1 ms
         * @throws IllegalArgumentException if {@code replicas} is under 1 or the timeout under 1 ms
         */
        public Builder replicas(int replicas, Duration timeout) {
            Arguments.requirePositive("replicas", replicas);
            this.replicationTimeout = requireMillis("timeout", timeout);
            this.replicas = replicas;
            return this;
        }

        /**
         * The options.
         *
         * @throws IllegalArgumentException if the watchdog is on with a lease under 30 ms (it would have to extend
         *                                  more often than every 10 ms)
         */
        public FencedLockOptions build() {
            if (watchdog && leaseTime.compareTo(MIN_WATCHDOG_LEASE) < 0) {
                throw new IllegalArgumentException("leaseTime must be >= " + MIN_WATCHDOG_LEASE
                        + " with the watchdog on, was " + leaseTime);
            }
            return new FencedLockOptions(this);
        }

        static Duration requireMillis(String name, Duration value) {
            Arguments.requirePositive(name, value);
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException(name + " must be >= 1 ms (Redis counts in milliseconds), was "
                        + value);
            }
            return value;
        }
    }
}
