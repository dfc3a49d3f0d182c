package io.github.primkit.compat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The sliding-window-log rate limiter's script: Lua over sorted sets, compared reply for reply. */
class ScriptingSortedSetDifferentialTest extends DifferentialTest {
    /** Allows ARGV[3] events per ARGV[2] ms ending at ARGV[1] (time from the caller keeps the test deterministic). */
    static final String SLIDING_WINDOW = String.join("\n",
            "local now = tonumber(ARGV[1])",
            "local window = tonumber(ARGV[2])",
            "local limit = tonumber(ARGV[3])",
            "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)",
            "local count = redis.call('ZCARD', KEYS[1])",
            "if count < limit then",
            "  redis.call('ZADD', KEYS[1], now, ARGV[4])",
            "  redis.call('PEXPIRE', KEYS[1], window)",
            "  return {1, count + 1}",
            "end",
            "local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')",
            "return {0, count, tonumber(oldest[2]) + window - now}");

    @Test
    void slidingWindowLog() throws IOException {
        long now = 1_700_000_000_000L;
        for (int i = 0; i < 6; i++) {
            sameScript("EVAL", SLIDING_WINDOW, "1", "window", Long.toString(now + i * 10), "1000", "4", "event-" + i);
        }
        sameScript("EVAL", SLIDING_WINDOW, "1", "window", Long.toString(now + 1015), "1000", "4", "late");
        same("ZRANGE", "window", "0", "-1", "WITHSCORES");
        sameWithin(50, "PTTL", "window");
        sameScript("EVAL", "redis.setresp(3) return redis.call('ZSCORE', KEYS[1], 'late')", "1", "window");
        sameScript("EVAL", "return redis.call('ZSCORE', KEYS[1], 'late')", "1", "window");
        sameScript("EVAL", "return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')", "1", "window");
        sameScript("EVAL", "redis.setresp(3) return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')", "1",
                "window");
        sameScript("EVAL", "return redis.call('ZADD', KEYS[1], 0.1, 'a', 1/3, 'b')", "1", "z");
        sameScript("EVAL", "return redis.call('ZADD', KEYS[1], 'INCR', 1e-5, 'a')", "1", "z");
        same("ZRANGE", "z", "0", "-1", "WITHSCORES");
    }

    private Resp sameScript(Object... command) throws IOException {
        Resp expected = ScriptingDifferentialTest.redis72(reference.call(command));
        Resp actual = ours.call(command);
        org.assertj.core.api.Assertions.assertThat(String.valueOf(actual)).as("reply to %s", describe(command))
                .isEqualTo(String.valueOf(expected));
        return actual;
    }
}
