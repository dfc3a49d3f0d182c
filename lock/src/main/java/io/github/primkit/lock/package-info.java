/**
 * A distributed lock on Redis with <b>fencing tokens</b>, and the guard that makes a protected resource reject stale
 * writers.
 *
 * <p>Start with {@link io.github.primkit.lock.FencedLocks#create FencedLocks.create}: a factory configured once
 * ({@link io.github.primkit.lock.FencedLockOptions}: namespace, lease, acquire timeout, watchdog; plus an optional
 * pub/sub connection for release notifications) hands out a {@link io.github.primkit.lock.FencedLock} per name;
 * acquiring one yields a {@link io.github.primkit.lock.LockLease} that carries a {@code token()} strictly greater than
 * every token issued before for that name. Pass the token with every write to the protected resource and let the
 * resource refuse tokens older than the newest it has seen: {@link io.github.primkit.lock.FencingGuard} does that for
 * data kept in Redis, and its Javadoc shows the same check in SQL.
 */
package io.github.primkit.lock;
