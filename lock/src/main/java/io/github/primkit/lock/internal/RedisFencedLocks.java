package io.github.primkit.lock.internal;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.FencedLock;
import io.github.primkit.lock.FencedLockOptions;
import io.github.primkit.lock.FencedLocks;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The lock factory.
 *
 * <p><b>Design.</b> A lock is two keys in one hash tag: {@code {ns:name}:lock}, whose value is the holder's owner id
 * (unique per lease: see {@link #newOwnerId()}) and whose TTL is the lease, and {@code {ns:name}:fence}, a counter without TTL that
 * {@code acquire.lua} increments in the same script that takes the lock, so a token is issued exactly when a lease
 * begins and tokens only grow, across expiry and release. Release and extension compare the owner id, so a lease can
 * only ever release or extend itself ({@code release.lua}, {@code extend.lua}). Ownership is the id, not a thread.
 *
 * <p><b>Round trips and commands.</b> Uncontended: acquire = EVALSHA + SET + INCR, release = EVALSHA + GET + DEL; one
 * round trip each. Release publishes only when a waiter marked the lock ({@code |w} appended to the value), so the
 * notification costs nothing when nobody waits.
 *
 * <p><b>Waiting.</b> Waiters of one process queue per lock name ({@link Waiter}); the factory's single pattern
 * subscription ({@link ReleaseNotifications}) wakes the oldest of them on a release, and each waiter also polls after
 * a jittered interval bounded by the lock's remaining TTL and the poll interval, which covers crashed holders and lost
 * messages. Fairness across processes: a waiter that has waited {@code priorityAfter} claims the next turn
 * ({@code |n:<id>}); the release then turns the lock into a short reservation ({@code r:<id>}) that only that waiter
 * can take, so newcomers cannot overtake it, and a claim by a waiter that died lapses after the hand-off time.
 *
 * <p><b>Hand-off within a process.</b> A lease released while a waiter of the same factory waits for that lock (idle,
 * between attempts) hands it over directly ({@code handoff.lua}: EVALSHA + GET + SET + INCR, one round trip): the
 * lock goes from the releasing lease to the oldest such waiter with its new token, with no moment where it is free,
 * so threads of one process take a contended lock in arrival order and a newcomer cannot overtake them, and a
 * contended release + acquire costs one round trip instead of three. A claim of the next turn by another process's
 * waiter is respected (the lock is reserved for it as above). Not used when leases wait for replicas.
 *
 * <p><b>Failure modes.</b> Redis unreachable: the call fails with RedisUnavailableException; a lease granted on the
 * server whose reply was lost expires after its lease time. A stalled holder: its lease expires, the next holder gets
 * a greater token, and the resource's fencing check refuses the stalled one's writes.
 */
public final class RedisFencedLocks implements FencedLocks {
    static final LuaScript ACQUIRE = LuaScript.fromResource(RedisFencedLocks.class, "acquire.lua");
    static final LuaScript RELEASE = LuaScript.fromResource(RedisFencedLocks.class, "release.lua");
    static final LuaScript EXTEND = LuaScript.fromResource(RedisFencedLocks.class, "extend.lua");
    static final LuaScript HANDOFF = LuaScript.fromResource(RedisFencedLocks.class, "handoff.lua");
    private static final Duration HANDOFF_MARGIN = Duration.ofMillis(50);
    private static final AtomicInteger FACTORIES = new AtomicInteger();

    final PrimkitConnection<String, String> redis;
    final FencedLockOptions options;
    final ScheduledThreadPoolExecutor scheduler;
    final ReleaseNotifications notifications;
    final String handoffMillis;
    private final ConcurrentHashMap<String, ConcurrentLinkedDeque<Waiter>> queues = new ConcurrentHashMap<>();
    private final Set<RedisLockLease> watched = ConcurrentHashMap.newKeySet();
    private final String ownerPrefix;
    private final AtomicLong leases = new AtomicLong();
    private volatile boolean closed;

    public RedisFencedLocks(PrimkitConnection<String, String> redis,
            StatefulRedisPubSubConnection<String, String> pubSub, FencedLockOptions options) {
        this.redis = redis;
        this.options = options;
        this.handoffMillis = Long.toString(options.pollInterval().plus(HANDOFF_MARGIN).toMillis());
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.ownerPrefix = HexFormat.of().formatHex(random) + '-';
        int id = FACTORIES.incrementAndGet();
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "primkit-lock-" + id);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.setRemoveOnCancelPolicy(true);
        this.notifications = pubSub == null ? null
                : new ReleaseNotifications(pubSub, releaseChannelPattern(options.namespace().name()), this);
    }

    /**
     * A lock's release channel is named like its key, {@code {ns:<name>}:lock} (channels and keys are separate name
     * spaces, and the scripts then need no channel argument); the pattern matches them all, with ns's glob characters
     * escaped.
     */
    static String releaseChannelPattern(String namespace) {
        StringBuilder pattern = new StringBuilder("{");
        for (int i = 0; i < namespace.length(); i++) {
            char c = namespace.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append(":*}:lock").toString();
    }

    @Override
    public FencedLock lock(String name) {
        return lock(name, options.leaseTime());
    }

    @Override
    public FencedLock lock(String name, Duration leaseTime) {
        Arguments.requireNonBlank("name", name);
        Arguments.requirePositive("leaseTime", leaseTime);
        if (leaseTime.toMillis() < 1) {
            throw new IllegalArgumentException("leaseTime must be >= 1 ms (Redis counts in milliseconds), was "
                    + leaseTime);
        }
        checkOpen();
        return new RedisFencedLock(this, name, leaseTime);
    }

    @Override
    public FencedLockOptions options() {
        return options;
    }

    /**
     * A new owner id: 128 random bits drawn once per factory, and a counter. Unique across processes and factories
     * without asking the random source for every lease.
     */
    String newOwnerId() {
        return ownerPrefix + Long.toHexString(leases.incrementAndGet());
    }

    /** Whether a waiter of this process waits for the lock whose release channel is {@code channel}. */
    boolean hasWaiters(String channel) {
        return queues.containsKey(channel);
    }

    void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this FencedLocks factory is closed");
        }
    }

    boolean isClosed() {
        return closed;
    }

    void register(Waiter waiter) {
        queues.compute(waiter.lock.channel, (channel, queue) -> {
            ConcurrentLinkedDeque<Waiter> q = queue == null ? new ConcurrentLinkedDeque<>() : queue;
            q.addLast(waiter);
            return q;
        });
        if (closed) {
            waiter.result.cancel(false);
        }
    }

    void unregister(Waiter waiter) {
        queues.computeIfPresent(waiter.lock.channel, (channel, queue) -> {
            queue.remove(waiter);
            return queue.isEmpty() ? null : queue;
        });
    }

    /**
     * The oldest waiter of this process for the lock whose release channel is {@code channel} that is idle (no attempt
     * in flight), claimed for a hand-off by a releasing lease; null when there is none, or when leases must wait for
     * replicas (the waiter's WAIT must run on the connection that wrote its lock).
     */
    Waiter claimWaiterForHandOff(String channel) {
        ConcurrentLinkedDeque<Waiter> queue = queues.get(channel);
        if (queue == null || closed || options.replicas() > 0) {
            return null;
        }
        for (Waiter waiter : queue) {
            if (waiter.claimForHandOff()) {
                return waiter;
            }
        }
        return null;
    }

    /** How many waiters of this process wait for lock {@code name} between attempts (tests await this). */
    int idleWaiters(String name) {
        ConcurrentLinkedDeque<Waiter> queue = queues.get(options.namespace().group(name).key("lock"));
        return queue == null ? 0 : (int) queue.stream().filter(Waiter::isIdle).count();
    }

    /** Whether another waiter of this process waits for the same lock. */
    boolean othersWaiting(Waiter waiter) {
        ConcurrentLinkedDeque<Waiter> queue = queues.get(waiter.lock.channel);
        if (queue == null) {
            return false;
        }
        for (Waiter other : queue) {
            if (other != waiter) {
                return true;
            }
        }
        return false;
    }

    /**
     * A release was published on {@code channel}: wake the waiter the lock was handed to if it is ours, or, when the
     * lock is free for anyone, our oldest waiter (the others stay asleep: only one can win, and the winner's lock
     * keeps the waiters' mark, so its release wakes the next).
     */
    void released(String channel, String handedTo) {
        ConcurrentLinkedDeque<Waiter> queue = queues.get(channel);
        if (queue == null) {
            return;
        }
        for (Waiter waiter : queue) {
            if ((handedTo.isEmpty() || waiter.owner.equals(handedTo)) && waiter.wake()) {
                return;
            }
        }
    }

    void watch(RedisLockLease lease) {
        watched.add(lease);
        if (closed) {
            lease.stopWatchdog();
        }
    }

    void unwatch(RedisLockLease lease) {
        watched.remove(lease);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ConcurrentLinkedDeque<Waiter> queue : queues.values()) {
            for (Waiter waiter : queue) {
                waiter.result.cancel(false);
            }
        }
        for (RedisLockLease lease : watched) {
            lease.stopWatchdog();
        }
        if (notifications != null) {
            notifications.close();
        }
        scheduler.shutdownNow();
    }

    @Override
    public String toString() {
        return "FencedLocks[" + options + ", notifications=" + (notifications != null) + "]";
    }
}
