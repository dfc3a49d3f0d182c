package io.github.primkit.server.internal.lua;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Micro benchmark (not a test): the body of a token-bucket script (TIME, HMGET, arithmetic, HSET, PEXPIRE) run by
 * the engine with a stub {@code redis.call} that turns its arguments into bytes and returns canned replies, as the
 * scripting layer would. Prints ns per script call for several rounds and their median. Lives in the server's test
 * sources because the engine is internal to the server module (the architecture test forbids other modules to use
 * internal packages).
 *
 * <pre>java -cp server/target/classes:server/target/test-classes \
 *     io.github.primkit.server.internal.lua.LuaTokenBucketBench [rounds] [callsPerRound]</pre>
 */
public final class LuaTokenBucketBench {
    static final String SCRIPT = """
            local key = KEYS[1]
            local capacity = tonumber(ARGV[1])
            local rate = tonumber(ARGV[2])
            local requested = tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local state = redis.call('HMGET', key, 'tokens', 'ts')
            local tokens = tonumber(state[1])
            local ts = tonumber(state[2])
            if tokens == nil then
              tokens = capacity
              ts = now
            end
            local elapsed = math.max(0, now - ts)
            tokens = math.min(capacity, tokens + elapsed * rate)
            local allowed = 0
            if tokens >= requested then
              tokens = tokens - requested
              allowed = 1
            end
            redis.call('HSET', key, 'tokens', tokens, 'ts', now)
            redis.call('PEXPIRE', key, math.ceil(capacity / rate) + 1000)
            return {allowed, tostring(tokens)}
            """;

    private LuaTokenBucketBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        LuaState st = new LuaState().openLibraries();
        LuaTable redis = new LuaTable();
        LuaString[] time = {LuaString.of("1700000000"), LuaString.of("123456")};
        long[] counter = {0};
        redis.rawset(LuaString.of("call"), LuaFunction.of("call", (s, a) -> {
            byte[][] argv = new byte[a.length][];
            for (int i = 0; i < a.length; i++) {
                LuaString v = LuaState.tostr(a[i]);
                argv[i] = v.unsafeBytes();
            }
            counter[0] += argv.length;
            String cmd = new String(argv[0], StandardCharsets.US_ASCII);
            LuaTable t;
            switch (cmd) {
                case "TIME" -> {
                    t = new LuaTable(2, 0);
                    t.rawset(1, time[0]);
                    t.rawset(2, time[1]);
                    return new Object[] {t};
                }
                case "HMGET" -> {
                    t = new LuaTable(2, 0);
                    t.rawset(1, LuaString.of("7.5"));
                    t.rawset(2, LuaString.of("1699999999900"));
                    return new Object[] {t};
                }
                default -> {
                    return new Object[] {1.0};
                }
            }
        }));
        st.globals().rawset(LuaString.of("redis"), redis);
        LuaTable keys = new LuaTable();
        keys.rawset(1, LuaString.of("bucket:user:42"));
        LuaTable argv = new LuaTable();
        argv.rawset(1, LuaString.of("10"));
        argv.rawset(2, LuaString.of("0.01"));
        argv.rawset(3, LuaString.of("1"));
        st.globals().rawset(LuaString.of("KEYS"), keys);
        st.globals().rawset(LuaString.of("ARGV"), argv);
        LuaFunction f = st.load(SCRIPT.getBytes(StandardCharsets.UTF_8), "@user_script");
        Object[] r = st.call(f);
        System.out.println("result: " + st.tostring(((LuaTable) r[0]).rawget(1)) + " "
                + st.tostring(((LuaTable) r[0]).rawget(2)));
        double[] ns = new double[rounds];
        double[] cpu = new double[rounds];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                st.setDeadline(System.nanoTime() + 5_000_000_000L);
                st.call(f);
            }
            ns[round] = (System.nanoTime() - t0) / (double) calls;
            cpu[round] = (threads.getCurrentThreadCpuTime() - c0) / (double) calls;
            System.out.printf("round %d: %.0f ns/call wall, %.0f ns/call cpu%n", round, ns[round], cpu[round]);
        }
        Arrays.sort(ns);
        Arrays.sort(cpu);
        System.out.printf("median: %.0f ns/call wall, %.0f ns/call cpu (%d calls per round, args seen %d)%n",
                ns[rounds / 2], cpu[rounds / 2], calls, counter[0]);
    }
}
