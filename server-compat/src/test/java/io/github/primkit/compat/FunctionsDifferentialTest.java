package io.github.primkit.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis 7 Functions (FUNCTION LOAD/LIST/DELETE/FLUSH/STATS/KILL/HELP, FCALL, FCALL_RO) against the reference: the
 * library metadata and its errors, {@code redis.register_function}'s arguments, what library code may touch at load
 * time and what a function may touch at run time, read-only functions, REPLACE's atomicity, RESP3 replies and
 * functions inside MULTI; FUNCTION DUMP and RESTORE, each server restoring the other's payloads.
 *
 * <p>valkey 8.0 says {@code server.register_function} where Redis 7.2 (and the bundled server) says
 * {@code redis.register_function}, and rewords a few script errors; {@link #sameFn} maps the reference's texts to
 * Redis 7.2's before comparing (see {@link ScriptingDifferentialTest#redis72}). Functions survive FLUSHALL, so every
 * test starts with FUNCTION FLUSH on both servers. FUNCTION LIST answers libraries, and the functions of a library,
 * in hash-table order: {@link #sameList} compares them sorted by name.
 */
class FunctionsDifferentialTest extends DifferentialTest {
    /** valkey 8.0 wording -> Redis 7.2 wording for Functions' texts, on top of ScriptingDifferentialTest's. */
    private static final String[][] FUNCTIONS_WORDING = {
        {"server.register_function", "redis.register_function"},
    };

    @BeforeEach
    void flushFunctions() throws IOException {
        same("FUNCTION", "FLUSH");
    }

    static String functions72(String text) {
        text = ScriptingDifferentialTest.redis72(text);
        if (text == null) {
            return null;
        }
        for (String[] pair : FUNCTIONS_WORDING) {
            text = text.replace(pair[0], pair[1]);
        }
        return text;
    }

    static Resp functions72(Resp reply) {
        return ScriptingDifferentialTest.mapTexts(reply, FunctionsDifferentialTest::functions72);
    }

    /** Like {@link #same}, with the reference's texts in Redis 7.2's wording. */
    Resp sameFn(Object... command) throws IOException {
        Resp expected = functions72(reference.call(command));
        Resp actual = ours.call(command);
        ScriptingDifferentialTest.compare(command, actual, expected);
        return actual;
    }

    /** FUNCTION LOAD of {@code code} on both servers. */
    Resp load(String code) throws IOException {
        return sameFn("FUNCTION", "LOAD", code);
    }

    /** A library {@code name} whose functions are the given {@code redis.register_function(...)} lines. */
    static String library(String name, String... body) {
        return "#!lua name=" + name + "\n" + String.join("\n", body);
    }

    /** FUNCTION LIST (any arguments) on both servers, compared with libraries and functions sorted by name. */
    Resp sameList(Object... command) throws IOException {
        Resp expected = canonicalList(functions72(reference.call(command)));
        Resp actual = ours.call(command);
        assertThat(String.valueOf(canonicalList(actual))).as("reply to %s (libraries and functions sorted)",
                describe(command)).isEqualTo(String.valueOf(expected));
        return actual;
    }

    /**
     * A FUNCTION LIST reply with its libraries sorted by library_name and each library's functions by name. A library
     * (and a function) is a flat key/value array in RESP2 and a map in RESP3; keys keep their place, only the list of
     * libraries and the list of functions are reordered. Anything else (an error) is returned as is.
     */
    static Resp canonicalList(Resp reply) {
        if (reply == null || reply.elements() == null || reply.type() != '*') {
            return reply;
        }
        List<Resp> libraries = new ArrayList<>();
        for (Resp library : reply.elements()) {
            if (library.elements() == null) {
                return reply;
            }
            List<Resp> fields = new ArrayList<>(library.elements());
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                Resp value = fields.get(i + 1);
                if ("functions".equals(fields.get(i).text()) && value.elements() != null) {
                    List<Resp> functions = new ArrayList<>(value.elements());
                    functions.sort(Comparator.comparing(f -> String.valueOf(field(f, "name"))));
                    fields.set(i + 1, new Resp(value.type(), value.text(), functions));
                }
            }
            libraries.add(new Resp(library.type(), library.text(), fields));
        }
        libraries.sort(Comparator.comparing(l -> String.valueOf(field(l, "library_name"))));
        return new Resp(reply.type(), reply.text(), libraries);
    }

    /** The value of {@code key} in a flat key/value array or a map; null when absent. */
    private static Resp field(Resp pairs, String key) {
        if (pairs.elements() == null) {
            return null;
        }
        for (int i = 0; i + 1 < pairs.elements().size(); i += 2) {
            if (key.equals(pairs.elements().get(i).text())) {
                return pairs.elements().get(i + 1);
            }
        }
        return null;
    }

    // ---- FUNCTION LOAD ---------------------------------------------------------------------------------------------

    @Test
    void libraryMetadataErrors() throws IOException {
        String body = "redis.register_function('f1', function(keys, args) return 1 end)";
        String[] codes = {
            "return 1", "", "#!lua", "#!lua\n" + body, "#!lua name=lib1", "#!lua name=lib1 " + body,
            "#!lua name=lib1 foo=bar\n" + body, "#!lua name=lib1 name=lib2\n" + body, "#!lua name=a name=a\n" + body,
            "#!lua name=bad-name\n" + body, "#!lua name=\n" + body, "#!lua name\n" + body, "#!lua name=lib.1\n" + body,
            "#!lua name=lib 1\n" + body, "#!js name=lib1\n" + body, "#!\n" + body, "#! name=lib1\n" + body,
            "#!lua name=lib1\n", "#!lua name=lib1\nreturn 1", "#!lua name=lib1\n\n",
            "#!lua name=lib1\nlocal x = 1", "#!lua name=lib1\nreturn 1 +", "#!lua name=lib1\nif true then",
            "#!lua name=lib1\n" + body + "\n" + body,
            "# name=lib1\n" + body, "--!lua name=lib1\n" + body, " #!lua name=lib1\n" + body,
        };
        // Not tested: one library registering f1 and F1. Both servers accept it, and FUNCTION DELETE of that library
        // then fails an assertion and crashes them (functions.c 'ret == DICT_OK', valkey 8.0.1 and Redis 7.0.15).
        for (String code : codes) {
            load(code);
        }
        sameList("FUNCTION", "LIST");
        // Valid variants: engine name and metadata key case, extra spaces, an underscore and digits in the name.
        load("#!lua NAME=named\n" + body.replace("f1", "n0"));
        load("#!LUA name=upper\n" + body.replace("f1", "u1"));
        load("#!lua name=spaces  \n" + body.replace("f1", "s1"));
        load("#!lua  name=lead\n" + body.replace("f1", "l1"));
        load("#!lua name=_Lib_9\n" + body.replace("f1", "n1"));
        load("#!lua name=crlf\r\n" + body.replace("f1", "c1"));
        sameList("FUNCTION", "LIST");
        // A library name is taken, and so is a function name (in any library).
        load(library("lib1", body));
        load(library("lib1", body.replace("f1", "other")));
        load(library("lib2", body));
        load(library("lib2", body.replace("f1", "F1")));
        load(library("LIB1", body.replace("f1", "f2")));
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "STATS");
        // FUNCTION LOAD's own arguments.
        same("FUNCTION", "LOAD");
        load("REPLACE");
        same("FUNCTION", "LOAD", "a", "b", "c");
        same("FUNCTION", "LOAD", "REPLACE", "a", "b");
        same("FUNCTION", "LOAD", "a", library("lib3", body.replace("f1", "f3")));
        sameFn("FUNCTION", "LOAD", "REPLACE", "REPLACE", library("lib3", body.replace("f1", "f3")));
        sameFn("FUNCTION", "LOAD", "replace", library("lib3", body.replace("f1", "f3")));
        sameFn("FUNCTION", "LOAD", "Replace", library("lib3", body.replace("f1", "f3")));
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "lib3");
    }

    @Test
    void libraryCodeOnlySeesRegisterFunctionAndLogAtLoad() throws IOException {
        String[] bodies = {
            "local n = string.len('x')\nredis.register_function('f', function() return n end)",
            "redis.call('PING')\nredis.register_function('f', function() return 1 end)",
            "redis.pcall('PING')\nredis.register_function('f', function() return 1 end)",
            "error('boom')", "error({err = 'MY custom'})", "local x = nil + 1",
            "local t = math.floor(1.5)", "local t = table.concat({'a'})", "local t = cjson.encode({})",
            "local t = tostring(1)", "local t = type(1)", "local t = pairs({})", "local t = KEYS",
            "local t = redis.sha1hex('x')", "local t = redis.error_reply('x')", "local t = redis.setresp(3)",
            "local t = redis.breakpoint()", "local t = redis.set_repl(redis.REPL_ALL)",
            "x = 1\nredis.register_function('f', function() return 1 end)",
            "function helper() return 1 end\nredis.register_function('f', function() return helper() end)",
            "redis.log(99, 'x')", "redis.log()", "local t = redis.nosuch",
            "local t = {}\nfor k in pairs(redis) do t[#t + 1] = k end",
            "while true do end",
        };
        for (String body : bodies) {
            sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1", body));
        }
        sameList("FUNCTION", "LIST");
        // What library code may use: redis.log, the log levels, redis.REDIS_VERSION (its value is not compared).
        load(library("log1", "redis.log(redis.LOG_WARNING, 'loading')",
                "redis.register_function('f', function() return 1 end)"));
        load(library("log2", "redis.log(redis.LOG_DEBUG, 'a')", "redis.log(redis.LOG_VERBOSE, 'b')",
                "redis.log(redis.LOG_NOTICE, 'c')", "redis.register_function('g', function() return 2 end)"));
        load(library("version", "local v = type(redis.REDIS_VERSION) .. type(redis.REDIS_VERSION_NUM)",
                "redis.register_function('v', function() return v end)"));
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "f", "0");
        sameFn("FCALL", "g", "0");
        sameFn("FCALL", "v", "0");
    }

    @Test
    void registerFunctionArgumentErrors() throws IOException {
        String[] calls = {
            "redis.register_function()", "redis.register_function('f')", "redis.register_function(5)",
            "redis.register_function('f', 5)", "redis.register_function('f', 'g')", "redis.register_function('f', {})",
            "redis.register_function(nil, function() end)", "redis.register_function({}, function() end)",
            "redis.register_function(true, function() end)", "redis.register_function(function() end, 'f')",
            "redis.register_function('f', function() end, 'x')",
            "redis.register_function('f', function() end, {flags = {'no-writes'}})",
            "redis.register_function{}", "redis.register_function{function_name = 'f'}",
            "redis.register_function{callback = function() end}",
            "redis.register_function{function_name = 'f', callback = function() end, bogus = 1}",
            "redis.register_function{function_name = 'f', callback = function() end, flags = 'no-writes'}",
            "redis.register_function{function_name = 'f', callback = function() end, flags = {'bogus'}}",
            "redis.register_function{function_name = 'f', callback = function() end, flags = {1}}",
            "redis.register_function{function_name = 'f', callback = function() end, flags = {no_writes = true}}",
            "redis.register_function{function_name = 'f', callback = function() end, description = 5}",
            "redis.register_function{function_name = 'f', callback = function() end, description = {}}",
            "redis.register_function{function_name = 5, callback = function() end}",
            "redis.register_function{function_name = {}, callback = function() end}",
            "redis.register_function{function_name = 'f', callback = 'g'}",
            "redis.register_function{'f', function() end}",
            "redis.register_function{function_name = 'f', callback = function() end, 5}",
            "redis.register_function('bad-name', function() end)", "redis.register_function('', function() end)",
            "redis.register_function('a b', function() end)",
            "redis.register_function{function_name = 'bad.name', callback = function() end}",
            "redis.register_function{function_name = '', callback = function() end}",
        };
        for (String call : calls) {
            sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1", call));
        }
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "DELETE", "lib1");
        // What is accepted: a number as the name (not a fraction: its dot is not allowed), flags in any case, an empty
        // flags table, the named form with every field.
        load(library("lib2", "redis.register_function(1, function() return 'one' end)",
                "redis.register_function(0x10, function() return 'sixteen' end)"));
        load(library("lib4", "redis.register_function(2.5, function() return 'two and a half' end)"));
        load(library("lib5", "redis.register_function(-2, function() return 'minus two' end)"));
        sameFn("FCALL", "1", "0");
        sameFn("FCALL", "16", "0");
        sameFn("FCALL", "2.5", "0");
        load(library("lib3",
                "redis.register_function{function_name = 'all', callback = function() return 'all' end,",
                "  description = 'every flag', flags = {'allow-cross-slot-keys', 'no-cluster', 'allow-stale',",
                "  'allow-oom', 'no-writes'}}",
                "redis.register_function{function_name = 'none', callback = function() return 'none' end,",
                "  flags = {}}",
                "redis.register_function{function_name = 'dup', callback = function() return 'dup' end,",
                "  flags = {'no-writes', 'no-writes'}, description = ''}",
                "redis.register_function{function_name = 'only_cb', callback = function() return 'cb' end}",
                "redis.register_function{function_name = 'upper', callback = function() return 'up' end,",
                "  flags = {'NO-WRITES', 'Allow-Stale'}}"));
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "all", "0");
        sameFn("FCALL_RO", "all", "0");
        sameFn("FCALL_RO", "none", "0");
        sameFn("FCALL_RO", "dup", "0");
        sameFn("FCALL_RO", "upper", "0");
    }

    // ---- FCALL ------------------------------------------------------------------------------------------------------

    @Test
    void fcallPassesKeysAndArgsAndFindsFunctionsCaseInsensitively() throws IOException {
        load(library("lib1",
                "redis.register_function('f1', function(keys, args) return {keys, args} end)",
                "redis.register_function('setget', function(keys, args)",
                "  redis.call('SET', keys[1], args[1])",
                "  return redis.call('GET', keys[1])",
                "end)",
                "redis.register_function('count', function(keys, args) return {#keys, #args} end)",
                "local function helper(x) return x * 2 end",
                "redis.register_function('double', function(keys, args) return helper(tonumber(args[1])) end)",
                "redis.register_function('nothing', function() end)"));
        sameFn("FCALL", "f1", "0");
        sameFn("FCALL", "f1", "2", "a", "b", "c", "d");
        sameFn("FCALL", "f1", "1", "a");
        sameFn("FCALL", "f1", "0", "x", "y");
        sameFn("FCALL", "F1", "1", "k");
        sameFn("FCALL", "fcall_not_f1", "0");
        sameFn("FCALL_RO", "f1", "0");
        sameFn("fcall", "Count", "3", "a", "b", "c", "d");
        sameFn("FCALL", "count", "03", "a", "b", "c");
        sameFn("FCALL", "setget", "1", "key", "value");
        same("GET", "key");
        sameFn("FCALL", "setget", "1", "other", "");
        same("GET", "other");
        sameUnordered("KEYS", "*");
        sameFn("FCALL", "double", "0", "21");
        sameFn("FCALL", "double", "0", "x");
        sameFn("FCALL", "nothing", "0");
        // Errors: arity, the number of keys, an unknown function.
        same("FCALL");
        same("FCALL", "f1");
        same("FCALL_RO");
        same("FCALL_RO", "f1");
        sameFn("FCALL", "f1", "abc");
        sameFn("FCALL", "f1", "1.5", "a");
        sameFn("FCALL", "f1", "");
        sameFn("FCALL", "f1", "-1");
        sameFn("FCALL", "f1", "1");
        sameFn("FCALL", "f1", "3", "a", "b");
        sameFn("FCALL", "f1", "99999999999999999999");
        sameFn("FCALL", "nosuch", "0");
        sameFn("FCALL", "nosuch", "-1");
        sameFn("FCALL", "nosuch", "abc");
        sameFn("FCALL", "nosuch", "5");
        sameFn("FCALL_RO", "nosuch", "0");
        sameFn("FCALL", "", "0");
        // Functions survive FLUSHALL; FUNCTION FLUSH removes them.
        same("FLUSHALL");
        sameFn("FCALL", "f1", "1", "k", "v");
        same("FUNCTION", "FLUSH");
        sameFn("FCALL", "f1", "1", "k", "v");
        // EVAL cannot call FCALL, nor a function call FUNCTION.
        load(library("lib1", "redis.register_function('f1', function() return redis.call('FUNCTION', 'LIST') end)",
                "redis.register_function('f2', function() return redis.call('FCALL', 'f1', 0) end)",
                "redis.register_function('f3', function() return redis.pcall('FCALL', 'f1', 0) end)"));
        sameFn("EVAL", "return redis.call('fcall', 'f1', 0)", "0");
        sameFn("EVAL", "return redis.pcall('fcall_ro', 'f1', 0)", "0");
        sameFn("EVAL", "return redis.call('function', 'list')", "0");
        sameFn("FCALL", "f1", "0");
        sameFn("FCALL", "f2", "0");
        sameFn("FCALL", "f3", "0");
    }

    @Test
    void runtimeEnvironmentOfAFunction() throws IOException {
        same("SET", "k", "v");
        same("SET", "s", "text");
        load(library("lib1",
                "redis.register_function('kv', function(keys, args) return KEYS end)",
                "redis.register_function('argv', function(keys, args) return ARGV end)",
                "redis.register_function('glob', function(keys, args) newglobal = 1 return 1 end)",
                "redis.register_function('undef', function(keys, args) return undefined_variable end)",
                "redis.register_function('boom', function(keys, args)",
                "  error('bad thing')",
                "end)",
                "redis.register_function('errtable', function() error({err = 'MYERR custom'}) end)",
                "redis.register_function('reg', function() return redis.register_function('x', function() end) end)",
                "redis.register_function('pcall', function(keys) return redis.pcall('INCR', keys[1]) end)",
                "redis.register_function('call', function(keys) return redis.call('INCR', keys[1]) end)",
                "redis.register_function('caught', function(keys)",
                "  local r = redis.pcall('INCR', keys[1])",
                "  return {type(r), r.err}",
                "end)",
                "redis.register_function('errrep', function() return redis.error_reply('MY failure') end)",
                "redis.register_function('errrep2', function() return redis.error_reply('plain') end)",
                "redis.register_function('status', function() return redis.status_reply('FINE') end)",
                "redis.register_function('unknown', function() return redis.call('nosuchcommand') end)",
                "redis.register_function('arity', function() return redis.call('GET') end)",
                "redis.register_function('libs', function()",
                "  return {type(string), type(math), type(table), type(cjson), type(bit), type(struct),",
                "    type(cmsgpack), type(redis.sha1hex), type(redis.setresp), type(redis.log)}",
                "end)",
                "redis.register_function('sha', function(keys, args) return redis.sha1hex(args[1]) end)",
                "redis.register_function('log', function() redis.log(redis.LOG_NOTICE, 'hi') return 'logged' end)",
                "redis.register_function('badlog', function() redis.log(99, 'x') end)",
                "redis.register_function('strlib', function(keys, args) return string.upper(args[1]) end)",
                "redis.register_function('modlib', function() string.x = 1 return 1 end)",
                "redis.register_function('other', function() return otherhelper(1) end)",
                "redis.register_function('values', function()",
                "  return {1, 'two', 3.7, true, false, {4, {5}}, {ok = 'okay'}, {err = 'ERR inner'}}",
                "end)",
                "redis.register_function('nilret', function() return nil end)",
                "redis.register_function('os', function() return {type(os), type(os.clock), type(os.time)} end)"));
        load(library("lib2",
                "local function otherhelper(x) return x end",
                "redis.register_function('mine', function() return otherhelper(7) end)"));
        String[] names = {"kv", "argv", "glob", "undef", "boom", "errtable", "reg", "errrep", "errrep2", "status",
            "unknown", "arity", "libs", "log", "badlog", "modlib", "other", "mine", "values", "nilret"};
        for (String name : names) {
            sameFn("FCALL", name, "0");
        }
        sameFn("FCALL", "kv", "1", "k");
        sameFn("FCALL", "pcall", "1", "s");
        sameFn("FCALL", "call", "1", "s");
        sameFn("FCALL", "caught", "1", "s");
        sameFn("FCALL", "pcall", "1", "n");
        sameFn("FCALL", "call", "1", "n");
        same("GET", "n");
        sameFn("FCALL", "sha", "0", "abc");
        sameFn("FCALL", "strlib", "0", "abc");
        // A function's global-variable attempt did not leak into another.
        sameFn("FCALL", "undef", "0");
        sameFn("EVAL", "return newglobal", "0");
        sameFn("FCALL", "os", "0");
    }

    @Test
    void setrespInsideAFunction() throws IOException {
        same("HSET", "h", "f", "v");
        same("SADD", "s", "m");
        load(library("lib1",
                "redis.register_function('t', function() redis.setresp(3) return true end)",
                "redis.register_function('f', function() redis.setresp(3) return false end)",
                "redis.register_function('b2', function() return {true, false} end)",
                "redis.register_function('n', function() redis.setresp(3) return nil end)",
                "redis.register_function('hgetall', function(keys) redis.setresp(3)",
                "  return redis.call('HGETALL', keys[1]) end)",
                "redis.register_function('maptype', function(keys) redis.setresp(3)",
                "  local r = redis.call('HGETALL', keys[1]) return {type(r.map), r.map.f} end)",
                "redis.register_function('smembers', function(keys) redis.setresp(3)",
                "  return redis.call('SMEMBERS', keys[1]) end)",
                "redis.register_function('double', function() redis.setresp(3) return {double = 1.5} end)",
                "redis.register_function('map', function() return {map = {a = 1}} end)",
                "redis.register_function('set', function() return {set = {a = true}} end)",
                "redis.register_function('bad', function() return redis.setresp(4) end)",
                "redis.register_function('none', function() return redis.setresp() end)"));
        for (int protocol = 2; protocol <= 3; protocol++) {
            if (protocol == 3) {
                resp3();
            }
            for (String name : new String[] {"t", "f", "b2", "n", "double", "map", "set", "bad", "none"}) {
                sameFn("FCALL", name, "0");
            }
            for (String name : new String[] {"hgetall", "maptype", "smembers"}) {
                sameFn("FCALL", name, "1", name.equals("smembers") ? "s" : "h");
            }
        }
    }

    // ---- Read-only functions ---------------------------------------------------------------------------------------

    @Test
    void readOnlyFunctionsAndFcallRo() throws IOException {
        same("SET", "k", "v");
        load(library("lib1",
                "redis.register_function{function_name = 'ro_get', callback = function(keys)",
                "  return redis.call('GET', keys[1]) end, flags = {'no-writes'}}",
                "redis.register_function{function_name = 'ro_set', callback = function(keys)",
                "  return redis.call('SET', keys[1], 'x') end, flags = {'no-writes'}}",
                "redis.register_function{function_name = 'ro_pset', callback = function(keys)",
                "  return redis.pcall('SET', keys[1], 'x') end, flags = {'no-writes'}}",
                "redis.register_function('rw_get', function(keys) return redis.call('GET', keys[1]) end)",
                "redis.register_function('rw_set', function(keys) return redis.call('SET', keys[1], 'y') end)"));
        sameFn("FCALL", "ro_get", "1", "k");
        sameFn("FCALL_RO", "ro_get", "1", "k");
        sameFn("FCALL", "ro_set", "1", "k");
        sameFn("FCALL_RO", "ro_set", "1", "k");
        sameFn("FCALL", "ro_pset", "1", "k");
        sameFn("FCALL_RO", "ro_pset", "1", "k");
        sameFn("FCALL_RO", "rw_get", "1", "k");
        sameFn("FCALL_RO", "rw_set", "1", "k");
        sameFn("fcall_ro", "RW_SET", "1", "k");
        same("GET", "k");
        sameFn("FCALL", "rw_set", "1", "k");
        same("GET", "k");
        sameFn("FCALL", "rw_get", "1", "k");
    }

    // ---- LIST, DELETE, FLUSH, STATS, KILL, HELP --------------------------------------------------------------------

    @Test
    void listDeleteFlushAndStats() throws IOException {
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "STATS");
        String lib1 = library("lib1", "redis.register_function('f1', function() return 1 end)",
                "redis.register_function{function_name = 'f2', callback = function() return 2 end,",
                "  description = 'second', flags = {'no-writes', 'allow-stale'}}");
        String lib2 = library("LIB1", "redis.register_function('g1', function() return 'g' end)");
        String lib3 = library("other_lib", "redis.register_function('h1', function() return 'h' end)",
                "redis.register_function('h2', function() return 'h2' end)",
                "redis.register_function('h3', function() return 'h3' end)");
        load(lib1);
        load(lib2);
        load(lib3);
        sameList("FUNCTION", "LIST");
        sameList("FUNCTION", "LIST", "WITHCODE");
        sameList("function", "list", "withcode");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "lib1");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "LIB1");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "lib*");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "*lib*", "WITHCODE");
        sameList("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME", "o?her_[l]ib");
        sameList("FUNCTION", "LIST", "libraryname", "nomatch");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "f1");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "");
        sameList("FUNCTION", "LIST", "LIBRARYNAME");
        sameList("FUNCTION", "LIST", "WITHCODE", "LIBRARYNAME");
        sameList("FUNCTION", "LIST", "foo");
        sameList("FUNCTION", "LIST", "WITHCODE", "WITHCODE");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "a", "LIBRARYNAME", "b");
        sameList("FUNCTION", "LIST", "WITHCODE", "foo");
        same("FUNCTION", "STATS");
        same("FUNCTION", "STATS", "extra");
        // DELETE: exact, case-sensitive library names.
        same("FUNCTION", "DELETE", "nosuch");
        same("FUNCTION", "DELETE", "lib*");
        same("FUNCTION", "DELETE");
        same("FUNCTION", "DELETE", "lib1", "LIB1");
        same("FUNCTION", "DELETE", "LIB1");
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "g1", "0");
        sameFn("FCALL", "f1", "0");
        same("FUNCTION", "DELETE", "LIB1");
        same("FUNCTION", "DELETE", "lib1");
        sameFn("FCALL", "f1", "0");
        same("FUNCTION", "STATS");
        sameList("FUNCTION", "LIST");
        // The deleted library's name and function names are free again.
        load(lib1);
        sameFn("FCALL", "f2", "0");
        // FLUSH, with and without a mode.
        same("FUNCTION", "FLUSH", "ASYNC");
        sameList("FUNCTION", "LIST");
        load(lib1);
        same("FUNCTION", "FLUSH", "sync");
        same("FUNCTION", "STATS");
        load(lib1);
        same("FUNCTION", "FLUSH");
        same("FUNCTION", "FLUSH", "bad");
        same("FUNCTION", "FLUSH", "SYNC", "ASYNC");
        same("FUNCTION", "FLUSH");
        // KILL with nothing running.
        same("FUNCTION", "KILL");
        same("FUNCTION", "KILL", "extra");
    }

    @Test
    void functionSubcommandsAndHelp() throws IOException {
        same("FUNCTION");
        same("FUNCTION", "NOSUCH");
        same("FUNCTION", "nosuch", "a", "b");
        same("FUNCTION", "");
        // HELP texts differ slightly between servers (valkey omits a line): only the shape is compared.
        Resp expected = reference.call("FUNCTION", "HELP");
        Resp actual = ours.call("FUNCTION", "HELP");
        assertThat(expected.type()).isEqualTo('*');
        assertThat(actual.type()).as("FUNCTION HELP: %s", actual).isEqualTo('*');
        assertThat(actual.elements()).isNotEmpty().allSatisfy(line -> assertThat(line.type()).isEqualTo('+'));
        assertThat(actual.elements().get(0).text()).isEqualTo(expected.elements().get(0).text());
        same("FUNCTION", "HELP", "extra");
    }

    @Test
    void loadTimesOutOnAnEndlessLoop() throws IOException {
        load(library("lib1", "while true do end"));
        load(library("lib1", "redis.register_function('f1', function() return 1 end)", "while true do end"));
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "KILL");
        same("PING");
    }

    // ---- REPLACE ---------------------------------------------------------------------------------------------------

    @Test
    void replaceSwapsALibraryAtomically() throws IOException {
        load(library("lib1", "redis.register_function('f1', function() return 'v1' end)",
                "redis.register_function('f2', function() return 'v1 f2' end)"));
        load(library("lib2", "redis.register_function('f10', function() return 'lib2' end)"));
        load(library("lib1", "redis.register_function('f1', function() return 'v2' end)"));
        sameFn("FCALL", "f1", "0");
        // REPLACE: f1 is rewritten, f2 disappears, f3 appears.
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1",
                "redis.register_function('f1', function() return 'v2' end)",
                "redis.register_function('f3', function() return 'v2 f3' end)"));
        sameFn("FCALL", "f1", "0");
        sameFn("FCALL", "f2", "0");
        sameFn("FCALL", "f3", "0");
        sameList("FUNCTION", "LIST", "WITHCODE");
        // A failing replacement keeps the library as it was: a function owned by another library...
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1",
                "redis.register_function('f1', function() return 'v3' end)",
                "redis.register_function('f10', function() return 'stolen' end)"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1",
                "redis.register_function('f1', function() return 'v3' end)",
                "redis.register_function('F10', function() return 'stolen' end)"));
        // ...a compile error, a runtime error at load, no functions at all, a duplicate.
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1", "redis.register_function('f1', function() return"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1",
                "redis.register_function('f1', function() return 'v3' end)", "local x = nil + 1"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1", "local x = 1"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1",
                "redis.register_function('f1', function() return 'v3' end)",
                "redis.register_function('f1', function() return 'v3' end)"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib1", "while true do end"));
        sameFn("FCALL", "f1", "0");
        sameFn("FCALL", "f3", "0");
        sameFn("FCALL", "f10", "0");
        sameList("FUNCTION", "LIST", "WITHCODE");
        same("FUNCTION", "STATS");
        // REPLACE of a library that does not exist loads it; functions may move between libraries by replacing.
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib3",
                "redis.register_function('f4', function() return 4 end)"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib2",
                "redis.register_function('f11', function() return 11 end)"));
        load(library("lib3", "redis.register_function('f10', function() return 'moved' end)"));
        sameFn("FUNCTION", "LOAD", "REPLACE", library("lib3",
                "redis.register_function('f4', function() return 4 end)",
                "redis.register_function('f10', function() return 'moved' end)"));
        sameFn("FCALL", "f10", "0");
        sameFn("FCALL", "f11", "0");
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "STATS");
    }

    // ---- RESP3 -----------------------------------------------------------------------------------------------------

    @Test
    void resp3Replies() throws IOException {
        resp3();
        sameList("FUNCTION", "LIST");
        same("FUNCTION", "STATS");
        load(library("lib1",
                "redis.register_function{function_name = 'f1', callback = function(keys, args)",
                "  return {keys, args} end, description = 'both', flags = {'no-writes', 'no-cluster'}}",
                "redis.register_function('values', function()",
                "  return {1, 'two', 3.7, true, false, {4, {5}}, {ok = 'okay'}}",
                "end)",
                "redis.register_function('map', function() return {map = {a = 1}} end)",
                "redis.register_function('set', function() return {set = {x = true}} end)",
                "redis.register_function('double', function() return {double = 2.5} end)",
                "redis.register_function('big', function() return {big_number = '12345678901234567890'} end)",
                "redis.register_function('verbatim', function()",
                "  return {verbatim_string = {format = 'txt', string = 'hi'}} end)",
                "redis.register_function('nilret', function() return nil end)",
                "redis.register_function('err', function() return redis.error_reply('MY err') end)",
                "redis.register_function('hgetall', function(keys) return redis.call('HGETALL', keys[1]) end)"));
        load(library("lib2", "redis.register_function('g', function() return 'g' end)"));
        same("HSET", "h", "f", "v");
        sameFn("FCALL", "f1", "2", "a", "b", "c");
        sameFn("FCALL_RO", "f1", "1", "a", "b");
        for (String name : new String[] {"values", "map", "set", "double", "big", "verbatim", "nilret", "err"}) {
            sameFn("FCALL", name, "0");
        }
        sameFn("FCALL_RO", "values", "0");
        sameFn("FCALL", "hgetall", "1", "h");
        sameFn("FCALL", "nosuch", "0");
        sameList("FUNCTION", "LIST");
        sameList("FUNCTION", "LIST", "WITHCODE");
        sameList("FUNCTION", "LIST", "LIBRARYNAME", "lib2");
        same("FUNCTION", "STATS");
        same("FUNCTION", "KILL");
        same("FUNCTION", "DELETE", "lib2");
        same("FUNCTION", "STATS");
    }

    // ---- MULTI -----------------------------------------------------------------------------------------------------

    @Test
    void functionsInsideMulti() throws IOException {
        load(library("lib1",
                "redis.register_function('incr', function(keys) return redis.call('INCR', keys[1]) end)",
                "redis.register_function{function_name = 'get', callback = function(keys)",
                "  return redis.call('GET', keys[1]) end, flags = {'no-writes'}}"));
        same("MULTI");
        sameFn("FCALL", "incr", "1", "counter");
        sameFn("FCALL", "INCR", "1", "counter");
        sameFn("FCALL_RO", "get", "1", "counter");
        sameFn("FCALL_RO", "incr", "1", "counter");
        sameFn("FCALL", "nosuch", "0");
        sameFn("FCALL", "incr", "-1");
        sameFn("FCALL", "incr", "5", "a");
        sameFn("FUNCTION", "LOAD", library("lib2",
                "redis.register_function('later', function(keys) return redis.call('SET', keys[1], 'later') end)"));
        sameFn("FCALL", "later", "1", "k");
        same("FUNCTION", "STATS");
        sameFn("EXEC");
        same("GET", "counter");
        same("GET", "k");
        // An arity error is caught when queued and aborts the transaction.
        same("MULTI");
        sameFn("FCALL", "incr", "1", "counter");
        same("FCALL", "incr");
        sameFn("EXEC");
        same("GET", "counter");
        same("MULTI");
        same("FUNCTION", "DELETE", "lib2");
        sameFn("FCALL", "later", "1", "k");
        same("FUNCTION", "FLUSH");
        sameFn("FCALL", "incr", "1", "counter");
        sameFn("EXEC");
        // A function's write breaks another client's WATCH; a read does not.
        load(library("lib1",
                "redis.register_function('set', function(keys) return redis.call('SET', keys[1], 'x') end)",
                "redis.register_function('get', function(keys) return redis.call('GET', keys[1]) end)"));
        try (RespConnection otherOurs = newOurs(); RespConnection otherReference = newReference()) {
            same("WATCH", "w");
            otherOurs.call("FCALL", "set", "1", "w");
            otherReference.call("FCALL", "set", "1", "w");
            same("MULTI");
            same("GET", "w");
            same("EXEC");
            same("WATCH", "w");
            otherOurs.call("FCALL_RO", "get", "1", "w");
            otherReference.call("FCALL_RO", "get", "1", "w");
            same("MULTI");
            same("GET", "w");
            same("EXEC");
        }
    }

    // ---- FUNCTION DUMP / RESTORE ----------------------------------------------------------------------------------

    /** FUNCTION DUMP's payload, as bytes. */
    private static byte[] dump(RespConnection connection) throws IOException {
        Resp reply = connection.call("FUNCTION", "DUMP");
        assertThat(reply.type()).as("FUNCTION DUMP: %s", reply).isEqualTo('$');
        return reply.text().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Test
    void dumpAndRestoreMoveLibrariesBetweenServers() throws IOException {
        // Long enough for Redis to LZF-compress its code in the payload; the small one is stored plain by both.
        StringBuilder big = new StringBuilder("#!lua name=biglib\n");
        for (int i = 0; i < 30; i++) {
            big.append("redis.register_function{function_name='fn").append(i).append("', callback=function(keys, args)")
                    .append(" return 'value number ").append(i).append(" of a long library' end, flags={'no-writes'}")
                    .append(i % 2 == 0 ? ", description='even'" : "").append("}\n");
        }
        load(big.toString());
        load(library("lib1", "redis.register_function('f1', function(keys, args) return {keys, args} end)"));
        byte[] fromReference = dump(reference);
        byte[] fromOurs = dump(ours);
        // Into the other server: APPEND (the default) refuses libraries that exist, REPLACE and FLUSH take them.
        for (byte[] payload : List.of(fromReference, fromOurs)) {
            // Which existing library APPEND names first is hash order on the reference: compare the error's form.
            for (Object[] append : new Object[][] {{"FUNCTION", "RESTORE", payload},
                {"FUNCTION", "RESTORE", payload, "APPEND"}}) {
                for (RespConnection server : List.of(reference, ours)) {
                    assertThat(server.call(append).toString()).as("%s to %s", server == ours ? "ours" : "reference",
                            describe(append)).matches("-ERR Library (biglib|lib1) already exists");
                }
            }
            sameFn("FUNCTION", "RESTORE", payload, "replace");
            sameList("FUNCTION", "LIST", "WITHCODE");
            same("FUNCTION", "FLUSH");
            sameFn("FUNCTION", "RESTORE", payload);
            sameList("FUNCTION", "LIST", "WITHCODE");
            sameFn("FCALL", "fn17", "0");
            sameFn("FCALL_RO", "fn4", "0");
            sameFn("FCALL", "f1", "1", "k", "a");
            sameFn("FUNCTION", "RESTORE", payload, "FLUSH");
            sameFn("FUNCTION", "STATS");
        }
        // Ours restores valkey's payload, and valkey ours, whatever each had before.
        same("FUNCTION", "FLUSH");
        assertThat(ours.call("FUNCTION", "RESTORE", fromReference).text()).isEqualTo("OK");
        assertThat(reference.call("FUNCTION", "RESTORE", fromOurs).text()).isEqualTo("OK");
        sameList("FUNCTION", "LIST", "WITHCODE");
        // An empty set of libraries dumps and restores too.
        same("FUNCTION", "FLUSH");
        sameFn("FUNCTION", "RESTORE", dump(reference));
        sameFn("FUNCTION", "RESTORE", dump(ours));
        sameList("FUNCTION", "LIST");
    }

    @Test
    void restoreIsAllOrNothing() throws IOException {
        load(library("lib1", "redis.register_function('f1', function() return 1 end)"));
        load(library("lib2", "redis.register_function('f2', function() return 2 end)"));
        byte[] both = dump(reference);
        same("FUNCTION", "DELETE", "lib2");
        // lib2 would come back, but lib1 exists: APPEND fails and nothing of the payload is loaded.
        sameFn("FUNCTION", "RESTORE", both);
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "f2", "0");
        // A function of the payload that another library owns: even REPLACE fails, and leaves everything as it was.
        same("FUNCTION", "FLUSH");
        load(library("other", "redis.register_function('F2', function() return 'other' end)"));
        sameFn("FUNCTION", "RESTORE", both, "REPLACE");
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "f2", "0");
        sameFn("FUNCTION", "RESTORE", both, "FLUSH");
        sameList("FUNCTION", "LIST");
        sameFn("FCALL", "f2", "0");
    }

    @Test
    void restoreErrors() throws IOException {
        load(library("lib1", "redis.register_function('f1', function() return 1 end)"));
        byte[] payload = dump(reference);
        byte[] corrupted = payload.clone();
        corrupted[5] ^= 1;
        sameFn("FUNCTION", "RESTORE", corrupted);
        byte[] newerVersion = payload.clone();
        newerVersion[newerVersion.length - 10] = 99;
        sameFn("FUNCTION", "RESTORE", newerVersion);
        sameFn("FUNCTION", "RESTORE", "");
        sameFn("FUNCTION", "RESTORE", "short");
        sameFn("FUNCTION", "RESTORE", payload, "BAD");
        sameFn("FUNCTION", "RESTORE", payload, "APPEND", "extra");
        sameFn("FUNCTION", "RESTORE");
        sameFn("FUNCTION", "DUMP", "extra");
        // A key's DUMP is not a function payload (both servers write RDB version 11).
        same("SET", "k", "v");
        Resp keyDump = reference.call("DUMP", "k");
        sameFn("FUNCTION", "RESTORE", keyDump.text().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    // ---- Command table ---------------------------------------------------------------------------------------------

    @Test
    void commandTableEntries() throws IOException {
        sameCommandInfo("fcall", "fcall_ro");
        same("COMMAND", "GETKEYS", "FCALL", "f", "2", "a", "b", "c");
        same("COMMAND", "GETKEYS", "FCALL_RO", "f", "1", "a", "b");
        same("COMMAND", "GETKEYS", "FCALL", "f", "0", "a");
    }
}
