package io.github.primkit.server.internal.lua;

import java.util.concurrent.locks.LockSupport;

/**
 * A Lua 5.1 coroutine: the value {@code coroutine.create} returns ({@code type} says {@code thread}).
 *
 * <p>Design. The interpreter walks a tree: a Lua call is a Java call, so the state of a suspended coroutine is a Java
 * stack. Each coroutine body therefore runs on a Java thread of its own, started at its first resume (a script that
 * never resumes a coroutine starts no thread). The threads hand control to each other strictly: the resumer parks
 * until the coroutine yields, returns or fails, and the coroutine parks at a yield until the next resume, so exactly
 * one thread runs Lua at any time and the (not thread-safe) {@link LuaState} is never touched by two threads at once.
 * Every hand-off writes the values it passes, then the volatile {@link #turn}; the other side reads {@link #turn}
 * first, so what one side wrote is visible to the other.
 *
 * <p>Each coroutine has its own Lua call stack (frames, call depth), swapped into the state while it runs, as each
 * coroutine of Lua 5.1 is a lua_State of its own; the globals, the deadline, the interrupt check and the memory budget
 * are the state's and apply inside coroutines too. A time or memory error raised inside a coroutine is not returned
 * by {@code resume}: it is handed to the resumer, which rethrows it, so it ends the whole script.
 *
 * <p>Lifetime. A coroutine that returns or fails ends its thread. One left suspended is unwound by
 * {@link LuaState#closeCoroutines()} (the scripting layer calls it when a script ends): its yield throws
 * {@link Kill}, which no {@code pcall} catches, and its thread ends. The state bounds how many coroutine threads may
 * be alive at once.
 */
public final class LuaCoroutine {
    static final int SUSPENDED = 0;
    static final int RUNNING = 1;
    static final int NORMAL = 2;
    static final int DEAD = 3;
    private static final String[] STATUS = {"suspended", "running", "normal", "dead"};

    /** How a hand-off back to the resumer came about. */
    private static final int YIELDED = 0;
    private static final int RETURNED = 1;
    private static final int FAILED = 2;
    private static final int ABORTED = 3;

    /** Thrown at a suspended coroutine's yield to unwind its thread; nothing in the engine catches it. */
    static final class Kill extends Error {
        private static final long serialVersionUID = 1L;

        Kill() {
            super(null, null, false, false);
        }
    }

    /**
     * Spins before parking in a hand-off (each a few dozen nanoseconds): in-process, 100,000 resume/yield pairs of
     * a generator took ~0.45 s with 200 spins against ~1.4 s with none (2 cores, a build running beside).
     */
    private static final int SPINS = 200;
    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    final LuaState state;
    final LuaFunction body;
    int status = SUSPENDED;

    // this coroutine's Lua call stack while another one runs
    Frame[] frames = new Frame[8];
    int top;
    int depth;
    /** The C-call level the coroutine runs at since its last resume: a yield is allowed only at this level. */
    int baseCcalls;

    /** The worker thread running this coroutine's body, from its first resume until it is dead. */
    private Worker worker;
    private Thread resumer;
    /** True while the coroutine's thread runs, false while its resumer does. */
    private volatile boolean turn;
    /** Values passed across the last hand-off (arguments of resume; results of yield or return; an error value). */
    private Object[] transfer;
    private int outcome;
    private Throwable abort;
    private boolean killed;

    LuaCoroutine(LuaState state, LuaFunction body) {
        this.state = state;
        this.body = body;
    }

    String statusName() {
        return STATUS[status];
    }

    boolean started() {
        return worker != null;
    }

    // ---------------------------------------------------------------------------------------------- resumer side

    /**
     * Runs the coroutine until it yields, returns or fails (the state has installed its stack). Returns the values
     * it yielded or returned, with {@code true} first, or {@code false} and the error value; rethrows what must end
     * the script.
     */
    Object[] run(Object[] args) {
        transfer = args;
        switchIn();
        Object[] values = transfer;
        transfer = null;
        switch (outcome) {
            case YIELDED:
                status = SUSPENDED;
                return prepend(Boolean.TRUE, values);
            case RETURNED:
                status = DEAD;
                return prepend(Boolean.TRUE, values);
            case FAILED:
                status = DEAD;
                return new Object[] {Boolean.FALSE, values[0]};
            default:
                status = DEAD;
                Throwable t = abort;
                abort = null;
                if (t instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) t;
        }
    }

    /** Unwinds a suspended coroutine's thread (its stack is installed in the state); its worker goes idle. */
    void kill() {
        killed = true;
        switchIn();
        status = DEAD;
        abort = null;
        transfer = null;
    }

    private void switchIn() {
        resumer = Thread.currentThread();
        turn = true;
        if (worker == null) {
            worker = state.takeWorker();
            worker.start(this);
        } else {
            LockSupport.unpark(worker.thread);
        }
        await(false);
    }

    /**
     * Waits until {@link #turn} is {@code value}: a short spin first (a generator's body is often done within
     * microseconds, and a spin saves parking and waking a thread), then parked.
     */
    private void await(boolean value) {
        for (int i = 0; i < SPINS && turn != value; i++) {
            Thread.onSpinWait();
        }
        while (turn != value) {
            LockSupport.park(this);
        }
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] out = new Object[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    // ---------------------------------------------------------------------------------------------- coroutine side

    /** On the worker's thread: runs the body once, then hands back for the last time. */
    private void main() {
        try {
            transfer = body.call(state, transfer);
            outcome = RETURNED;
        } catch (Kill k) {
            outcome = RETURNED;
            transfer = LuaFunction.NONE;
        } catch (LuaError e) {
            if (e.catchable()) {
                outcome = FAILED;
                transfer = new Object[] {e.value()};
            } else {
                outcome = ABORTED;
                abort = e;
            }
        } catch (StackOverflowError e) {
            outcome = FAILED;
            transfer = new Object[] {LuaString.of("stack overflow")};
        } catch (Throwable t) {
            outcome = ABORTED;
            abort = t;
        }
        Thread r = resumer;
        state.idleWorker(worker); // while it is still this thread's turn
        worker = null;
        turn = false;
        LockSupport.unpark(r);
    }

    /**
     * A thread that runs coroutine bodies, one after the other: a coroutine that ends hands its worker to the state,
     * which gives it to the next coroutine resumed for the first time, so that a script making many short coroutines
     * does not start a thread for each. {@link LuaState#closeCoroutines()} stops idle workers.
     */
    static final class Worker implements Runnable {
        private static final LuaCoroutine STOP = new LuaCoroutine(null, null);

        final Thread thread;
        private volatile LuaCoroutine job;

        Worker(long stackBytes) {
            thread = new Thread(null, this, "lua-coroutine-" + IDS.incrementAndGet(), stackBytes);
            thread.setDaemon(true);
            thread.start();
        }

        void start(LuaCoroutine co) {
            job = co;
            LockSupport.unpark(thread);
        }

        /** Ends the (idle) worker's thread and waits for it. */
        void stop() {
            job = STOP;
            LockSupport.unpark(thread);
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (true) {
                LuaCoroutine co;
                for (int i = 0; i < SPINS && job == null; i++) {
                    Thread.onSpinWait();
                }
                while ((co = job) == null) {
                    LockSupport.park(this);
                }
                job = null;
                if (co == STOP) {
                    return;
                }
                co.main();
            }
        }
    }

    /** coroutine.yield on this coroutine's thread: hands {@code values} to the resumer, waits to be resumed. */
    Object[] yield(Object[] values) {
        transfer = values;
        outcome = YIELDED;
        Thread r = resumer;
        turn = false;
        LockSupport.unpark(r);
        await(true);
        if (killed) {
            throw new Kill();
        }
        Object[] args = transfer;
        transfer = null;
        return args;
    }
}
