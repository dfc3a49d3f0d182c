package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * EVAL/EVALSHA/SCRIPT and the {@code redis} Lua API against the reference: conversions both ways (RESP2 and RESP3),
 * error replies and their text, {@code redis.call} vs {@code redis.pcall}, global protection, the script cache,
 * scripts inside MULTI, and the scripts the patterns run.
 *
 * <p>The bundled server answers with Redis 7.2's texts; valkey 8.0 reworded a few of them (it dropped "Redis" and
 * "Lua redis lib" from script errors, and "Please use EVAL." from NOSCRIPT). {@link #sameScript} maps those few
 * reference texts back to Redis 7.2's before comparing: clients match on the error code, which is the same, and
 * docs/compatibility.md records the difference.
 */
class ScriptingDifferentialTest extends DifferentialTest {
    /** valkey 8.0 wording -> Redis 7.2 wording (the bundled server's), applied to reference replies only. */
    private static final String[][] REDIS_72_WORDING = {
        {"Unknown command called from script", "Unknown Redis command called from script"},
        {"Wrong number of args calling command from script", "Wrong number of args calling Redis command from script"},
        {"ERR Command arguments must be strings or integers",
            "ERR Lua redis lib command arguments must be strings or integers"},
        {"Please specify at least one argument for this call", "Please specify at least one argument for this redis "
            + "lib call"},
        {"NOSCRIPT No matching script.", "NOSCRIPT No matching script. Please use EVAL."},
        {"server.log() requires", "redis.log() requires"},
        {"server.setresp() requires", "redis.setresp() requires"},
        {"server.set_repl() requires one argument.", "redis.set_repl() requires two arguments."},
        {"Invalid log level.", "Invalid debug level."},
    };

    /** Compares a reply with the reference's. */
    static void compare(Object[] command, Resp actual, Resp expected) {
        assertThat(String.valueOf(actual)).as("reply to %s", describe(command)).isEqualTo(String.valueOf(expected));
    }

    static String redis72(String text) {
        if (text == null) {
            return null;
        }
        for (String[] pair : REDIS_72_WORDING) {
            if (text.contains(pair[0]) && !text.contains(pair[1])) {
                text = text.replace(pair[0], pair[1]);
            }
        }
        return text;
    }

    static Resp redis72(Resp reply) {
        return mapTexts(reply, ScriptingDifferentialTest::redis72);
    }

    /** The reply with {@code map} applied to the text of every simple element (errors, strings), at every depth. */
    static Resp mapTexts(Resp reply, java.util.function.UnaryOperator<String> map) {
        if (reply == null) {
            return null;
        }
        if (reply.elements() == null) {
            return new Resp(reply.type(), map.apply(reply.text()), null);
        }
        List<Resp> elements = new ArrayList<>();
        reply.elements().forEach(e -> elements.add(mapTexts(e, map)));
        return new Resp(reply.type(), reply.text(), elements);
    }

    /** Like {@link #same}, with the reference's script error texts in Redis 7.2's wording. */
    Resp sameScript(Object... command) throws IOException {
        Resp expected = redis72(reference.call(command));
        Resp actual = ours.call(command);
        compare(command, actual, expected);
        return actual;
    }

    /** EVAL of a script without keys or arguments on both servers. */
    Resp eval(String script) throws IOException {
        return sameScript("EVAL", script, "0");
    }

    // ---- Lua -> Redis conversions ----------------------------------------------------------------------------------

    private static final String[] LUA_TO_REDIS = {
        "return 1", "return 0", "return -1", "return 3.99", "return -3.99", "return 0.5", "return -0.5",
        "return 1e15", "return 2^53", "return 2^62", "return 2^63", "return -2^63", "return 2^64", "return 1e300",
        "return -1e300", "return 0/0", "return 1/0", "return -1/0", "return 9007199254740993",
        "return 'hello'", "return ''", "return 'a\\0b'", "return '\\r\\n'", "return true", "return false",
        "return nil", "return", "return {}", "return {1, 2, 3}", "return {1, 'two', 3.7, true, false}",
        "return {1, 2, nil, 4}", "return {nil, 2}", "return {1, {2, {3, {4, {}}}}, 'x'}",
        "return {a = 1, b = 2}", "return {1, 2, a = 3}", "return {[1] = 'a', [3] = 'c'}", "return {[2] = 'b'}",
        "return {ok = 'fine'}", "return {ok = 'multi\\r\\nline'}", "return {err = 'ERR my error'}",
        "return {err = 'MYCODE custom'}", "return {err = 'no code'}", "return {err = 'ERR with\\r\\nnewline'}",
        "return {err = 5}", "return {ok = 5}", "return {err = {}}", "return {ok = {}}",
        "return {err = 'e', ok = 'o'}", "return {ok = 'o', 1, 2}", "return {err = 'x', 1, 2}",
        "return {1, {ok = 'nested'}, {err = 'ERR nested'}}", "return {{err = 'E1'}, {err = 'E2'}}",
        "return redis.status_reply('FINE')", "return redis.status_reply('')", "return redis.error_reply('E')",
        "return redis.error_reply('MY E')", "return redis.error_reply('-MY E')", "return redis.error_reply('')",
        "return redis.error_reply('ERR')", "return redis.error_reply(5)", "return redis.status_reply(5)",
        "return redis.error_reply()", "return redis.status_reply('a', 'b')",
        "return {double = 3.5}", "return {double = 1}", "return {double = 0/0}", "return {double = 1/0}",
        "return {double = 'x'}", "return {map = {a = 1}}", "return {set = {a = true}}", "return {map = 5}",
        "return {big_number = '123456789012345678901234567890'}", "return {big_number = 5}",
        "return {verbatim_string = {format = 'txt', string = 'hi'}}", "return {verbatim_string = 'x'}",
        "return {verbatim_string = {format = 'txt'}}",
        "return function() end", "return {function() end, 1}", "return {1, function() end, 2}",
        "return coroutine.create(function() end)", "return {true, false, true}",
        "return tostring(0.1)", "return tostring(1/3)", "return 1/3 .. ''", "return tostring(1e100)",
        "return tostring(2^63)", "return tostring(-0.0)", "return tostring(100)", "return 10 / 2 .. ''",
        "return tostring(1e15)", "return tostring(1e16)", "return tostring(123456789012345)",
        "return tonumber('0x10')", "return tonumber('  12  ')", "return tonumber('1e2')", "return tonumber('z', 36)",
        "return tonumber('')", "return tonumber('0x')", "return tonumber('1e')", "return tonumber(' ')",
    };

    @Test
    void luaValuesBecomeRedisReplies() throws IOException {
        for (String script : LUA_TO_REDIS) {
            eval(script);
        }
    }

    @Test
    void luaValuesBecomeResp3RepliesForAResp3Client() throws IOException {
        resp3();
        for (String script : LUA_TO_REDIS) {
            eval(script);
        }
    }

    @Test
    void setrespThreeChangesBooleansAndWhatRedisCallReturns() throws IOException {
        for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
                resp3();
            }
            eval("redis.setresp(3); return true");
            eval("redis.setresp(3); return false");
            eval("redis.setresp(3); return {true, false}");
            eval("redis.setresp(3); return nil");
            eval("redis.setresp(2); return false");
            eval("return redis.setresp(3)");
            eval("return redis.setresp(4)");
            eval("return redis.setresp()");
            eval("return redis.setresp('3')");
            eval("return redis.setresp(2, 3)");
            same("DEL", "h", "h1", "s", "l");
            same("HSET", "h", "f", "v", "g", "w");
            same("HSET", "h1", "f", "v");
            same("SADD", "s", "m");
            same("RPUSH", "l", "a", "b");
            same("SET", "n", "12");
            eval("redis.setresp(3); local r = redis.call('HGETALL', 'h'); return {r.map.f, r.map.g, type(r.map)}");
            eval("redis.setresp(3); return redis.call('HGETALL', 'h1')");
            eval("redis.setresp(3); local r = redis.call('SMEMBERS', 's'); return {type(r.set), r.set.m}");
            eval("redis.setresp(3); return redis.call('SMEMBERS', 's')");
            eval("redis.setresp(3); return redis.call('LRANGE', 'l', 0, -1)");
            eval("redis.setresp(3); return {redis.call('GET', 'nokey') == nil}");
            eval("redis.setresp(3); return redis.call('GET', 'nokey')");
            eval("redis.setresp(3); return redis.call('HGET', 'h', 'nofield')");
            eval("redis.setresp(3); local r = redis.call('INCRBYFLOAT', 'n', '0.5'); return type(r)");
            eval("redis.setresp(3); return redis.call('EXISTS', 'h')");
            eval("redis.setresp(3); return redis.call('SISMEMBER', 's', 'm')");
            eval("redis.setresp(3); return {double = 0.1}");
            eval("redis.setresp(3); return {double = -1e300}");
            eval("redis.setresp(3); return {map = {x = {1, 2}}}");
            eval("return redis.call('HGETALL', 'nokey')");
            eval("redis.setresp(3); local r = redis.call('HGETALL', 'nokey'); return type(r.map)");
            eval("redis.setresp(3); return redis.call('SET', 'k', 'v')");
            eval("redis.setresp(3); return redis.pcall('INCR', 'h')");
        }
    }

    // ---- Redis -> Lua conversions ----------------------------------------------------------------------------------

    @Test
    void redisRepliesBecomeLuaValues() throws IOException {
        same("SET", "str", "value");
        same("SET", "num", "42");
        same("RPUSH", "list", "a", "b", "c");
        same("HSET", "hash", "f", "1");
        eval("return type(redis.call('GET', 'str'))");
        eval("return redis.call('GET', 'str')");
        eval("return type(redis.call('INCR', 'num'))");
        eval("return redis.call('INCR', 'num') + 0.5");
        eval("return type(redis.call('GET', 'nokey'))");
        eval("return tostring(redis.call('GET', 'nokey'))");
        eval("return redis.call('GET', 'nokey') == false");
        eval("local r = redis.call('SET', 'x', 'y'); return {type(r), r.ok}");
        eval("return redis.call('SET', 'x', 'y')");
        eval("return redis.call('PING')");
        eval("return redis.call('PING', 'hello')");
        eval("local r = redis.call('LRANGE', 'list', 0, -1); return {#r, r[1], r[3]}");
        eval("return redis.call('LRANGE', 'list', 0, -1)");
        eval("return redis.call('LRANGE', 'nokey', 0, -1)");
        eval("return #redis.call('LRANGE', 'nokey', 0, -1)");
        eval("return redis.call('HGETALL', 'hash')");
        eval("return redis.call('HMGET', 'hash', 'f', 'nofield', 'f')");
        eval("local r = redis.call('HMGET', 'hash', 'nofield'); return type(r[1])");
        eval("local r = redis.pcall('INCR', 'str'); return {type(r), r.err}");
        eval("return redis.pcall('INCR', 'str')");
        eval("return redis.pcall('LPUSH', 'str', 'x')");
        eval("return type(redis.call('TIME')[1])");
        eval("return #redis.call('TIME')");
        eval("return redis.call('EXISTS', 'str', 'nokey', 'list')");
        eval("return redis.call('TYPE', 'list')");
        eval("return redis.call('TYPE', 'list').ok");
        eval("return redis.call('BLPOP', 'nokey', 0)");
        eval("return redis.call('BLPOP', 'list', 0)");
        eval("return redis.call('INCRBYFLOAT', 'num', '1.5')");
        eval("return redis.call('ECHO', 'a\\0b')");
        eval("return redis.call('DBSIZE')");
    }

    @Test
    void numbersPassedToRedisCallAreFormattedAsRedis72Does() throws IOException {
        String[] numbers = {"3", "-3", "0", "-0.0", "0.1", "1/3", "-1/3", "1e20", "1e17", "2^53", "2^53 + 1", "2^62",
            "2^63", "-2^63", "1.5", "100.0", "1e-5", "123456789.123", "3.14159265358979", "1e300", "1/0", "-1/0",
            "4611686018427387904", "4611686018427387905", "-4611686018427387904"};
        for (String number : numbers) {
            eval("redis.call('SET', 'k', " + number + "); return redis.call('GET', 'k')");
        }
        eval("return redis.call('INCRBY', 'counter', 5.0)");
        eval("return redis.pcall('INCRBY', 'counter', 5.5)");
        eval("return redis.call('RPUSH', 'l', 1, 2.5, 'x')");
        eval("return redis.call('LRANGE', 'l', 0, -1)");
        eval("return redis.call('EXPIRE', 'l', 100.0)");
    }

    // ---- Errors ----------------------------------------------------------------------------------------------------

    @Test
    void errorRepliesUseRedisWording() throws IOException {
        same("SET", "s", "x");
        String[] scripts = {
            "error('boom')", "error('boom', 0)", "error('boom', 2)", "error(5)", "error(nil)", "error(true)",
            "error({err = 'MY err'})", "error({err = 'ERR in table'})", "error({err = 'x', source = 'y', line = 3})",
            "local function f() error('deep') end\nf()", "\n\nerror('third line')",
            "local t = nil\nreturn t.x", "return nil + 1", "return #nil", "return 'a' < 1", "return {} .. 'x'",
            "local x = 1\nx()", "return undefined_function()", "return math.nosuch()",
            "assert(false)", "assert(false, 'custom')", "assert(nil, 5)", "assert(1 == 1, 'fine')",
            "return redis.call('nosuch')", "return redis.call('NOSUCH', 'a', 'b')", "return redis.call('get')",
            "return redis.call('get', 'a', 'b')", "return redis.call({})", "return redis.call()",
            "return redis.call('get', {})", "return redis.call('get', nil)", "return redis.call('get', true)",
            "return redis.call('set', 'k', function() end)", "return redis.call(1)",
            "return redis.call('lpush', 's', 'a')", "return redis.call('incr', 's')",
            "return redis.call('eval', 'return 1', 0)", "return redis.call('evalsha', 'x', 0)",
            "return redis.call('script', 'load', 'return 1')", "return redis.call('multi')", "return redis.call('exec')",
            "return redis.call('watch', 'k')", "return redis.call('subscribe', 'c')", "return redis.call('config', 'get', 'x')",
            "return redis.call('client', 'nosuch')", "return redis.call('object', 'nosuch')",
            "return redis.pcall('nosuch')", "return redis.pcall('get')", "return redis.pcall()", "return redis.pcall({})",
            "return redis.pcall('lpush', 's', 'a')", "return redis.pcall('eval', 'return 1', 0)",
            "return redis.pcall('multi')", "return redis.pcall('subscribe', 'c')",
            "return {redis.pcall('nosuch')}", "return pcall(redis.call, 'nosuch')",
            "local ok, e = pcall(redis.call, 'nosuch'); return {tostring(ok), e}",
            "local ok, e = pcall(redis.call, 'lpush', 's', 'a'); return e",
            "local ok, e = pcall(error, 'x'); return e", "local ok, e = pcall(error, {err = 'T'}); return e",
            "local ok, e = pcall(error, {foo = 'T'}); return type(e)",
            "local ok, e = pcall(function() local x = nil + 1 end); return e",
            "local ok, e = pcall(error); return tostring(e)", "return {pcall(function() return 1, 2 end)}",
            "return xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)",
            "return {xpcall(function() error('x') end, function(m) return 'handled: ' .. m end)}",
            "local r = redis.pcall('incr', 's'); return r.err", "return redis.sha1hex()", "return redis.sha1hex(1, 2)",
            "return redis.log()", "return redis.log(redis.LOG_WARNING)", "return redis.log('x', 'msg')",
            "return redis.log(99, 'msg')", "return redis.log(redis.LOG_DEBUG, 'hidden')",
            "return redis.log(redis.LOG_NOTICE, 'a', 1, 'b')", "return redis.set_repl()",
            "return redis.set_repl(99)", "return redis.set_repl(redis.REPL_ALL)",
            "return redis.replicate_commands()", "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, "
                + "redis.REPL_REPLICA, redis.REPL_ALL}", "return redis.breakpoint()", "return redis.debug('x')",
            "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
            "return redis.sha1hex('')", "return redis.sha1hex('abc')", "return redis.sha1hex(123)",
            "return 1 +", "return end", "x = ", "for", "local 1 = 2", "return 'unfinished", "return [[unfinished",
            "\n\nreturn 1 +", "goto label", "return 0x", "return 1..2", "local t = {} t.x.y = 1",
            "return string.rep('x', -1)", "return string.sub()", "return ('x'):bad()", "return table.concat({{}})",
            "return string.format('%d', 'x')", "return math.floor('a')", "return tostring()", "return setmetatable(1, {})",
            "return select(0)", "return select(-5, 1)", "return unpack({1, 2, 3}, 1, 1e8)",
        };
        for (String script : scripts) {
            eval(script);
        }
        same("GET", "s");
    }

    @Test
    void keysAndArgsAreGlobals() throws IOException {
        sameScript("EVAL", "return {KEYS[1], KEYS[2], ARGV[1], ARGV[2], #KEYS, #ARGV}", "2", "k1", "k2", "a1", "a2");
        sameScript("EVAL", "return {#KEYS, #ARGV}", "0");
        sameScript("EVAL", "return KEYS", "3", "a", "b", "c");
        sameScript("EVAL", "return ARGV", "0", "x", "", "z");
        sameScript("EVAL", "return type(KEYS[1])", "0");
        sameScript("EVAL", "KEYS[1] = 'changed'; return KEYS[1]", "1", "k");
        sameScript("EVAL", "return KEYS[1]", "1", "k");
        sameScript("EVAL", "return ARGV[1] .. ARGV[1]", "0", "ab");
        sameScript("EVAL", "return tonumber(ARGV[1]) + 1", "0", "41");
        sameScript("EVAL", "return 1", "1");
        sameScript("EVAL", "return 1", "-1");
        sameScript("EVAL", "return 1", "abc");
        sameScript("EVAL", "return 1", "2", "onlyone");
        sameScript("EVAL", "return 1", "1.5", "k");
        sameScript("EVAL", "return 1", "99999999999999999999");
        sameScript("EVAL", "return 1");
        sameScript("EVAL");
        sameScript("EVALSHA", "abc");
        sameScript("EVAL", "return #KEYS", "0", "notakey");
        sameScript("EVAL_RO", "return {KEYS[1], ARGV[1]}", "1", "k", "a");
    }

    @Test
    void globalsAreProtected() throws IOException {
        String[] scripts = {
            "return x", "x = 1", "x = nil", "_G.x = 1", "return _G.x", "rawset(_G, 'x', 1)", "return rawget(_G, 'x')",
            "return type(rawget(_G, 'redis'))", "local x = 1; return x", "function f() end", "local function f() "
                + "return 1 end return f()", "KEYS = {}", "ARGV = 1", "redis = nil", "redis.call = nil", "redis.x = 1",
            "string.x = 1", "string.len = nil", "math.pi = 3", "table.insert = print", "cjson.encode = nil",
            "bit.band = nil", "struct.pack = nil", "cmsgpack.pack = nil", "_G = nil", "setmetatable(_G, {})",
            "return getmetatable(_G) ~= nil", "getmetatable(_G).__index = nil",
            "return getmetatable('').__index == string", "local s = string; s.y = 2",
            "local t = {}; t.x = 1; return t.x", "local t = setmetatable({}, {__index = function(t, k) return k .. "
                + "'!' end}); return t.hello", "return os.clock() >= 0", "return os.time()", "return type(os)",
            "return os.exit", "return os.execute", "return io", "return require", "return loadfile", "return dofile",
            "return debug", "return print", "return package", "return module", "return newproxy ~= nil",
            "return type(loadstring)", "return loadstring('return 1 + 1')()", "return loadstring('syntax error here')",
            "return {loadstring('syntax error here')}", "return type(getfenv)", "return type(setfenv)",
            "return type(coroutine)", "return type(gcinfo)", "return type(collectgarbage)", "return type(load)",
            "return _VERSION", "return type(_G)", "return _G == getfenv(0)", "return type(__redis__err__handler)",
            "return type(unpack)", "return type(table.getn)", "return type(math.mod)", "return type(string.gfind)",
            "return type(math.pow)", "return type(table.setn)", "return type(table.maxn)", "return type(math.ldexp)",
            "return type(string.dump)", "return type(select)", "return type(xpcall)", "return type(rawequal)",
            "return type(math.fmod)", "return type(math.log10)", "return type(string.gmatch)",
            "local n = 0 for k in pairs(_G) do n = n + 1 end return n > 20",
            "local t = {} for k, v in pairs(math) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(string) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(table) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(os) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(cjson) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(bit) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(struct) do t[#t + 1] = k end table.sort(t) return t",
            "local t = {} for k, v in pairs(cmsgpack) do t[#t + 1] = k end table.sort(t) return t",
            "local r = math.random() return r >= 0 and r < 1", "local r = math.random(10) return r >= 1 and r <= 10",
            "return math.random(0)", "return math.random(3, 1)", "return math.random(1, 2, 3)",
            "math.randomseed(42); return math.random(1000)", "return math.randomseed()",
            "math.randomseed(0) return {math.random(100), math.random(100), math.random(5, 7), tostring(math.random())}",
            "math.randomseed(-7) return {math.random(1000000), math.random(2^31), math.random(-5, 5)}",
            "math.randomseed(2^40 + 3) return math.random(1000000)", "math.randomseed('12') return math.random(99)",
        };
        for (String script : scripts) {
            eval(script);
        }
    }

    // ---- Script cache ----------------------------------------------------------------------------------------------

    @Test
    void evalshaAndTheScriptCommand() throws IOException {
        String sha = "e0e1f9fabfc9d4800c877a703b823ac0578ff8db"; // sha1("return 1")
        same("SCRIPT", "FLUSH");
        sameScript("EVALSHA", sha, "0");
        sameScript("EVALSHA", sha.toUpperCase(java.util.Locale.ROOT), "0");
        same("SCRIPT", "EXISTS", sha, "nosuch");
        same("SCRIPT", "LOAD", "return 1");
        same("SCRIPT", "EXISTS", sha, "nosuch", sha.toUpperCase(java.util.Locale.ROOT));
        sameScript("EVALSHA", sha, "0");
        sameScript("EVALSHA", sha.toUpperCase(java.util.Locale.ROOT), "0");
        sameScript("EVALSHA_RO", sha, "0");
        sameScript("EVALSHA", sha, "1");
        sameScript("EVALSHA", "short", "0");
        sameScript("EVALSHA", sha + "00", "0");
        same("SCRIPT", "LOAD", "return 1 +");
        same("SCRIPT", "LOAD", "return KEYS[1]");
        sameScript("EVALSHA", "4a2267357833227dd98abdedb8cf24b15a986445", "1", "key");
        // EVAL caches the script too.
        sameScript("EVAL", "return 'cached by eval'", "0");
        same("SCRIPT", "EXISTS", "14a0ec5969ac10dc856a79479466fd953463f052");
        sameScript("EVAL", "return 'x'", "0");
        same("SCRIPT", "FLUSH");
        same("SCRIPT", "EXISTS", sha);
        sameScript("EVALSHA", sha, "0");
        same("SCRIPT", "LOAD", "return 1");
        same("SCRIPT", "FLUSH", "ASYNC");
        same("SCRIPT", "EXISTS", sha);
        same("SCRIPT", "LOAD", "return 1");
        same("SCRIPT", "FLUSH", "sync");
        same("SCRIPT", "EXISTS", sha);
        same("SCRIPT", "FLUSH", "bad");
        same("SCRIPT", "FLUSH", "sync", "async");
        same("SCRIPT", "EXISTS");
        same("SCRIPT", "LOAD");
        same("SCRIPT", "LOAD", "a", "b");
        same("SCRIPT", "KILL");
        same("SCRIPT", "KILL", "extra");
        same("SCRIPT", "NOSUCH");
        same("SCRIPT");
        same("EVAL", "return 1", "0");
        sameScript("EVALSHA", sha, "0");
        same("SCRIPT", "FLUSH");
        sameScript("EVALSHA", sha, "0");
    }

    @Test
    void commandTableEntries() throws IOException {
        sameCommandInfo("eval", "evalsha", "eval_ro", "evalsha_ro");
    }

    // ---- Atomicity, MULTI, WATCH, read-only scripts -----------------------------------------------------------------

    @Test
    void scriptsInsideMultiAndWatch() throws IOException {
        same("MULTI");
        sameScript("EVAL", "return redis.call('INCR', KEYS[1])", "1", "counter");
        sameScript("EVAL", "return redis.call('INCR', KEYS[1])", "1", "counter");
        sameScript("EVAL", "return redis.call('nosuch')", "0");
        sameScript("EVAL", "return 1 +", "0");
        same("SCRIPT", "LOAD", "return 2");
        sameScript("EXEC");
        same("GET", "counter");
        same("MULTI");
        sameScript("EVAL", "return 1", "-1");
        same("EXEC");
        // A script's write breaks another client's WATCH.
        try (RespConnection otherOurs = newOurs(); RespConnection otherReference = newReference()) {
            same("WATCH", "w");
            otherOurs.call("EVAL", "return redis.call('SET', KEYS[1], 'changed')", "1", "w");
            otherReference.call("EVAL", "return redis.call('SET', KEYS[1], 'changed')", "1", "w");
            same("MULTI");
            same("GET", "w");
            same("EXEC");
            // A read-only script does not.
            same("WATCH", "w");
            otherOurs.call("EVAL", "return redis.call('GET', KEYS[1])", "1", "w");
            otherReference.call("EVAL", "return redis.call('GET', KEYS[1])", "1", "w");
            same("MULTI");
            same("GET", "w");
            same("EXEC");
        }
    }

    @Test
    void shebangLinesAndTheirFlags() throws IOException {
        same("SET", "k", "v");
        String[] scripts = {"#!lua flags=no-writes\nreturn redis.call('set','k','x')",
            "#!lua flags=no-writes\nreturn redis.pcall('del','k')", "#!lua flags=no-writes\nreturn redis.call('get','k')",
            "#!lua\nreturn 1", "#!lua flags=bogus\nreturn 1", "#!python\nreturn 1", "#!lua other=1\nreturn 1",
            "#!lua", "#!lua\nerror('x')", "#!lua flags=allow-oom,no-cluster\nreturn 2", "#!lua flags=\nreturn 3",
            "#!lua  flags=no-writes,allow-stale  \n\nreturn redis.call('get','k')"};
        for (String script : scripts) {
            sameScript("EVAL", script, "0");
            sameScript("EVAL_RO", script, "0");
            sameScript("SCRIPT", "LOAD", script);
        }
        same("GET", "k");
        String sha = same("SCRIPT", "LOAD", "#!lua\nreturn redis.call('set', KEYS[1], 'y')").text();
        sameScript("EVALSHA_RO", sha, "1", "k");
        sameScript("EVALSHA", sha, "1", "k");
        same("GET", "k");
    }

    @Test
    void readOnlyScriptsRefuseWrites() throws IOException {
        same("SET", "k", "v");
        sameScript("EVAL_RO", "return redis.call('GET', KEYS[1])", "1", "k");
        sameScript("EVAL_RO", "return redis.call('SET', KEYS[1], 'x')", "1", "k");
        sameScript("EVAL_RO", "return redis.pcall('SET', KEYS[1], 'x')", "1", "k");
        sameScript("EVAL_RO", "return redis.pcall('DEL', KEYS[1])", "1", "k");
        sameScript("EVAL_RO", "return redis.call('TIME')[1] ~= nil", "0");
        same("GET", "k");
        same("SCRIPT", "LOAD", "return redis.call('SET', KEYS[1], 'y')");
        sameScript("EVALSHA_RO", "4f939367eaed7accaa7030e7ae2a1fc95f7f3497", "1", "k");
        same("GET", "k");
    }

    @Test
    void scriptWritesWakeBlockedClients() throws IOException {
        try (RespConnection blockedOurs = newOurs(); RespConnection blockedReference = newReference()) {
            blockedOurs.send("BLPOP", "queue", "0");
            blockedReference.send("BLPOP", "queue", "0");
            // CLIENT LIST would race; a PING on the same connection orders the BLPOP before the script.
            assertThat(ours.call("PING").text()).isEqualTo("PONG");
            assertThat(reference.call("PING").text()).isEqualTo("PONG");
            waitBlocked(ours);
            waitBlocked(reference);
            sameScript("EVAL", "redis.call('RPUSH', KEYS[1], 'a', 'b'); return redis.call('LLEN', KEYS[1])", "1",
                    "queue");
            assertThat(blockedOurs.read().toString()).isEqualTo(blockedReference.read().toString());
            same("LRANGE", "queue", "0", "-1");
        }
    }

    /** Waits until the server reports a blocked client (no sleeps: INFO clients is polled on the connection). */
    private static void waitBlocked(RespConnection connection) throws IOException {
        for (int i = 0; i < 10_000; i++) {
            if (connection.call("INFO", "clients").text().contains("blocked_clients:1")) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("client did not block");
    }

    // ---- The scripts the patterns run ------------------------------------------------------------------------------

    /** Token bucket: capacity ARGV[1], refill ARGV[2] tokens per second, takes ARGV[3]; time from the server. */
    static final String TOKEN_BUCKET = String.join("\n",
            "local capacity = tonumber(ARGV[1])",
            "local rate = tonumber(ARGV[2])",
            "local requested = tonumber(ARGV[3])",
            "local t = redis.call('TIME')",
            "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)",
            "local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')",
            "local tokens = tonumber(state[1]) or capacity",
            "local ts = tonumber(state[2]) or now",
            "local elapsed = math.max(0, now - ts)",
            "tokens = math.min(capacity, tokens + elapsed * rate / 1000)",
            "local allowed = 0",
            "if tokens >= requested then",
            "  tokens = tokens - requested",
            "  allowed = 1",
            "end",
            "redis.call('HSET', KEYS[1], 'tokens', tokens, 'ts', now)",
            "redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)",
            "return {allowed, math.floor(tokens)}");

    static final String COMPARE_AND_DELETE = String.join("\n",
            "if redis.call('GET', KEYS[1]) == ARGV[1] then",
            "  return redis.call('DEL', KEYS[1])",
            "end",
            "return 0");

    static final String FENCED_ACQUIRE = String.join("\n",
            "if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then",
            "  return redis.call('INCR', KEYS[2])",
            "end",
            "return nil");

    @Test
    void tokenBucket() throws IOException {
        // A slow refill (1 token per 1000 s) keeps the outcome independent of the moment each server is asked.
        for (int i = 0; i < 7; i++) {
            sameScript("EVAL", TOKEN_BUCKET, "1", "bucket", "5", "0.001", "1");
        }
        sameScript("EVAL", TOKEN_BUCKET, "1", "bucket2", "10", "0.001", "4");
        sameScript("EVAL", TOKEN_BUCKET, "1", "bucket2", "10", "0.001", "7");
        // The fraction of a token refilled depends on the moment each server ran the script: not compared.
        same("HLEN", "bucket");
        sameWithin(50, "PTTL", "bucket");
        same("TYPE", "bucket");
        String sha = same("SCRIPT", "LOAD", TOKEN_BUCKET).text();
        sameScript("EVALSHA", sha, "1", "bucket3", "2", "0.001", "1");
        sameScript("EVALSHA", sha, "1", "bucket3", "2", "0.001", "1");
        sameScript("EVALSHA", sha, "1", "bucket3", "2", "0.001", "1");
        same("SET", "notahash", "x");
        sameScript("EVALSHA", sha, "1", "notahash", "2", "0.001", "1");
    }

    @Test
    void compareAndDeleteAndFencedAcquire() throws IOException {
        same("SET", "lock", "owner-1");
        sameScript("EVAL", COMPARE_AND_DELETE, "1", "lock", "owner-2");
        same("GET", "lock");
        sameScript("EVAL", COMPARE_AND_DELETE, "1", "lock", "owner-1");
        same("EXISTS", "lock");
        sameScript("EVAL", COMPARE_AND_DELETE, "1", "lock", "owner-1");
        sameScript("EVAL", FENCED_ACQUIRE, "2", "lock", "fence", "owner-a", "60000");
        sameScript("EVAL", FENCED_ACQUIRE, "2", "lock", "fence", "owner-b", "60000");
        sameScript("EVAL", COMPARE_AND_DELETE, "1", "lock", "owner-a");
        sameScript("EVAL", FENCED_ACQUIRE, "2", "lock", "fence", "owner-b", "60000");
        same("GET", "fence");
        same("GET", "lock");
        sameWithin(50, "PTTL", "lock");
        sameScript("EVAL", FENCED_ACQUIRE, "2", "lock", "fence", "owner-c", "notanumber");
        sameScript("EVAL", FENCED_ACQUIRE, "2", "other", "fence", "owner-c", "-5");
    }
}
