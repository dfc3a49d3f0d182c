package io.github.primkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scripts that would never end or would exhaust the JVM: each is stopped with an error, and the server (and the
 * connection) answer the next command. A small {@code lua-time-limit} keeps runaway cases short.
 */
class ScriptingLimitsTest {
    private static PrimkitServer server;
    private RawConnection connection;

    @BeforeAll
    static void start() {
        server = PrimkitServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() throws IOException {
        connection = new RawConnection(server);
        assertThat(connection.call("CONFIG", "SET", "lua-time-limit", "100")).isEqualTo("+OK\r\n");
        assertThat(connection.call("FLUSHALL")).isEqualTo("+OK\r\n");
    }

    private void serverStillAnswers() throws IOException {
        assertThat(connection.call("PING")).isEqualTo("+PONG\r\n");
        try (RawConnection other = new RawConnection(server)) {
            assertThat(other.call("EVAL", "return 'alive'", "0")).isEqualTo("$5\r\nalive\r\n");
        }
    }

    @Test
    void runawayLoopIsStoppedAfterTheTimeLimit() throws IOException {
        String reply = connection.call("EVAL", "while true do end", "0");
        assertThat(reply).startsWith("-ERR Script killed after running longer than lua-time-limit (100 ms)");
        serverStillAnswers();
    }

    @Test
    void pcallCannotSwallowTheStop() throws IOException {
        String script = "local n = 0 while true do pcall(function() while true do n = n + 1 end end) end";
        assertThat(connection.call("EVAL", script, "0")).startsWith("-ERR Script killed");
        assertThat(connection.call("EVAL", "while true do pcall(error, 'x') end", "0")).startsWith("-ERR Script killed");
        serverStillAnswers();
    }

    @Test
    void writesBeforeTheStopRemain() throws IOException {
        String script = "redis.call('SET', KEYS[1], 'written') while true do end";
        assertThat(connection.call("EVAL", script, "1", "k")).startsWith("-ERR Script killed");
        assertThat(connection.call("GET", "k")).isEqualTo("$7\r\nwritten\r\n");
    }

    @Test
    void runawayRecursionWithRedisCallsIsStopped() throws IOException {
        String script = "local function f(i) redis.call('INCR', KEYS[1]) return f(i + 1) end return f(1)";
        assertThat(connection.call("EVAL", script, "1", "counter")).startsWith("-ERR Script killed");
        serverStillAnswers();
    }

    @Test
    void timeLimitIsConfigurableUnderBothNames() throws IOException {
        assertThat(connection.call("CONFIG", "GET", "lua-time-limit"))
                .isEqualTo("*2\r\n$14\r\nlua-time-limit\r\n$3\r\n100\r\n");
        assertThat(connection.call("CONFIG", "SET", "busy-reply-threshold", "250")).isEqualTo("+OK\r\n");
        assertThat(connection.call("CONFIG", "GET", "lua-time-limit"))
                .isEqualTo("*2\r\n$14\r\nlua-time-limit\r\n$3\r\n250\r\n");
        assertThat(connection.call("CONFIG", "SET", "lua-time-limit", "-1")).startsWith("-ERR CONFIG SET failed");
        assertThat(connection.call("EVAL", "while true do end", "0"))
                .startsWith("-ERR Script killed after running longer than lua-time-limit (250 ms)");
        assertThat(connection.call("CONFIG", "SET", "lua-time-limit", "5000")).isEqualTo("+OK\r\n");
    }

    @Test
    void stringBombIsStopped() throws IOException {
        assertThat(connection.call("EVAL", "return #string.rep('x', 2^31 - 1)", "0")).startsWith("-ERR");
        assertThat(connection.call("EVAL", "local s = 'x' while true do s = s .. s end", "0")).startsWith("-ERR");
        assertThat(connection.call("EVAL", "local s = string.rep('x', 2^20) local t = {} "
                + "for i = 1, 1e9 do t[i] = s .. i end", "0")).startsWith("-ERR");
        serverStillAnswers();
    }

    @Test
    void tableGrowthIsStopped() throws IOException {
        assertThat(connection.call("EVAL", "local t = {} local i = 0 while true do i = i + 1 t[i] = {i} end", "0"))
                .startsWith("-ERR");
        serverStillAnswers();
    }

    @Test
    void deepRecursionIsALuaError() throws IOException {
        // These end on a depth or nesting limit, not on time: on a cold JVM 20,000 frames can take over 100 ms, and
        // the time limit must not be what stops them (seen once in CI).
        assertThat(connection.call("CONFIG", "SET", "lua-time-limit", "10000")).isEqualTo("+OK\r\n");
        assertThat(connection.call("EVAL", "local function f() return f() + 1 end return f()", "0"))
                .contains("stack overflow");
        assertThat(connection.call("EVAL", "local function f() return 1 + f() end "
                + "local ok, e = pcall(f) return {tostring(ok), e}", "0")).contains("stack overflow");
        assertThat(connection.call("EVAL", "local t = {} t[1] = t return cjson.encode(t)", "0"))
                .contains("excessive nesting");
        assertThat(connection.call("EVAL", "return cjson.decode(string.rep('[', 100000))", "0"))
                .contains("Found too many nested data structures");
        assertThat(connection.call("EVAL", "return cmsgpack.unpack(string.rep('\\145', 100000))", "0"))
                .startsWith("-ERR");
        assertThat(connection.call("EVAL", "local t = {} t[1] = t return t", "0")).contains("-ERR");
        assertThat(connection.call("EVAL", "return " + "(".repeat(100_000) + "1" + ")".repeat(100_000), "0"))
                .startsWith("-ERR Error compiling script");
        serverStillAnswers();
    }

    @Test
    void aRunawayLoopInsideACoroutineStopsTheScript() throws IOException {
        assertThat(connection.call("EVAL", "local co = coroutine.create(function() while true do end end) "
                + "return {coroutine.resume(co)}", "0")).startsWith("-ERR Script killed");
        assertThat(connection.call("EVAL", "return pcall(coroutine.wrap(function() while true do end end))", "0"))
                .startsWith("-ERR Script killed");
        // Ends on the memory limit, not on time (a cold JVM may need over 100 ms to get there).
        assertThat(connection.call("CONFIG", "SET", "lua-time-limit", "10000")).isEqualTo("+OK\r\n");
        assertThat(connection.call("EVAL", "return coroutine.wrap(function() local s = 'x' "
                + "while true do s = s .. s end end)()", "0")).startsWith("-ERR user_script: not enough memory");
        serverStillAnswers();
    }

    @Test
    void coroutinesLeftSuspendedLeaveNoThreadBehind() throws IOException {
        assertThat(connection.call("EVAL", "local t = {} for i = 1, 20 do t[i] = coroutine.create(function() "
                + "coroutine.yield() end) coroutine.resume(t[i]) end return coroutine.status(t[20])", "0"))
                .isEqualTo("$9\r\nsuspended\r\n");
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lua-coroutine-") && t.isAlive())).isEmpty();
        serverStillAnswers();
    }

    @Test
    void scriptsRecurseAsDeepAsOnRedis() throws IOException {
        String f = "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end ";
        assertThat(connection.call("EVAL", f + "return f(10000)", "0")).isEqualTo(":10000\r\n");
        assertThat(connection.call("EVAL", f + "return f(100000)", "0"))
                .startsWith("-ERR user_script:1: stack overflow script: ");
        assertThat(connection.call("EVAL", "local function f() return f() end return f()", "0"))
                .startsWith("-ERR Script killed"); // a proper tail call: an endless loop, as in Lua
        serverStillAnswers();
    }
}
