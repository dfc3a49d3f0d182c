package io.github.primkit.server.internal.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Coroutines as threads handing control to each other: limits apply inside them, errors that end a script cross
 * them, threads are started lazily and never outlive {@link LuaState#closeCoroutines()}. Their Lua semantics are
 * checked against Lua 5.1 by {@code lua/coroutines.lua}; Lua 5.1's call limits on a large stack here too.
 */
class LuaCoroutineTest {
    static Object[] run(LuaState st, String src) {
        return st.call(st.load(src.getBytes(StandardCharsets.UTF_8), "@user_script"));
    }

    static List<Thread> coroutineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lua-coroutine-") && t.isAlive()).toList();
    }

    @Test
    void aRunawayLoopInsideACoroutineStopsTheWholeScript() {
        LuaState st = new LuaState().openLibraries();
        st.setDeadline(System.nanoTime());
        assertThatThrownBy(() -> run(st, "local co = coroutine.create(function() while true do end end) "
                + "local ok, e = coroutine.resume(co) return 'resume returned', ok, e"))
                .isInstanceOf(LuaTimeoutError.class);
        assertThatThrownBy(() -> run(st, "while true do pcall(coroutine.wrap(function() while true do end end)) end"))
                .isInstanceOf(LuaTimeoutError.class);
        // nested: the stop crosses every coroutine up to the script
        assertThatThrownBy(() -> run(st, "return pcall(coroutine.wrap(function() "
                + "return coroutine.resume(coroutine.create(function() while true do end end)) end))"))
                .isInstanceOf(LuaTimeoutError.class);
        st.closeCoroutines();
        assertThat(st.liveCoroutines()).isZero();
        st.clearDeadline();
        assertThat(run(st, "return coroutine.wrap(function() return 42 end)()")).containsExactly(42.0);
        st.closeCoroutines();
    }

    @Test
    void theInterruptHookRunsInsideCoroutines() {
        LuaState st = new LuaState().openLibraries();
        AtomicReference<String> seenOn = new AtomicReference<>();
        st.setInterruptCheck(() -> {
            seenOn.set(Thread.currentThread().getName());
            throw new LuaTimeoutError(LuaString.of("interrupted"));
        });
        assertThatThrownBy(() -> run(st, "coroutine.resume(coroutine.create(function() while true do end end))"))
                .isInstanceOf(LuaTimeoutError.class).hasMessage("interrupted");
        assertThat(seenOn.get()).startsWith("lua-coroutine-");
        st.closeCoroutines();
        assertThat(coroutineThreads()).isEmpty();
    }

    @Test
    void aMemoryErrorInsideACoroutineStopsTheWholeScript() {
        LuaState st = new LuaState().openLibraries();
        st.setMemoryLimit(8L << 20);
        assertThatThrownBy(() -> run(st, "return coroutine.resume(coroutine.create(function() "
                + "local s = 'x' while true do s = s .. s end end))")).isInstanceOf(LuaMemoryError.class);
        st.closeCoroutines();
    }

    @Test
    void suspendedCoroutinesLeaveNoThreadBehind() {
        LuaState st = new LuaState().openLibraries();
        Object[] r = run(st, "local t = {} for i = 1, 20 do local co = coroutine.create(function() "
                + "coroutine.yield(i) end) coroutine.resume(co) t[i] = co end return coroutine.status(t[1])");
        assertThat(r).containsExactly(LuaString.of("suspended"));
        assertThat(st.liveCoroutines()).isEqualTo(20);
        st.closeCoroutines();
        assertThat(st.liveCoroutines()).isZero();
        assertThat(coroutineThreads()).isEmpty();
        // one suspended inside nested calls and a pcall-free chain of Lua frames, unwound the same way
        run(st, "local function deep(n) if n == 0 then coroutine.yield() else deep(n - 1) end end "
                + "coroutine.wrap(function() deep(50) end)()");
        st.closeCoroutines();
        assertThat(coroutineThreads()).isEmpty();
        assertThat(run(st, "return 1")).containsExactly(1.0);
    }

    @Test
    void threadsAreStartedOnlyWhenACoroutineIsFirstResumed() {
        LuaState st = new LuaState().openLibraries();
        run(st, "for i = 1, 100 do coroutine.create(function() end) coroutine.wrap(function() end) end");
        assertThat(st.liveCoroutines()).isZero();
        assertThat(coroutineThreads()).isEmpty();
        // a coroutine that ran to its end holds no thread; its thread serves the next one until the end of the run
        run(st, "for i = 1, 10 do coroutine.wrap(function() end)() end");
        assertThat(st.liveCoroutines()).isZero();
        assertThat(coroutineThreads()).hasSize(1);
        st.closeCoroutines();
        assertThat(coroutineThreads()).isEmpty();
    }

    @Test
    void manyResumesAndYieldsComplete() {
        LuaState st = new LuaState().openLibraries();
        Object[] r = run(st, "local gen = coroutine.wrap(function() local i = 0 while true do i = i + 1 "
                + "coroutine.yield(i) end end) local last for i = 1, 100000 do last = gen() end return last");
        assertThat(r).containsExactly(100000.0);
        st.closeCoroutines();
    }

    @Test
    void theNumberOfLiveCoroutinesIsBounded() {
        LuaState st = new LuaState().openLibraries();
        Object[] r = run(st, "local t = {} return pcall(function() for i = 1, 100000 do "
                + "t[i] = coroutine.create(function() coroutine.yield() end) coroutine.resume(t[i]) end end)");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).isEqualTo("user_script:1: too many coroutines alive (at most "
                + LuaState.MAX_LIVE_COROUTINES + ")");
        st.closeCoroutines();
        assertThat(coroutineThreads()).isEmpty();
    }

    /** Runs {@code src} on a thread with the server's large stack, as the event loop runs scripts. */
    static Object[] runOnLargeStack(String src) throws InterruptedException {
        AtomicReference<Object> result = new AtomicReference<>();
        Runnable body = () -> {
            LuaState st = new LuaState().openLibraries();
            try {
                result.set(run(st, src));
            } catch (RuntimeException | Error e) {
                result.set(e);
            } finally {
                st.closeCoroutines();
            }
        };
        Thread t = new Thread(null, LuaState.onLargeStack(body), "large-stack", LuaState.LARGE_STACK_BYTES);
        t.start();
        t.join();
        if (result.get() instanceof Throwable e) {
            throw new AssertionError(e);
        }
        return (Object[]) result.get();
    }

    @Test
    void onALargeStackCallsNestAsDeepAsInLua51() throws InterruptedException {
        String f = "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end ";
        assertThat(runOnLargeStack(f + "return f(10000)")).containsExactly(10000.0);
        Object[] r = runOnLargeStack(f + "return pcall(f, 100000)");
        assertThat(r).containsExactly(false, LuaString.of("user_script:1: stack overflow"));
        // LUAI_MAXCALLS 20000 calls, the main chunk included; inside a coroutine too (its own call stack)
        r = runOnLargeStack("local d = 0 local function g() d = d + 1 g() end local ok, e = pcall(g) return d, e");
        assertThat(r).containsExactly(19999.0, LuaString.of("user_script:1: stack overflow"));
        r = runOnLargeStack("local d = 0 local function g() d = d + 1 g() end "
                + "local ok, e = coroutine.resume(coroutine.create(g)) return d, e");
        assertThat(r).containsExactly(20000.0, LuaString.of("user_script:1: stack overflow"));
    }

    @Test
    void callsIntoLuaFromLibraryFunctionsAndMetamethodsNestAtMost200Deep() throws InterruptedException {
        // the depths valkey 8.0 reaches for each of these before its "C stack overflow"
        Object[] r = runOnLargeStack("local d = 0 local function h() d = d + 1 local ok, e = pcall(h) "
                + "if not ok then error(e, 0) end end local ok, e = pcall(h) return d, e");
        assertThat(r).containsExactly(198.0, LuaString.of("C stack overflow"));
        r = runOnLargeStack("local d = 0 local t = setmetatable({}, {__index = function(t, k) d = d + 1 "
                + "return t[k] end}) local ok, e = pcall(function() return t.x end) return d, e");
        assertThat(r).containsExactly(197.0, LuaString.of("user_script:1: C stack overflow"));
        r = runOnLargeStack("local d = 0 local function k() d = d + 1 "
                + "return tostring(setmetatable({}, {__tostring = k})) end local ok, e = pcall(k) return d, e");
        assertThat(r).containsExactly(198.0, LuaString.of("C stack overflow"));
        r = runOnLargeStack("local d = 0 local function m() d = d + 1 local ok, e = coroutine.resume("
                + "coroutine.create(m)) if not ok then error(e, 0) end end local ok, e = pcall(m) return d, e");
        assertThat(r).containsExactly(199.0, LuaString.of("C stack overflow"));
    }
}
