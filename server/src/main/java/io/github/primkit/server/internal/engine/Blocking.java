package io.github.primkit.server.internal.engine;

import io.github.primkit.server.internal.protocol.Reply;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients blocked on keys (BLPOP, BRPOP, BLMOVE, ...). Each waits in a FIFO queue per key; after every command the
 * engine serves keys that received data, oldest waiter first, until the data runs out; a timeout, scheduled on the
 * event loop, answers the waiter with its command's timeout reply. No polling, no sleeping.
 */
public final class Blocking {
    /** What a blocked command does when a key it waits on becomes ready, and when its time runs out. */
    public interface Waiter {
        /** Tries to serve the client now; writes the reply and returns true if it could. */
        boolean tryServe(Context context);

        /** Writes the reply for a timeout (usually a null array). */
        void timeout(Reply reply);

        /**
         * Stream readers are re-run like Redis re-executes a woken command: every waiter of a ready key gets its turn
         * (not only the oldest ones until the data runs out), and one that finds nothing blocks again at the back of
         * each queue it waits in, keeping its deadline. List waiters keep the default: served oldest first.
         */
        default boolean requeueWhenNotServed() {
            return false;
        }

        /** For requeueing waiters: whether the ready key's current value is one this waiter is re-run for. */
        default boolean wakes(Context context, byte[] key) {
            return true;
        }

        /** Whether the waiter is also woken when its key is deleted or replaced by a value of another type. */
        default boolean wakesOnKeyLoss() {
            return false;
        }
    }

    /** One blocked client. */
    static final class Blocked {
        final Client client;
        final int db;
        final List<Bytes> keys;
        final Waiter waiter;
        final byte[][] args;
        final CommandSpec command;
        Runnable cancelTimeout = () -> { };

        Blocked(Client client, int db, List<Bytes> keys, Waiter waiter, byte[][] args, CommandSpec command) {
            this.client = client;
            this.db = db;
            this.keys = keys;
            this.waiter = waiter;
            this.args = args;
            this.command = command;
        }
    }

    private record DbKey(int db, Bytes key) {
    }

    private final Engine engine;
    private final Map<DbKey, ArrayDeque<Blocked>> waiting = new HashMap<>();
    private final LinkedHashSet<DbKey> ready = new LinkedHashSet<>();
    private int blockedClients;
    /** Blocked clients whose waiter {@link Waiter#wakesOnKeyLoss() wakes on key loss}. */
    private int keyLossWaiters;

    Blocking(Engine engine) {
        this.engine = engine;
    }

    public int blockedClients() {
        return blockedClients;
    }

    /** Keys that have at least one waiter (no queue outlives its last waiter). */
    int waitingKeys() {
        return waiting.size();
    }

    void block(Context context, byte[][] keys, long timeoutMillis, Waiter waiter) {
        Client client = context.client;
        List<Bytes> distinct = new ArrayList<>();
        for (byte[] key : keys) {
            Bytes k = new Bytes(key);
            if (!distinct.contains(k)) {
                distinct.add(k);
            }
        }
        Blocked blocked = new Blocked(client, client.db, distinct, waiter, context.args, context.command);
        for (Bytes key : distinct) {
            waiting.computeIfAbsent(new DbKey(client.db, key), k -> new ArrayDeque<>()).addLast(blocked);
        }
        client.blocked = blocked;
        blockedClients++;
        if (waiter.wakesOnKeyLoss()) {
            keyLossWaiters++;
        }
        if (timeoutMillis > 0) {
            blocked.cancelTimeout = engine.scheduler().schedule(() -> timedOut(blocked), timeoutMillis);
        }
    }

    /** Notes that {@code key} received data, if anyone waits for it. */
    void markReady(int db, byte[] key) {
        if (!waiting.isEmpty()) {
            DbKey k = new DbKey(db, new Bytes(key));
            if (waiting.containsKey(k)) {
                ready.add(k);
            }
        }
    }

    /**
     * Notes that {@code key} was changed; if it no longer holds a value of the type a {@link Waiter#wakesOnKeyLoss}
     * waiter reads (deleted, or replaced), the key is ready for them (XREADGROUP then answers an error, as in Redis).
     */
    void markChanged(int db, byte[] key, Class<?> keptType) {
        if (keyLossWaiters > 0) {
            DbKey k = new DbKey(db, new Bytes(key));
            if (waiting.containsKey(k) && !keptType.isInstance(engine.database(db).get(key, Long.MIN_VALUE))) {
                for (Blocked blocked : waiting.get(k)) {
                    if (blocked.waiter.wakesOnKeyLoss()) {
                        ready.add(k);
                        return;
                    }
                }
            }
        }
    }

    /**
     * Serves waiters of keys that became ready, in arrival order: list waiters oldest first until the data runs out;
     * stream waiters each re-run once (see {@link Waiter#requeueWhenNotServed}).
     */
    void serveReady() {
        while (!ready.isEmpty()) {
            Iterator<DbKey> it = ready.iterator();
            DbKey key = it.next();
            it.remove();
            ArrayDeque<Blocked> queue = waiting.get(key);
            if (queue == null) {
                continue;
            }
            for (Blocked blocked : new ArrayList<>(queue)) {
                if (blocked.client.blocked != blocked) {
                    continue; // served or gone meanwhile
                }
                boolean requeue = blocked.waiter.requeueWhenNotServed();
                if (requeue && !blocked.waiter.wakes(engine.contextFor(blocked.client, blocked.args, blocked.command),
                        key.key().value)) {
                    continue;
                }
                if (!serve(blocked)) {
                    if (!requeue) {
                        break;
                    }
                    toBack(blocked);
                    continue;
                }
                unblock(blocked);
                blocked.client.channel().flushLater();
                blocked.client.channel().resumeInput();
            }
        }
    }

    /** Moves a waiter to the back of every queue it waits in (it blocked again, as a re-executed command does). */
    private void toBack(Blocked blocked) {
        for (Bytes key : blocked.keys) {
            ArrayDeque<Blocked> queue = waiting.get(new DbKey(blocked.db, key));
            if (queue != null && queue.remove(blocked)) {
                queue.addLast(blocked);
            }
        }
    }

    /**
     * Re-runs a waiter's command. An error it raises (BLMOVE to a key of another type, say) is its reply, as when
     * Redis re-executes a blocked command: the client is served with it and leaves the queue.
     */
    private boolean serve(Blocked blocked) {
        Context context = engine.contextFor(blocked.client, blocked.args, blocked.command);
        int mark = Engine.replyMark(context.reply);
        try {
            return blocked.waiter.tryServe(context);
        } catch (CommandException e) {
            Engine.rewind(context.reply, mark);
            engine.error(context.reply, e.getMessage());
            return true;
        } catch (RuntimeException e) {
            Engine.rewind(context.reply, mark);
            engine.log("internal error serving blocked '" + blocked.command.fullName() + "': " + e);
            engine.error(context.reply, "ERR internal error executing '" + blocked.command.fullName() + "': "
                    + e.getClass().getSimpleName());
            return true;
        }
    }

    private void timedOut(Blocked blocked) {
        if (blocked.client.blocked != blocked) {
            return;
        }
        unblock(blocked);
        blocked.waiter.timeout(blocked.client.reply());
        blocked.client.channel().flushLater();
        blocked.client.channel().resumeInput();
    }

    /** Removes a client from every queue it waits in (served, timed out, or disconnected). */
    void unblock(Blocked blocked) {
        blocked.cancelTimeout.run();
        for (Bytes key : blocked.keys) {
            DbKey k = new DbKey(blocked.db, key);
            ArrayDeque<Blocked> queue = waiting.get(k);
            if (queue != null) {
                queue.remove(blocked);
                if (queue.isEmpty()) {
                    waiting.remove(k);
                }
            }
        }
        if (blocked.client.blocked == blocked) {
            blocked.client.blocked = null;
            blockedClients--;
            if (blocked.waiter.wakesOnKeyLoss()) {
                keyLossWaiters--;
            }
        }
    }

    /** CLIENT UNBLOCK: answers with the timeout reply (or an error) and frees the client. */
    boolean unblockClient(Client client, boolean withError) {
        Blocked blocked = client.blocked;
        if (blocked == null) {
            return false;
        }
        unblock(blocked);
        if (withError) {
            client.reply().error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        } else {
            blocked.waiter.timeout(client.reply());
        }
        client.channel().flushLater();
        client.channel().resumeInput();
        return true;
    }
}
