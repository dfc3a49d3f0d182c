package io.github.primkit.server.internal.engine;

import java.util.ArrayDeque;
import java.util.Set;

/**
 * CLIENT PAUSE and CLIENT UNPAUSE, as Redis 7.2 does them: while a pause lasts, a command it covers (every command
 * in ALL mode; in WRITE mode, commands that write or may replicate, such as EVAL and PUBLISH, and an EXEC whose queue
 * holds one) is postponed with its client, which stops reading further commands. When the pause ends (its time runs
 * out, or CLIENT UNPAUSE), postponed clients run their command in the order they were postponed and go on with their
 * input. A later CLIENT PAUSE replaces the mode and keeps the later end time. Not done: keys do not stop expiring
 * during a pause (Redis stops deleting them but reads already treat them as gone, so replies agree).
 */
public final class Pause {
    /** What a pause covers. */
    public enum Mode {
        WRITE, ALL
    }

    /**
     * Commands Redis flags may-replicate without write (COMMAND INFO does not show that flag, so the command table
     * does not carry it): a WRITE pause holds them back too. Measured on valkey 8.0.
     */
    private static final Set<String> MAY_REPLICATE = Set.of("eval", "evalsha", "fcall", "publish", "spublish",
            "pfcount");

    private final Engine engine;
    private final ArrayDeque<Client> postponed = new ArrayDeque<>();
    private Mode mode;
    private long endMillis;
    private Runnable cancelTimer = () -> { };
    private boolean releaseScheduled;

    Pause(Engine engine) {
        this.engine = engine;
    }

    /** Pauses until {@code endMillis} (epoch), or later if a pause already lasts longer. */
    public void pause(Mode newMode, long endMillisWanted) {
        mode = newMode;
        if (endMillisWanted > endMillis) {
            endMillis = endMillisWanted;
        }
        armTimer();
    }

    /** CLIENT UNPAUSE: ends the pause now. */
    public void unpause() {
        end();
    }

    /**
     * Whether a pause is in force now. One whose time has passed ends here; its postponed clients run after the
     * current command, as in Redis (which releases them before the event loop next sleeps).
     */
    public boolean active() {
        if (mode == null) {
            return false;
        }
        if (System.currentTimeMillis() >= endMillis) {
            end();
            return false;
        }
        return true;
    }

    /** Clients whose command waits for the pause to end. */
    public int postponedClients() {
        return postponed.size();
    }

    /** Whether {@code client}'s command must wait; if so, it is postponed (the caller returns without a reply). */
    boolean postpones(Client client, CommandSpec spec, byte[][] args) {
        if (!active() || !covers(client, spec)) {
            return false;
        }
        client.postponed = args;
        postponed.addLast(client);
        return true;
    }

    private boolean covers(Client client, CommandSpec spec) {
        if (mode == Mode.ALL) {
            return true;
        }
        if (mayReplicate(spec)) {
            return true;
        }
        if (spec.name().equals("exec") && client.queued != null) {
            for (byte[][] queued : client.queued) {
                CommandSpec command = engine.resolve(queued);
                if (command != null && mayReplicate(command)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mayReplicate(CommandSpec spec) {
        return spec.has(Flag.WRITE) || MAY_REPLICATE.contains(spec.name());
    }

    /** A postponed client went away. */
    void forget(Client client) {
        if (client.postponed != null) {
            client.postponed = null;
            postponed.remove(client);
        }
    }

    private void armTimer() {
        cancelTimer.run();
        long delay = Math.max(0, endMillis - System.currentTimeMillis());
        cancelTimer = engine.scheduler().schedule(() -> {
            if (active()) {
                armTimer(); // woke early: wait for the rest
            }
        }, delay + 1);
    }

    /** Ends the pause; the postponed clients are released once the current work on the event loop is done. */
    private void end() {
        mode = null;
        endMillis = 0;
        cancelTimer.run();
        cancelTimer = () -> { };
        if (!postponed.isEmpty() && !releaseScheduled) {
            releaseScheduled = true;
            engine.scheduler().schedule(this::release, 0);
        }
    }

    /**
     * Runs each postponed client's command, then the rest of its pipelined input, before the next client's (as
     * Redis processes an unblocked client's whole input buffer). Each command goes through the dispatcher again, so
     * one that a pause started meanwhile covers is held back again.
     */
    private void release() {
        releaseScheduled = false;
        // Each client once: one held back again (by a pause started meanwhile) goes to the back of the queue.
        for (int count = postponed.size(); count > 0 && !postponed.isEmpty(); count--) {
            Client client = postponed.pollFirst();
            byte[][] args = client.postponed;
            client.postponed = null;
            if (args == null || client.isClosing()) {
                continue;
            }
            engine.execute(client, args);
            if (client.postponed == null) {
                client.channel().resumeInputNow();
            }
        }
    }
}
