package io.github.primkit.lock;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.internal.RedisFencedLocks;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/**
 * The factory of {@link FencedLock}s: configured once ({@link FencedLockOptions}), shared by the whole application.
 *
 * <pre>{@code
 * FencedLocks locks = FencedLocks.create(PrimkitConnection.of(client.connect()), client.connectPubSub(),
 *         FencedLockOptions.builder().namespace("checkout").leaseTime(Duration.ofSeconds(10)).build());
 * try (LockLease lease = locks.lock("cart-42").acquire()) {
 *     store.placeHold("cart-42", lease.token());    // the store refuses tokens older than the newest it saw
 * }
 * }</pre>
 *
 * <p><b>Release notifications.</b> Given a pub/sub connection, the factory subscribes once, with one pattern, to the
 * release channels of its namespace; a waiter then retries as soon as the lock it waits for is released, and polls
 * only as a fallback ({@link FencedLockOptions#pollInterval()}). Without one, waiters poll. A Cluster pub/sub
 * connection ({@code RedisClusterClient.connectPubSub()}) works too: Redis Cluster forwards every {@code PUBLISH} to
 * all nodes. The factory never closes the connections it was given. Two factories with the same namespace should not
 * share one pub/sub connection (closing one would end the other's subscription).
 *
 * <p>Thread-safe. {@link #close()} stops watchdogs and waiters and unsubscribes; it does not release held leases
 * (they expire after their lease time).
 */
public interface FencedLocks extends AutoCloseable {
    /** A factory whose waiters poll (no release notifications). */
    static FencedLocks create(PrimkitConnection<String, String> redis, FencedLockOptions options) {
        Arguments.requireNonNull("redis", redis);
        Arguments.requireNonNull("options", options);
        return new RedisFencedLocks(redis, null, options);
    }

    /**
     * A factory whose waiters are woken by release notifications on {@code releaseNotifications}, a pub/sub
     * connection the factory may subscribe on (it adds its own listener and leaves other subscriptions alone).
     */
    static FencedLocks create(PrimkitConnection<String, String> redis,
            StatefulRedisPubSubConnection<String, String> releaseNotifications, FencedLockOptions options) {
        Arguments.requireNonNull("redis", redis);
        Arguments.requireNonNull("releaseNotifications", releaseNotifications);
        Arguments.requireNonNull("options", options);
        return new RedisFencedLocks(redis, releaseNotifications, options);
    }

    /**
     * The lock called {@code name}, with the factory's lease time. Cheap: the lock holds no state of its own, so
     * calling this for every use is fine.
     *
     * @throws IllegalArgumentException if the name is blank
     */
    FencedLock lock(String name);

    /**
     * The lock called {@code name}, whose leases last {@code leaseTime}.
     *
     * @throws IllegalArgumentException if the name is blank or the lease time under 1 ms
     */
    FencedLock lock(String name, Duration leaseTime);

    /** The options the factory was created with. */
    FencedLockOptions options();

    /**
     * Stops watchdogs, fails pending waits with {@link java.util.concurrent.CancellationException}, and removes the
     * factory's subscription. Held leases stay on the server until they expire. Idempotent.
     */
    @Override
    void close();
}
