package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * What a script (and a transaction) sees of time, against the reference. Redis 7.2 takes the command time once, when
 * the outermost command starts; every {@code redis.call} of a script and every command of an EXEC keeps it, for key
 * expiry, TTLs, the expiry times they set, and TIME itself (it answers the same value all through a script; Redis 7.0
 * read the clock). The scripts here busy-wait on {@code os.clock} for a few milliseconds of CPU time past a key's 1 ms
 * (or 2 ms) TTL, which makes them deterministic without sleeping: with the frozen time the key is still there, with
 * PTTL exactly what was set; after the script it is gone.
 */
class ScriptTimeDifferentialTest extends DifferentialTest {
    /**
     * Busy-waits until the script has used {@code micros} of CPU time ({@code os.clock}), hence at least as much
     * wall-clock time. (Not on TIME: TIME does not advance inside a script either.)
     */
    private static String waitMicros(int micros) {
        return "local c0 = os.clock() repeat until os.clock() - c0 > " + micros / 1e6 + " ";
    }

    /** Like {@link #same}, with the reference's script error texts in Redis 7.2's wording. */
    private Resp sameScript(Object... command) throws IOException {
        Resp expected = ScriptingDifferentialTest.redis72(reference.call(command));
        Resp actual = ours.call(command);
        assertThat(String.valueOf(actual)).as("reply to %s", describe(command)).isEqualTo(String.valueOf(expected));
        return actual;
    }

    private Resp eval(String script) throws IOException {
        return sameScript("EVAL", script, "0");
    }

    @Test
    void aScriptSeesTheTimeItStartedAtWhileTheClockAdvances() throws IOException {
        Resp reply = eval("redis.call('SET', 'k', 'v', 'PX', 1) local a = redis.call('EXISTS', 'k') "
                + waitMicros(5000) + "return {a, redis.call('EXISTS', 'k'), redis.call('PTTL', 'k'), "
                + "redis.call('GET', 'k'), redis.call('TTL', 'k')}");
        assertThat(reply.toString()).isEqualTo("*[:1, :1, :1, $v, :0]");
        same("EXISTS", "k");
    }

    @Test
    void timeDoesNotAdvanceInsideAScriptOrATransaction() throws IOException {
        Resp reply = eval("local a = redis.call('TIME') " + waitMicros(5000) + "local b = redis.call('TIME') "
                + "return {a[1] == b[1] and a[2] == b[2], os.clock() - c0 > 0.005}");
        assertThat(reply.toString()).isEqualTo("*[:1, :1]");
        // TIME and the expiry times commands set come from the same snapshot.
        reply = eval("redis.call('SET', 'k', 'v', 'PX', 1000) local t = redis.call('TIME') " + waitMicros(3000)
                + "return redis.call('PEXPIRETIME', 'k') - (t[1] * 1000 + math.floor(t[2] / 1000))");
        assertThat(reply.toString()).isEqualTo(":1000");
        reply = eval("redis.call('SET', 'k', 'v', 'EX', 10) local t = redis.call('TIME') "
                + "return redis.call('EXPIRETIME', 'k') - t[1] - (tonumber(t[2]) >= 500000 and 1 or 0)");
        assertThat(reply.toString()).isEqualTo(":10");
        for (RespConnection connection : new RespConnection[] {ours, reference}) {
            connection.call("MULTI");
            connection.call("TIME");
            connection.call("EVAL", waitMicros(5000) + "return redis.call('TIME')", "0");
            connection.call("TIME");
            java.util.List<Resp> times = connection.call("EXEC").elements();
            assertThat(times.get(1).toString()).isEqualTo(times.get(0).toString());
            assertThat(times.get(2).toString()).isEqualTo(times.get(0).toString());
        }
        // Between two commands it moves on.
        Resp first = ours.call("EVAL", "return redis.call('TIME')", "0");
        ours.call("EVAL", waitMicros(2000) + "return 1", "0");
        assertThat(ours.call("TIME").toString()).isNotEqualTo(first.toString());
    }

    @Test
    void expiretimeRoundsToTheNearestSecond() throws IOException {
        for (String at : new String[] {"9000000000499", "9000000000500", "9000000000999", "9000000001000"}) {
            same("SET", "k", "v", "PXAT", at);
            same("EXPIRETIME", "k");
            same("PEXPIRETIME", "k");
        }
    }

    @Test
    void aKeyThatExpiredBeforeTheScriptStaysExpiredAndExpiryTimesCountFromTheScriptStart() throws IOException {
        same("SET", "gone", "v", "PX", "1");
        eval(waitMicros(3000) + "return 1");
        eval("return redis.call('GET', 'gone')");
        eval("redis.call('SET', 'k', 'v', 'PX', 100) " + waitMicros(5000)
                + "redis.call('PEXPIRE', 'k', 100) return redis.call('PTTL', 'k')");
        eval("redis.call('SET', 'k', 'v') " + waitMicros(3000) + "redis.call('PEXPIREAT', 'k', 1) "
                + "return redis.call('EXISTS', 'k')");
        eval("redis.call('SET', 'w', 'v', 'PX', 1) " + waitMicros(5000)
                + "return {redis.call('SET', 'w', 'x', 'NX'), redis.call('GET', 'w')}");
    }

    @Test
    void theCommandsOfATransactionSeeTheTimeExecStartedAt() throws IOException {
        same("MULTI");
        same("SET", "k", "v", "PX", "2");
        same("EVAL", waitMicros(6000) + "return redis.call('PTTL', 'k')", "0");
        same("GET", "k");
        same("PTTL", "k");
        Resp reply = same("EXEC");
        assertThat(reply.toString()).isEqualTo("*[+OK, :2, $v, :2]");
        same("GET", "k");
    }

    @Test
    void scriptsInsideATransactionKeepTheTransactionsTime() throws IOException {
        same("MULTI");
        same("SET", "k", "v", "PX", "3");
        same("EVAL", waitMicros(6000) + "return redis.call('EXISTS', 'k')", "0");
        same("EVAL", "return redis.call('PTTL', 'k')", "0");
        assertThat(same("EXEC").toString()).isEqualTo("*[+OK, :1, :3]");
    }
}
