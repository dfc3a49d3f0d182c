package io.github.primkit.server.internal.lua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The limits a script runs under: time (deadline and interrupt hook), memory, and call depth. */
class LuaLimitsTest {
    static LuaState state() {
        return new LuaState().openLibraries();
    }

    static Object[] run(LuaState st, String src) {
        return st.call(st.load(src.getBytes(StandardCharsets.UTF_8), "@user_script"));
    }

    @Test
    void aRunawayLoopStopsAtTheDeadline() {
        LuaState st = state();
        st.setDeadline(System.nanoTime()); // already passed: stops at the first check
        assertThatThrownBy(() -> run(st, "while true do end")).isInstanceOf(LuaTimeoutError.class);
        assertThatThrownBy(() -> run(st, "local i = 0 repeat i = i + 1 until false"))
                .isInstanceOf(LuaTimeoutError.class);
        assertThatThrownBy(() -> run(st, "for i = 1, math.huge do end")).isInstanceOf(LuaTimeoutError.class);
        assertThatThrownBy(() -> run(st, "local function f() return f() end f()"))
                .isInstanceOf(LuaTimeoutError.class);
    }

    @Test
    void pcallCannotCatchTheTimeout() {
        LuaState st = state();
        st.setDeadline(System.nanoTime());
        assertThatThrownBy(() -> run(st, "while true do pcall(function() while true do end end) end"))
                .isInstanceOf(LuaTimeoutError.class);
        assertThatThrownBy(() -> run(st, "xpcall(function() while true do end end, function(e) return e end)"))
                .isInstanceOf(LuaTimeoutError.class);
        // the state is usable afterwards
        st.clearDeadline();
        assertThat(run(st, "return pcall(error, 'x')")).containsExactly(false, LuaString.of("x"));
    }

    @Test
    void theInterruptHookRunsRegularlyAndMayStopTheScript() {
        LuaState st = state();
        AtomicInteger calls = new AtomicInteger();
        st.setInterruptCheck(() -> {
            if (calls.incrementAndGet() == 5) {
                throw new LuaTimeoutError(LuaString.of("killed"));
            }
        });
        assertThatThrownBy(() -> run(st, "local n = 0 while true do n = n + 1 end"))
                .isInstanceOf(LuaTimeoutError.class).hasMessage("killed");
        assertThat(calls.get()).isEqualTo(5);
    }

    @Test
    void stringRepBombIsStopped() {
        LuaState st = state();
        st.setMemoryLimit(16L << 20);
        assertThatThrownBy(() -> run(st, "return string.rep('x', 2^30)")).isInstanceOf(LuaMemoryError.class)
                .hasMessage("not enough memory");
        // as in C Lua, a count beyond int range is INT_MIN: an empty string
        assertThat(run(st, "return string.rep('x', 2^31)")).containsExactly(LuaString.of(""));
        assertThatThrownBy(() -> run(st, "return pcall(string.rep, 'xxxxxxxx', 2^30)"))
                .isInstanceOf(LuaMemoryError.class);
    }

    @Test
    void concatenationBombIsStopped() {
        LuaState st = state();
        st.setMemoryLimit(16L << 20);
        assertThatThrownBy(() -> run(st, "local s = 'x' while true do s = s .. s end"))
                .isInstanceOf(LuaMemoryError.class);
        assertThatThrownBy(() -> run(st, "local t = {} for i = 1, 40 do t[i] = ('y'):rep(2^i) end"))
                .isInstanceOf(LuaMemoryError.class);
    }

    @Test
    void tableGrowthBombIsStopped() {
        LuaState st = state();
        st.setMemoryLimit(16L << 20);
        assertThatThrownBy(() -> run(st, "local t = {} local i = 1 while true do t[i] = i i = i + 1 end"))
                .isInstanceOf(LuaMemoryError.class);
        assertThatThrownBy(() -> run(st, "local t = {} while true do t[#t + 1] = {} end"))
                .isInstanceOf(LuaMemoryError.class);
        assertThatThrownBy(() -> run(st, "local t = {} local i = 0 while true do i = i + 1 t['k' .. i] = i end"))
                .isInstanceOf(LuaMemoryError.class);
    }

    @Test
    void aScriptWithinTheLimitRunsAndMayAllocateMoreThanItRetains() {
        LuaState st = state();
        st.setMemoryLimit(16L << 20);
        // ~100 MB of short-lived strings in total, little retained at any time
        Object[] r = run(st, "local n = 0 for i = 1, 100 do local s = string.rep('x', 1000000) n = n + #s end return n");
        assertThat(r).containsExactly(1e8);
    }

    @Test
    void deepRecursionIsLuasStackOverflowCatchableByPcall() {
        LuaState st = state();
        Object[] r = run(st, "local function f() return 1 + f() end return pcall(f)");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).isEqualTo("user_script:1: stack overflow");
        assertThatThrownBy(() -> run(st, "local function f() return 1 + f() end return f()"))
                .isInstanceOf(LuaError.class).hasMessage("user_script:1: stack overflow");
        // through metamethods and library callbacks too
        r = run(st, "local t = setmetatable({}, {__index = function(s, k) return s[k] end}) return pcall(function() return t.x end)");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).endsWith("stack overflow");
        r = run(st, "local function f(s) return (string.gsub(s, '.', f)) end return pcall(f, 'x')");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).endsWith("stack overflow");
    }

    @Test
    void aJvmStackOverflowNeverEscapes() {
        LuaState st = state();
        st.setMaxCallDepth(10_000_000);
        Object[] r = run(st, "local function f() return 1 + f() end return pcall(f)");
        assertThat(r[0]).isEqualTo(false);
        assertThat(r[1].toString()).endsWith("stack overflow");
        assertThatThrownBy(() -> run(st, "local function f() return 1 + f() end return f()"))
                .isInstanceOf(LuaError.class).hasMessageEndingWith("stack overflow");
        assertThat(run(st, "return 1 + 1")).containsExactly(2.0);
    }

    @Test
    void properTailCallsDoNotGrowTheStack() {
        LuaState st = state();
        assertThat(run(st, "local function f(n) if n == 0 then return 'done' end return f(n - 1) end return f(1000000)"))
                .containsExactly(LuaString.of("done"));
        assertThat(run(st, "local a, b a = function(n) if n == 0 then return 'ok' end return b(n - 1) end "
                + "b = function(n) return a(n) end return a(300000)")).containsExactly(LuaString.of("ok"));
    }

    @Test
    void deeplyNestedSourceIsASyntaxErrorNotACrash() {
        LuaState st = state();
        String src = "return " + "(".repeat(10_000) + "1" + ")".repeat(10_000);
        assertThatThrownBy(() -> run(st, src)).isInstanceOf(LuaError.class)
                .hasMessage("user_script:1: chunk has too many syntax levels");
    }
}
