package io.github.primkit.examples;

import io.github.primkit.core.PrimkitConnection;
import io.github.primkit.lock.FencedLock;
import io.github.primkit.lock.FencedLockOptions;
import io.github.primkit.lock.FencedLocks;
import io.github.primkit.lock.FencedWrite;
import io.github.primkit.lock.FencingGuard;
import io.github.primkit.lock.LeaseLostException;
import io.github.primkit.lock.LockLease;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A "checkout hold" guarded by a fenced lock: two checkout workers race to put the last unit of a product on hold for
 * their cart. Worker A gets the lock, then stalls (a long GC pause, say) past its lease; worker B gets the lock with a
 * greater token and places its hold; A wakes up and tries to write its hold anyway. The store refuses A's write
 * because its token is older than the newest it accepted. Without fencing, A would silently overwrite B's hold.
 *
 * <p>The store is shown twice: a toy SQL-style table applying the fencing recipe ({@link ToyHoldStore}), and the same
 * data in Redis behind {@link FencingGuard}.
 *
 * <pre>
 *   java ... io.github.primkit.examples.CheckoutHold redis://127.0.0.1:6379
 * </pre>
 */
public final class CheckoutHold {
    /** The SQL recipe the toy store applies: the fence check is part of the write, so both are atomic. */
    static final String FENCED_UPDATE = "UPDATE holds SET cart = ?, fence = ? WHERE sku = ? AND fence <= ?";

    private final PrimkitConnection<String, String> redis;
    private final PrintStream out;

    CheckoutHold(PrimkitConnection<String, String> redis, PrintStream out) {
        this.redis = redis;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        RedisClient client = RedisClient.create(args.length > 0 ? args[0] : "redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            new CheckoutHold(PrimkitConnection.of(connection), System.out).run("primkit-example:checkout");
        } finally {
            client.shutdown();
        }
    }

    /** Runs the story under {@code namespace}; deletes the keys it wrote. */
    void run(String namespace) throws InterruptedException {
        String sku = "sku-1";
        String redisHold = "{" + namespace + ":holds}:" + sku;
        ToyHoldStore store = new ToyHoldStore();
        FencingGuard guard = FencingGuard.create(redis);
        Duration lease = Duration.ofMillis(200);
        try (FencedLocks locks = FencedLocks.create(redis, FencedLockOptions.builder().namespace(namespace)
                .leaseTime(lease).acquireTimeout(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).build())) {
            FencedLock lock = locks.lock(sku); // worker A's short lease, to make the story quick
            FencedLock patientLock = locks.lock(sku, Duration.ofSeconds(10)); // the same lock; B's leases are long

            LockLease workerA = lock.acquire();
            out.println("  worker A holds lock \"" + sku + "\" with token " + workerA.token() + " (lease " + lease
                    .toMillis() + " ms), then stalls for 400 ms...");
            Thread.sleep(400); // the stall: A's lease runs out meanwhile (this is the fault, not synchronisation)

            try (LockLease workerB = patientLock.acquire()) {
                out.println("  worker B holds lock \"" + sku + "\" with token " + workerB.token()
                        + "; places its hold for cart-B");
                store.placeHold(sku, "cart-B", workerB.token());
                guard.hset(redisHold, Map.of("cart", "cart-B"), workerB.token());

                out.println("  worker A wakes up (lease still valid? " + workerA.isValid()
                        + ") and writes its hold for cart-A with token " + workerA.token() + ":");
                boolean sqlAccepted = store.placeHold(sku, "cart-A", workerA.token());
                out.println("    toy SQL store: " + FENCED_UPDATE + " -> " + (sqlAccepted ? "1 row: accepted"
                        : "0 rows: stale write refused"));
                FencedWrite redisWrite = guard.hset(redisHold, Map.of("cart", "cart-A"), workerA.token());
                out.println("    Redis FencingGuard.hset -> " + (redisWrite.accepted() ? "accepted"
                        : "stale write refused (highest token " + redisWrite.highestToken() + ")"));
            }
            try {
                workerA.close();
            } catch (LeaseLostException lost) {
                out.println("  worker A's release reports " + lost.outcome() + ": its lease had run out");
            }
            out.println("  the hold belongs to " + store.holder(sku) + " in the toy store and to "
                    + redis.sync().hget(redisHold, "cart") + " in Redis");
        } finally {
            redis.sync().del(redisHold);
            redis.sync().del(FencingGuard.fenceKeyOf(redisHold));
            redis.sync().del("{" + namespace + ":" + sku + "}:fence"); // a demo's clean-up: real code keeps it
        }
    }

    /**
     * A stand-in for a database table {@code holds(sku, cart, fence)} that applies {@link #FENCED_UPDATE}: a write is
     * applied only if its token is at least the {@code fence} stored in the row, atomically with the write.
     */
    static final class ToyHoldStore {
        private record Row(String cart, long fence) {
        }

        private final Map<String, Row> rows = new HashMap<>();

        /** {@code UPDATE holds SET cart = ?, fence = ? WHERE sku = ? AND fence <= ?}; true if one row changed. */
        synchronized boolean placeHold(String sku, String cart, long token) {
            Row row = rows.getOrDefault(sku, new Row(null, 0));
            if (row.fence() > token) {
                return false;
            }
            rows.put(sku, new Row(cart, token));
            return true;
        }

        synchronized String holder(String sku) {
            Row row = rows.get(sku);
            return row == null ? null : row.cart();
        }
    }
}
