package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Commands that could block or change the connection's state, inside a script, against the reference: inside a script
 * (as inside MULTI) BLPOP and the other blocking commands, XREAD/XREADGROUP with BLOCK and WAIT answer at once as if
 * they had timed out (valkey 8.0 and Redis 7.2; Redis 7.0 refused them, and XREAD BLOCK with its own error); MULTI,
 * EXEC, WATCH and SUBSCRIBE are refused.
 */
class ScriptBlockingDifferentialTest extends DifferentialTest {
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
    void blockingCommandsInsideAScriptAnswerAsIfTheyTimedOut() throws IOException {
        for (String call : new String[] {"call", "pcall"}) {
            eval("return redis." + call + "('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')");
            eval("return redis." + call + "('xread', 'block', '100', 'count', '1', 'streams', 's', '0')");
            eval("return redis." + call + "('BLPOP', 'l', '0')");
            eval("return redis." + call + "('BRPOP', 'l', 'm', '1')");
            eval("return redis." + call + "('BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0')");
            eval("return redis." + call + "('BRPOPLPUSH', 'l', 'm', '0')");
            eval("return redis." + call + "('BLMPOP', '0', '1', 'l', 'LEFT')");
            eval("return redis." + call + "('BZPOPMIN', 'z', '0')");
            eval("return redis." + call + "('BZPOPMAX', 'z', '0')");
            eval("return redis." + call + "('BZMPOP', '0', '1', 'z', 'MIN')");
            eval("return redis." + call + "('WAIT', '0', '0')");
            eval("return redis." + call + "('WAIT', '1', '100')");
        }
        same("XADD", "s", "1-1", "f", "v");
        same("XGROUP", "CREATE", "s", "g", "0");
        same("RPUSH", "l", "a", "b");
        same("ZADD", "z", "1", "m");
        eval("return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '0')");
        eval("return redis.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')");
        eval("return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')");
        eval("return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')");
        eval("return redis.call('XREADGROUP', 'GROUP', 'g', 'c', 'BLOCK', '0', 'NOACK', 'STREAMS', 's', '0')");
        eval("return redis.call('BLPOP', 'l', '0')");
        eval("return redis.call('BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0')");
        eval("return redis.call('BZPOPMIN', 'z', '0')");
        eval("return redis.call('LRANGE', 'm', 0, -1)");
    }

    @Test
    void blockingCommandErrorsInsideAScript() throws IOException {
        eval("return redis.pcall('XREAD', 'BLOCK', 'x', 'STREAMS', 's', '$')");
        eval("return redis.pcall('XREAD', 'BLOCK', '-1', 'STREAMS', 's', '$')");
        eval("return redis.pcall('XREAD', 'BLOCK', '10', 'COUNT', 'x', 'STREAMS', 's', '$')");
        eval("return redis.pcall('XREAD', 'BLOCK', '10', 'STREAMS', 's')");
        eval("return redis.pcall('XREAD', 'BLOCK', '0')");
        eval("return redis.pcall('XREADGROUP', 'GROUP', 'nog', 'c', 'BLOCK', '0', 'STREAMS', 's', '>')");
        eval("return redis.pcall('BLPOP', 'l', '-1')");
        eval("return redis.pcall('BLPOP', 'l', 'x')");
        eval("return redis.pcall('BZPOPMIN', 'z', '-0.5')");
        eval("return redis.pcall('WAIT', 'x', '0')");
        eval("return redis.pcall('WAIT', '0', '-1')");
        same("SET", "str", "v");
        eval("return redis.pcall('BLPOP', 'str', '0')");
        eval("return redis.pcall('XREAD', 'BLOCK', '0', 'STREAMS', 'str', '$')");
    }

    @Test
    void connectionStateCommandsAreRefusedInsideAScript() throws IOException {
        for (String call : new String[] {"call", "pcall"}) {
            for (String command : new String[] {"'MULTI'", "'EXEC'", "'DISCARD'", "'WATCH', 'k'", "'UNWATCH'",
                "'SUBSCRIBE', 'c'", "'PSUBSCRIBE', 'c*'", "'UNSUBSCRIBE'", "'PUNSUBSCRIBE'"}) {
                eval("return redis." + call + "(" + command + ")");
            }
        }
        eval("return redis.call('PUBLISH', 'c', 'm')");
        // After all of that the connection is in no special state.
        same("PING");
        same("SET", "k", "v");
        same("GET", "k");
    }

    @Test
    void blockingCommandsInsideMultiAnswerAsIfTheyTimedOut() throws IOException {
        same("MULTI");
        same("BLPOP", "l", "0");
        same("XREAD", "BLOCK", "0", "STREAMS", "s", "$");
        same("BZPOPMIN", "z", "0");
        same("WAIT", "0", "0");
        same("EVAL", "return redis.call('BLPOP', 'l', '0')", "0");
        same("EXEC");
    }
}
