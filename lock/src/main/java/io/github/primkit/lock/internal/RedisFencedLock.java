package io.github.primkit.lock.internal;

import io.github.primkit.core.Arguments;
import io.github.primkit.core.KeyGroup;
import io.github.primkit.core.LuaScript;
import io.github.primkit.core.PrimkitException;
import io.github.primkit.core.RedisFutures;
import io.github.primkit.core.RedisUnavailableException;
import io.github.primkit.lock.FencedLock;
import io.github.primkit.lock.LockLease;
import io.github.primkit.lock.LockNotReplicatedException;
import io.github.primkit.lock.LockTimeoutException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One lock name: its keys, and the acquire paths. Stateless beyond its configuration. */
final class RedisFencedLock implements FencedLock {
    final RedisFencedLocks factory;
    final String name;
    final Duration leaseTime;
    final String leaseMillis;
    final KeyGroup group;
    final String channel;
    final String[] lockKeys;
    final String[] lockKeyOnly;

    RedisFencedLock(RedisFencedLocks factory, String name, Duration leaseTime) {
        this.factory = factory;
        this.name = name;
        this.leaseTime = leaseTime;
        this.leaseMillis = Long.toString(leaseTime.toMillis());
        this.group = factory.options.namespace().group(name);
        this.lockKeys = new String[] {group.key("lock"), group.key("fence")};
        this.lockKeyOnly = new String[] {lockKeys[0]};
        this.channel = lockKeys[0]; // the lock key's name is also its release channel
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Duration leaseTime() {
        return leaseTime;
    }

    @Override
    public Optional<LockLease> tryAcquire() {
        if (factory.options.replicas() > 0) {
            return RedisFutures.await(tryAcquireAsync(), callTimeout());
        }
        factory.checkOpen();
        String owner = factory.newOwnerId();
        long sent = System.nanoTime();
        try {
            long token = attemptHere(owner, "0", false, sent);
            return token > 0 ? Optional.of(grantHere(owner, token, sent)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PrimkitException("interrupted while waiting for Redis", e);
        }
    }

    @Override
    public Optional<LockLease> tryAcquire(Duration wait) throws InterruptedException {
        Arguments.requireNonNegative("wait", wait);
        if (wait.isZero()) {
            return tryAcquire();
        }
        if (factory.options.replicas() > 0) {
            return awaitInterruptibly(tryAcquireAsync(wait).toCompletableFuture(), wait);
        }
        // The first attempt is waited for on this thread (most acquisitions find the lock free); only a lock found
        // held makes a Waiter, which waits asynchronously.
        factory.checkOpen();
        String owner = factory.newOwnerId();
        long start = System.nanoTime();
        long reply = attemptHere(owner, "1", factory.hasWaiters(channel), start);
        if (reply > 0) {
            return Optional.of(grantHere(owner, reply, start));
        }
        CompletableFuture<Optional<LockLease>> result = new CompletableFuture<>();
        new Waiter(this, owner, start, wait, result).startAfterFailedAttempt(reply, start);
        return awaitInterruptibly(result, wait);
    }

    /**
     * Runs acquire.lua and waits for its reply on the calling thread. If the wait ends early (interrupt, timeout) the
     * lock may still be granted afterwards: that lease is released as soon as its reply arrives.
     */
    private long attemptHere(String owner, String mode, boolean othersWaiting, long sentNanos)
            throws InterruptedException {
        LuaScript.Call<Long> call = RedisFencedLocks.ACQUIRE.send(factory.redis, ScriptOutputType.INTEGER,
                lockKeys, acquireArgs(owner, mode, othersWaiting));
        try {
            return call.await(callTimeout());
        } catch (InterruptedException | RuntimeException e) {
            call.reply().thenAccept(token -> {
                if (token > 0) {
                    new RedisLockLease(this, owner, token, sentNanos).releaseAsync();
                }
            });
            throw e;
        }
    }

    /** {@link #grant} without replicas to wait for: the lease, its watchdog started if enabled. */
    private LockLease grantHere(String owner, long token, long sentNanos) {
        RedisLockLease lease = new RedisLockLease(this, owner, token, sentNanos);
        lease.startWatchdogIfEnabled();
        return lease;
    }

    @Override
    public LockLease acquire() throws InterruptedException {
        Duration timeout = factory.options.acquireTimeout();
        return tryAcquire(timeout).orElseThrow(() -> new LockTimeoutException(name, timeout));
    }

    @Override
    public CompletionStage<Optional<LockLease>> tryAcquireAsync() {
        factory.checkOpen();
        String owner = factory.newOwnerId();
        long sent = System.nanoTime();
        return attempt(owner, "0", false).thenCompose(token -> token > 0
                ? grant(owner, token, sent).thenApply(Optional::of)
                : CompletableFuture.completedFuture(Optional.empty()));
    }

    @Override
    public CompletionStage<Optional<LockLease>> tryAcquireAsync(Duration wait) {
        Arguments.requireNonNegative("wait", wait);
        if (wait.isZero()) {
            return tryAcquireAsync();
        }
        factory.checkOpen();
        String owner = factory.newOwnerId();
        long start = System.nanoTime();
        CompletableFuture<Optional<LockLease>> result = new CompletableFuture<>();
        // The first attempt needs no waiter: most acquisitions find the lock free.
        attempt(owner, "1", factory.hasWaiters(channel)).whenComplete((reply, error) -> {
            if (error != null) {
                result.completeExceptionally(RedisFutures.translate(error));
            } else if (reply > 0) {
                grant(owner, reply, start).whenComplete((lease, grantError) -> {
                    if (grantError != null) {
                        result.completeExceptionally(RedisFutures.translate(grantError));
                    } else if (!result.complete(Optional.of(lease))) {
                        lease.releaseAsync();
                    }
                });
            } else if (!result.isDone()) {
                new Waiter(this, owner, start, wait, result).startAfterFailedAttempt(reply, start);
            }
        });
        return result;
    }

    @Override
    public CompletionStage<LockLease> acquireAsync() {
        Duration timeout = factory.options.acquireTimeout();
        CompletableFuture<Optional<LockLease>> waiting = tryAcquireAsync(timeout).toCompletableFuture();
        CompletableFuture<LockLease> result = new CompletableFuture<>();
        waiting.whenComplete((lease, error) -> {
            if (error != null) {
                result.completeExceptionally(error instanceof java.util.concurrent.CompletionException
                        && error.getCause() != null ? error.getCause() : error);
            } else if (lease.isPresent()) {
                if (!result.complete(lease.get())) {
                    lease.get().releaseAsync();
                }
            } else {
                result.completeExceptionally(new LockTimeoutException(name, timeout));
            }
        });
        result.whenComplete((lease, error) -> {
            if (result.isCancelled()) {
                waiting.cancel(false);
            }
        });
        return result;
    }

    /** Runs acquire.lua; the reply is the token (> 0), 0, or -(the lock's remaining TTL in ms). */
    CompletionStage<Long> attempt(String owner, String mode, boolean othersWaiting) {
        String[] args = acquireArgs(owner, mode, othersWaiting);
        if (factory.options.replicas() > 0 && factory.redis.isCluster()) {
            // WAIT covers the writes of the connection it runs on: run the script on the node connection too.
            return nodeConnection().thenCompose(node -> RedisFencedLocks.ACQUIRE.<String, String, Long>executeAsync(
                    node.async(), ScriptOutputType.INTEGER, lockKeys, args));
        }
        return RedisFencedLocks.ACQUIRE.executeAsync(factory.redis.async(), ScriptOutputType.INTEGER, lockKeys, args);
    }

    /** acquire.lua's ARGV, without the trailing defaults ('0' mode, no others waiting) the script assumes. */
    private String[] acquireArgs(String owner, String mode, boolean othersWaiting) {
        if (othersWaiting) {
            return new String[] {owner, leaseMillis, mode, "1"};
        }
        return mode.equals("0") ? new String[] {owner, leaseMillis} : new String[] {owner, leaseMillis, mode};
    }

    /** Turns a granted token into a lease: after WAIT, when replicas must acknowledge it. */
    CompletionStage<LockLease> grant(String owner, long token, long sentNanos) {
        int replicas = factory.options.replicas();
        if (replicas == 0) {
            return CompletableFuture.completedFuture(grantHere(owner, token, sentNanos));
        }
        RedisLockLease lease = new RedisLockLease(this, owner, token, sentNanos);
        Duration timeout = factory.options.replicationTimeout();
        CompletionStage<RedisClusterAsyncCommands<String, String>> commands = factory.redis.isCluster()
                ? nodeConnection().thenApply(StatefulRedisConnection::async)
                : CompletableFuture.completedFuture(factory.redis.async());
        return commands.thenCompose(redis -> redis.waitForReplication(replicas, timeout.toMillis()))
                .exceptionally(error -> {
                    throw RedisFutures.translate(error);
                })
                .thenCompose(acknowledged -> {
                    if (acknowledged >= replicas) {
                        lease.startWatchdogIfEnabled();
                        return CompletableFuture.completedFuture(lease);
                    }
                    return lease.releaseAsync().handle((outcome, error) -> {
                        throw new LockNotReplicatedException(name, acknowledged, replicas, timeout);
                    });
                });
    }

    private CompletionStage<StatefulRedisConnection<String, String>> nodeConnection() {
        @SuppressWarnings("unchecked")
        StatefulRedisClusterConnection<String, String> cluster =
                (StatefulRedisClusterConnection<String, String>) factory.redis.stateful();
        String nodeId = cluster.getPartitions().getPartitionBySlot(group.slot()).getNodeId();
        return cluster.getConnectionAsync(nodeId);
    }

    Duration callTimeout() {
        return factory.redis.timeout().plus(factory.options.replicationTimeout()).plusSeconds(1);
    }

    private <T> T awaitInterruptibly(CompletableFuture<T> result, Duration wait) throws InterruptedException {
        Duration bound = wait.plus(callTimeout()).plus(callTimeout());
        try {
            return result.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            result.cancel(false);
            throw e;
        } catch (TimeoutException e) {
            result.cancel(false);
            throw new RedisUnavailableException("no answer from Redis while waiting " + bound + " for lock \""
                    + name + "\"", e);
        } catch (ExecutionException e) {
            throw RedisFutures.translate(e);
        }
    }

    @Override
    public String toString() {
        return "FencedLock[" + name + ", keys " + lockKeys[0] + ", " + lockKeys[1] + "]";
    }
}
