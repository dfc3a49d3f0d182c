package io.github.primkit.lock.internal;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The factory's one subscription: {@code PSUBSCRIBE {ns:*}:lock} (a lock's release channel is named like its key) on
 * the pub/sub connection it was given, made when the first waiter needs it. Lettuce re-subscribes after a reconnect;
 * messages published while the connection was down are lost, which the waiters' fallback poll covers.
 */
final class ReleaseNotifications extends RedisPubSubAdapter<String, String> {
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final String pattern;
    private final RedisFencedLocks locks;
    private CompletableFuture<Void> subscribed;
    private boolean closed;

    ReleaseNotifications(StatefulRedisPubSubConnection<String, String> connection, String pattern,
            RedisFencedLocks locks) {
        this.connection = connection;
        this.pattern = pattern;
        this.locks = locks;
    }

    /** Completes once the subscription is confirmed; a failed attempt is retried by the next call. */
    synchronized CompletionStage<Void> subscribe() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (subscribed == null || subscribed.isCompletedExceptionally()) {
            if (subscribed == null) {
                connection.addListener(this);
            }
            subscribed = connection.async().psubscribe(pattern).toCompletableFuture();
        }
        return subscribed;
    }

    @Override
    public void message(String pattern, String channel, String message) {
        if (this.pattern.equals(pattern)) {
            locks.released(channel, message == null ? "" : message);
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (subscribed != null) {
            connection.removeListener(this);
            connection.async().punsubscribe(pattern);
        }
    }
}
