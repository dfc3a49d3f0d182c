package io.github.primkit.compat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The libraries Redis loads into its Lua ({@code cjson}, {@code bit}, {@code struct}, {@code cmsgpack}) and the
 * parts of the standard library scripts lean on (patterns, {@code string.format}, {@code tostring} of numbers, table
 * functions), each script compared with the reference's reply.
 *
 * <p>Objects with more than one key are not compared as encoded text: their key order is the Lua table's iteration
 * order, which Lua leaves unspecified. Those cases decode again, or sort, before returning.
 */
class ScriptingLibrariesDifferentialTest extends DifferentialTest {
    private void evalAll(String... scripts) throws IOException {
        for (String script : scripts) {
            Resp expected = ScriptingDifferentialTest.redis72(reference.call("EVAL", script, "0"));
            Resp actual = ours.call("EVAL", script, "0");
            ScriptingDifferentialTest.compare(new Object[] {"EVAL", script, "0"}, actual, expected);
        }
    }

    @Test
    void cjsonEncode() throws IOException {
        evalAll(
            "return cjson.encode({})", "return cjson.encode({1, 2, 3})", "return cjson.encode({a = 1})",
            "return cjson.encode('str')", "return cjson.encode(1)", "return cjson.encode(1.5)",
            "return cjson.encode(0.1)", "return cjson.encode(1/3)", "return cjson.encode(1e100)",
            "return cjson.encode(123456789012345)", "return cjson.encode(2^53)", "return cjson.encode(-0.0)",
            "return cjson.encode(true)", "return cjson.encode(false)", "return cjson.encode(cjson.null)",
            "return cjson.encode(nil)", "return cjson.encode()", "return cjson.encode(1, 2)",
            "return cjson.encode({{}, {{}}})", "return cjson.encode({1, {a = {2, 3}}})",
            "return cjson.encode('\"\\\\/\\b\\f\\n\\r\\t')", "return cjson.encode('\\0\\1\\31\\127')",
            "return cjson.encode('\\194\\169 unicode \\226\\130\\172')", "return cjson.encode('\\255\\254')",
            "return cjson.encode({[1] = 'a', [2] = 'b', [4] = 'd'})", "return cjson.encode({[1] = 'a', [3] = 'c'})",
            "return cjson.encode({[1] = 1, [20] = 2})", "return cjson.encode({[2] = 'b'})",
            "return cjson.encode({[0] = 'zero'})", "return cjson.encode({[-1] = 'neg'})",
            "return cjson.encode({[1.5] = 'frac'})", "return cjson.encode({[true] = 1})",
            "return cjson.encode({[1] = 'a', x = 'b'})", "return cjson.encode({[10] = 1})",
            "return cjson.encode({[11] = 1})", "return cjson.encode({1, 2, nil, 4})",
            "return cjson.encode(0/0)", "return cjson.encode(1/0)", "return cjson.encode(-1/0)",
            "return cjson.encode(function() end)", "return cjson.encode({f = function() end})",
            "return cjson.encode(coroutine.create(function() end))",
            "local t = {} t.self = t return cjson.encode(t)",
            "local t = {} local c = t for i = 1, 1100 do c[1] = {} c = c[1] end return cjson.encode(t)",
            "local t = {} local c = t for i = 1, 999 do c[1] = {} c = c[1] end return #cjson.encode(t)",
            "return cjson.encode({1e15, 1e16, 12345678901234567890, -5, 3.14159265358979})",
            "return cjson.encode({0.000001, 1e-7, 100, 1e14})",
            "return cjson.encode({['key with \"quotes\"'] = 'v'})", "return cjson.encode({[5] = 'x', [6] = 'y'})",
            "return cjson.encode_keep_buffer()", "return cjson.encode_keep_buffer(true)",
            "return cjson.encode_max_depth()", "return cjson.decode_max_depth()", "return cjson.encode_number_precision()",
            "return {cjson.encode_sparse_array()}", "return {cjson.encode_invalid_numbers()}",
            "return {cjson.decode_invalid_numbers()}", "return cjson._NAME", "return cjson._VERSION",
            "return cjson.encode_number_precision(3)", "return cjson.encode_number_precision(15)",
            "return cjson.encode_number_precision(0)", "return cjson.encode_number_precision(14)",
            "return type(cjson.null)", "return tostring(cjson.null == cjson.null)",
            "return type(cjson.new)", "return cjson.encode(cjson.new().decode('[1,2]'))");
    }

    @Test
    void cjsonDecode() throws IOException {
        evalAll(
            "return cjson.decode('[1,2,3]')", "return cjson.decode('{\"a\":1}').a", "return cjson.decode('\"s\"')",
            "return cjson.decode('1.5')", "return tostring(cjson.decode('1.5'))", "return cjson.decode('true')",
            "return tostring(cjson.decode('false'))", "return type(cjson.decode('null'))",
            "return cjson.decode('null') == cjson.null", "return cjson.decode('[1,null,3]')[3]",
            "return #cjson.decode('[1,null,3]')", "return type(cjson.decode('[1,null,3]')[2])",
            "return cjson.decode('{}')", "return cjson.decode('[]')", "return cjson.encode(cjson.decode('{}'))",
            "return cjson.encode(cjson.decode('[]'))", "return cjson.decode('\"\\\\u00e9\\\\u20ac\"')",
            "return cjson.decode('\"\\\\ud83d\\\\ude00\"')", "return cjson.decode('\"\\\\n\\\\t\\\\\\\\\\\\/\"')",
            "return cjson.decode('  [ 1 , 2 ]  ')", "return cjson.decode('1e2')", "return cjson.decode('-0')",
            "return tostring(cjson.decode('-0.0'))", "return cjson.decode('0x10')", "return cjson.decode('1E+2')",
            "return cjson.decode('123456789012345678')", "return tostring(cjson.decode('1e400'))",
            "return cjson.decode('')", "return cjson.decode('[')", "return cjson.decode('[1,]')",
            "return cjson.decode('{\"a\"}')", "return cjson.decode('{\"a\":}')", "return cjson.decode('{1:2}')",
            "return cjson.decode('nul')", "return cjson.decode('tru')", "return cjson.decode('[1] x')",
            "return cjson.decode('\"unterminated')", "return cjson.decode('\"bad \\\\q escape\"')",
            "return cjson.decode('\"\\\\u12\"')", "return cjson.decode('01')", "return cjson.decode('-')",
            "return cjson.decode('.5')", "return cjson.decode('NaN')", "return cjson.decode('Infinity')",
            "return cjson.decode('\"ctrl \\1 char\"')", "return cjson.decode()", "return cjson.decode(5)",
            "return cjson.decode({})", "return cjson.decode('[[[[[[[[[[1]]]]]]]]]]')[1][1][1][1][1][1][1][1][1][1]",
            "return cjson.decode(string.rep('[', 1001) .. string.rep(']', 1001))",
            "return #cjson.decode(string.rep('[', 999) .. string.rep(']', 999))",
            "local t = cjson.decode('{\"b\":[1,{\"c\":true}],\"a\":\"x\"}') return {t.a, t.b[1], tostring(t.b[2].c)}",
            "local t = cjson.decode('{\"1\":\"one\"}') return {t['1'], tostring(t[1])}",
            "return cjson.decode(cjson.encode({1, 'two', {three = 3}}))[3].three",
            "return cjson.encode(cjson.decode('{\"a\":[1,2,{\"b\":null}]}'))");
    }

    @Test
    void bitOps() throws IOException {
        evalAll(
            "return bit.tobit(0xffffffff)", "return bit.tobit(2^32 + 5)", "return bit.tobit(-1)",
            "return bit.tobit(1.5)", "return bit.tobit(2.5)", "return bit.tobit(-2.5)", "return bit.tobit(2^53)",
            "return bit.tohex(255)", "return bit.tohex(-1)", "return bit.tohex(255, 2)", "return bit.tohex(255, -4)",
            "return bit.tohex(0x12345678, 3)", "return bit.tohex(1, 0)", "return bit.tohex(1, 9)",
            "return bit.tohex(1, -9)", "return bit.bnot(0)", "return bit.bnot(5)", "return bit.band(0xff, 0x0f)",
            "return bit.band(-1, 7, 3)", "return bit.bor(1, 2, 4, 8)", "return bit.bxor(5, 3)",
            "return bit.bxor(1)", "return bit.band()", "return bit.lshift(1, 31)", "return bit.lshift(1, 32)",
            "return bit.lshift(1, 33)", "return bit.rshift(-1, 28)", "return bit.rshift(-1, 0)",
            "return bit.arshift(-256, 4)", "return bit.arshift(0x80000000, 31)", "return bit.rol(0x12345678, 8)",
            "return bit.ror(0x12345678, 8)", "return bit.rol(1, -1)", "return bit.bswap(0x12345678)",
            "return bit.bswap(-1)", "return bit.band('7', '3')", "return bit.band('x', 1)", "return bit.tobit()",
            "return bit.tobit({})", "return bit.tohex('ff')", "return bit.band(2^31, 2^31)",
            "return bit.bor(0x7fffffff, 0x80000000)", "return bit.lshift(0xff, 28)",
            "return bit.tobit(-2^31)", "return bit.tobit(2^31)", "return bit.tobit(0/0)", "return bit.tobit(1/0)");
    }

    @Test
    void structPackUnpackSize() throws IOException {
        evalAll(
            "return struct.pack('>I2', 258)", "return struct.pack('<I2', 258)", "return struct.pack('>i4', -2)",
            "return struct.pack('b', -1)", "return struct.pack('B', 255)", "return struct.pack('>h', 1)",
            "return struct.pack('>H', 65535)", "return struct.pack('>l', 1)", "return struct.pack('>L', 1)",
            "return struct.pack('>I8', 1)", "return struct.pack('>i3', -1)", "return struct.pack('<d', 1.5)",
            "return struct.pack('>f', 0.5)", "return struct.pack('s', 'abc')", "return struct.pack('c3', 'abcdef')",
            "return struct.pack('c0', 'abc')", "return struct.pack('>i', 7)", "return struct.pack('x')",
            "return struct.pack('!4 b i4', 1, 2)", "return struct.pack('>I2 c2 s', 1, 'xy', 'z')",
            "return {struct.unpack('>I2', '\\1\\2')}", "return {struct.unpack('<I2', '\\1\\2')}",
            "return {struct.unpack('>i4', '\\255\\255\\255\\254')}", "return {struct.unpack('b', '\\255')}",
            "return {struct.unpack('s', 'abc\\0rest')}", "return {struct.unpack('c2', 'abcd')}",
            "return {struct.unpack('>I2', '\\1\\2\\3\\4', 3)}", "return {struct.unpack('>I4', '\\1\\2')}",
            "return {struct.unpack('<d', struct.pack('<d', 2.25))}", "return {struct.unpack('B c0', "
                + "'\\3abcde')}", "return {struct.unpack('>h h', '\\0\\1\\0\\2')}",
            "return struct.size('>I2 i4 b')", "return struct.size('d')", "return struct.size('c10')",
            "return struct.size('!8 b d')", "return struct.size('s')", "return struct.pack('z', 'a')",
            "return struct.pack('>I17', 1)", "return struct.pack('i', 'x')", "return struct.unpack('>I2', 'a')",
            "return struct.pack('>I2', 70000)", "return struct.pack('<i8', -1)",
            "return {struct.unpack('<i8', struct.pack('<i8', -123456789))}", "return struct.pack()",
            "return struct.unpack('i')", "return struct.size()");
    }

    @Test
    void cmsgpackPackUnpack() throws IOException {
        evalAll(
            "return cmsgpack.pack(1)", "return cmsgpack.pack(-1)", "return cmsgpack.pack(127)",
            "return cmsgpack.pack(128)", "return cmsgpack.pack(-32)", "return cmsgpack.pack(-33)",
            "return cmsgpack.pack(255)", "return cmsgpack.pack(256)", "return cmsgpack.pack(65536)",
            "return cmsgpack.pack(2^32)", "return cmsgpack.pack(-129)", "return cmsgpack.pack(-32769)",
            "return cmsgpack.pack(-2^31 - 1)", "return cmsgpack.pack(1.5)", "return cmsgpack.pack(0.1)",
            "return cmsgpack.pack(1/0)", "return cmsgpack.pack(2^53)", "return cmsgpack.pack(2^64)",
            "return cmsgpack.pack('abc')", "return cmsgpack.pack(string.rep('x', 31))",
            "return cmsgpack.pack(string.rep('x', 32))", "return cmsgpack.pack(string.rep('x', 256))",
            "return #cmsgpack.pack(string.rep('x', 70000))", "return cmsgpack.pack(true)",
            "return cmsgpack.pack(false)", "return cmsgpack.pack(nil)", "return cmsgpack.pack({})",
            "return cmsgpack.pack({1, 2, 3})", "return cmsgpack.pack({a = 1})", "return cmsgpack.pack({1, nil, 3})",
            "return cmsgpack.pack({[1] = 1, [3] = 3})", "return cmsgpack.pack(1, 'two', {3})",
            "return cmsgpack.pack({{{}}})", "local t = {} for i = 1, 20 do t[i] = i end return cmsgpack.pack(t)",
            "local t = {} for i = 1, 70000 do t[i] = 1 end return #cmsgpack.pack(t)",
            "return cmsgpack.pack(function() end)", "return cmsgpack.pack()",
            "local t = {} t[1] = t return #cmsgpack.pack(t)",
            "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', 3.5))}", "return cmsgpack.unpack(cmsgpack.pack({1, 2}))",
            "return cmsgpack.unpack(cmsgpack.pack({a = 'b'})).a", "return cmsgpack.unpack('\\192')",
            "return tostring(cmsgpack.unpack('\\192'))", "return tostring(cmsgpack.unpack('\\194'))",
            "return cmsgpack.unpack('\\195')", "return cmsgpack.unpack('\\204\\200')",
            "return cmsgpack.unpack('\\208\\128')", "return cmsgpack.unpack('\\207\\0\\0\\0\\1\\0\\0\\0\\0')",
            "return cmsgpack.unpack('\\211\\255\\255\\255\\255\\255\\255\\255\\255')",
            "return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))", "return cmsgpack.unpack('\\161a')",
            "return cmsgpack.unpack('\\217\\1b')", "return cmsgpack.unpack('\\196\\2hi')", "return cmsgpack.unpack('')",
            "return cmsgpack.unpack('\\161')", "return cmsgpack.unpack('\\193')", "return cmsgpack.unpack()",
            "return cmsgpack.unpack('\\145\\1', 'x')", "return {cmsgpack.unpack('\\1\\2\\3')}",
            "return {cmsgpack.unpack_one('\\1\\2\\3')}", "return {cmsgpack.unpack_one('\\1\\2\\3', 2)}",
            "return {cmsgpack.unpack_limit('\\1\\2\\3', 2)}", "return {cmsgpack.unpack_limit('\\1\\2\\3', 2, 1)}",
            "return {cmsgpack.unpack_one('\\1', 5)}",
            "return cmsgpack.unpack(cmsgpack.pack({1, {2, {3, 'x'}}}))[2][2][2]");
    }

    @Test
    void stringPatternsAndFormat() throws IOException {
        evalAll(
            "return {string.find('hello world', 'o w')}", "return {string.find('hello', 'l+')}",
            "return {string.find('hello', 'xyz')}", "return {string.find('a.b', '.', 1, true)}",
            "return {string.find('hello', 'l', -2)}", "return {string.find('key:123:x', '(%d+)')}",
            "return {string.match('key:123', '^(%a+):(%d+)$')}", "return string.match('  trim  ', '^%s*(.-)%s*$')",
            "return {string.match('hello', '()ll()')}", "return string.match('abc', '%u')",
            "return {string.gsub('hello world', 'o', '0')}", "return {string.gsub('abc', '%w', '%0%0')}",
            "return {string.gsub('hello', '', '-')}", "return {string.gsub('a,b,,c', ',', ';', 2)}",
            "return string.gsub('$name is $age', '%$(%w+)', {name = 'bob', age = 7})",
            "return string.gsub('abc', '.', function(c) return c:upper() .. '.' end)",
            "return string.gsub('x', 'x', '%1')", "return string.gsub('x', 'x', '%2')", "return string.gsub('x', '(', '')",
            "return string.gsub('x', '[a', '')", "return string.gsub('x', '%', '')",
            "local t = {} for k, v in string.gmatch('a=1, b=2', '(%w+)=(%w+)') do t[#t + 1] = k .. v end return t",
            "local t = {} for w in ('one two  three'):gmatch('%S+') do t[#t + 1] = w end return t",
            "return string.match('[[nested]]', '%[(%b[])%]')", "return string.match('f(a(b)c)', '%b()')",
            "return string.match('THE (quick) fox', '%f[%a]%a+')", "return string.find('a+b', '+', 1, true)",
            "return string.match('2024-01-02', '(%d+)-(%d+)-(%d+)')", "return string.rep('ab', 3, ',')",
            "return string.rep('ab', 3)", "return string.rep('x', 0)", "return string.byte('ABC', 1, -1)",
            "return {string.byte('ABC', 1, -1)}", "return string.char(72, 105)", "return string.char(256)",
            "return string.sub('hello', 2, -2)", "return string.sub('hello', -3)", "return string.sub('hello', 10)",
            "return ('x'):rep(3)", "return #'abc'", "return string.len('\\0\\0')", "return string.reverse('abc')",
            "return string.upper('abcé')", "return string.lower('ABC')",
            "return string.format('%d', 3.7)", "return string.format('%5d|%-5d|%05d', 42, 42, 42)",
            "return string.format('%x %X %o', 255, 255, 8)", "return string.format('%#x', 255)",
            "return string.format('%e', 12345.6789)", "return string.format('%.3e', 0.000123)",
            "return string.format('%g %g %g', 0.0001, 1e20, 100)", "return string.format('%.14g', 0.1)",
            "return string.format('%.17g', 0.1)", "return string.format('%f', 1/3)", "return string.format('%.2f', 2.675)",
            "return string.format('%10.3f|', 3.14159)", "return string.format('%-10s|', 'hi')",
            "return string.format('%.2s', 'hello')", "return string.format('%q', 'a\\nb\"c\\0d')",
            "return string.format('%c%c', 72, 105)", "return string.format('%%')", "return string.format('%s', 1.5)",
            "return string.format('%s', nil)", "return string.format('%s %s', 1)", "return string.format('%d', 2^31)",
            "return string.format('%d', -2^53)", "return string.format('%d', 2^63)", "return string.format('%i', 5)",
            "return string.format('%u', 5)", "return string.format('%5.1s|', 'abc')", "return string.format('%+d % d', 5, 5)",
            "return string.format('%z', 1)", "return string.format('%f', 1/0)", "return string.format('%f', 0/0)",
            "return string.format('%.0f', 0.5)", "return string.format('%.0f', 1.5)", "return string.format('%g', 1e-5)",
            "return string.format('%a', 1)", "return string.format('%s', {}) ~= nil",
            "return tostring(1e15) .. ' ' .. tostring(1e16) .. ' ' .. tostring(-1e-5) .. ' ' .. tostring(2^53)",
            "return tostring(3.14159265358979) .. ' ' .. 12345678901234 .. ' ' .. 0.1 + 0.2",
            "return tostring(1/0) .. tostring(-1/0)", "return tostring(0/0)", "return 10 == '10'", "return '10' + 5",
            "return '0x10' + 0", "return ' 5 ' * 2", "return 'a' .. 1 .. 2.5", "return math.floor(-3.5)",
            "return math.fmod(7, 3)", "return math.fmod(-7, 3)", "return -7 % 3", "return 7 % -3", "return 5.5 % 2",
            "return math.max(1, 5, 3)", "return math.min(2)", "return math.abs(-2^63)", "return math.huge",
            "return tostring(math.huge)", "return math.pi", "return tostring(math.pi)", "return math.sqrt(2) .. ''",
            "return 2^0.5 .. ''", "return math.floor(2^31 + 0.5)", "return {math.modf(3.7)}", "return {math.frexp(8)}",
            "return math.ldexp(1, 10)", "return math.log(0) .. ''", "return math.log10(1000)",
            "local t = {5, 2, 8, 1} table.sort(t) return t",
            "local t = {5, 2, 8, 1} table.sort(t, function(a, b) return a > b end) return t",
            "local t = {'b', 'a', 'C'} table.sort(t) return t", "local t = {1, 'a'} table.sort(t) return t",
            "local t = {3, 1, 2} table.sort(t, function(a, b) return true end) return t",
            "return table.concat({1, 2, 3}, ', ')", "return table.concat({'a', 'b', 'c'}, '-', 2, 3)",
            "return table.concat({})", "return table.concat({1, {}, 3})",
            "local t = {1, 2} table.insert(t, 3) table.insert(t, 1, 0) return t",
            "local t = {1, 2, 3} local r = table.remove(t) return {r, #t}", "local t = {1, 2, 3} table.remove(t, 1) "
                + "return t", "return table.remove({})", "return table.getn({1, 2, 3})", "return table.maxn({[10] = 1})",
            "return #{1, 2, nil, 4}", "return #{nil, nil, 3}", "return select('#', 1, nil, 3)",
            "return select(2, 'a', 'b', 'c')", "return {unpack({1, 2, 3})}", "return {unpack({1, 2, 3}, 2)}",
            "return next({})", "return type(next({1}))", "local n = 0 for i, v in ipairs({1, 2, nil, 4}) do n = n + 1 "
                + "end return n", "local s = 0 for i = 10, 1, -3 do s = s + i end return s",
            "local s = 0 for i = 1, 3, 0.5 do s = s + i end return s * 10",
            "local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(20)",
            "local t = setmetatable({}, {__add = function(a, b) return 42 end}) return t + 1",
            "local mt = {__tostring = function() return 'custom' end} return tostring(setmetatable({}, mt))",
            "local t = setmetatable({}, {__call = function(self, x) return x * 2 end}) return t(21)",
            "local t = setmetatable({}, {__len = function() return 99 end}) return #t",
            "local t = setmetatable({}, {__eq = function() return true end}) return t == setmetatable({}, "
                + "getmetatable(t))", "local t = setmetatable({}, {__metatable = 'locked'}) return getmetatable(t)",
            "local t = setmetatable({}, {__metatable = 'locked'}) return setmetatable(t, {})",
            "local a = {} local b = a return rawequal(a, b)", "return type(tostring({}))",
            "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) "
                + "local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, "
                + "coroutine.status(co)}",
            "local f = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) return {f(), f(), f()}",
            "local function v(...) return select('#', ...), ... end return {v(1, nil, 3)}",
            "local function v(...) local t = {...} return #t end return v(1, 2, 3)",
            "local function v(...) return arg end return v(1, 2)",
            "return (function(...) return ... end)(1, 2, 3)", "local a, b, c = (function() return 1, 2 end)() "
                + "return {a, b, tostring(c)}", "local x = 10 local function f() x = x + 1 return x end f() return f()",
            "local t = {} for i = 1, 3 do t[i] = function() return i end end return {t[1](), t[2](), t[3]()}",
            "return 'a' < 'b'", "return 'Z' < 'a'", "return 'abc' < 'abd'", "return '' < 'a'", "return 2 < 10",
            "return '2' < '10'", "return 1 == 1.0", "return 0.1 + 0.2 == 0.3", "return not nil", "return nil and 1",
            "return false or 'default'", "return 1 and 2 or 3", "return 2^-1 .. ''", "return -2^2", "return 7 / 2 .. ''",
            "return 1e308 * 10 .. ''", "return -(0/0) ~= -(0/0)", "return #'\\u{48}'", "return '\\65\\066\\x41'",
            "return [==[long ]] string]==]", "return 'tab\\tand\\\\'", "return 0xff + 0XA", "return 1e2 + .5",
            "return string.format('%s', 1e100)", "return 2^63 == 2^63 + 1", "return math.floor(1e100) .. ''",
            "return string.format('%d', 1e100)", "return tostring(-0)", "return 0 == -0");
    }

    @Test
    void lua51CornersTheEngineMatches() throws IOException {
        evalAll(
            // LUA_COMPAT_VARARG's arg
            "local function v(...) return arg end return v(1, 2)", "local function v(...) return arg.n end return v()",
            "local function v(a, ...) return {arg.n, arg[1], arg[2]} end return v(1, 2, 3)",
            "local function v(...) local x = ... return arg end return v(1, 2)",
            "local function v(...) return function() return arg end end return v(4, 5)()",
            // integer arguments go through a 64-bit lua_Integer, then int
            "math.randomseed(2^40 + 3) return math.random(1000000)",
            "math.randomseed(-2^40 - 3) return math.random(1000000)",
            "math.randomseed(2^31) return math.random(1000000)", "math.randomseed(1e300) return math.random(1000000)",
            "math.randomseed(0/0) return math.random(1000000)", "math.randomseed(-3.7) return math.random(1000000)",
            "return string.rep('x', 2^32 + 2)", "return string.sub('hello', 2^32 + 2)",
            "return string.sub('hello', 2, 2^32 + 2)", "return string.char(2^32 + 65)",
            "return {select(2^32 + 2, 'a', 'b', 'c')}", "return string.rep('x', 2^31)",
            "return {string.byte('hello', 2^32 + 1)}", "return {string.byte('hello', -2^32, 2)}",
            // errors raised by library functions carry no position
            "local t = {1, 'a'} table.sort(t) return t", "local t = {'a', 1} table.sort(t) return t",
            "local t = {{}, {}} table.sort(t) return t", "local t = {1, 'a'} return {pcall(table.sort, t)}",
            "local t = {1, 'a'} table.sort(t, function(a, b) return a < b end) return t",
            "rawset(_G, 'x', 1)", "setmetatable(_G, {})", "table.insert(string, 1)", "setmetatable(string, {})",
            "return {pcall(rawset, _G, 'x', 1)}", "return {pcall(function() string.x = 1 end)}", "_G.x = 1",
            "string.x = 1",
            // newproxy
            "return newproxy ~= nil", "return type(newproxy())", "return newproxy()", "return {newproxy(true)}",
            "return type(getmetatable(newproxy(true)))", "return getmetatable(newproxy()) == nil",
            "local p = newproxy(true) return getmetatable(newproxy(p)) == getmetatable(p)",
            "local p = newproxy(true) getmetatable(p).__index = function(t, k) return k .. '!' end return p.hi",
            "local p = newproxy(true) getmetatable(p).__len = function() return 7 end return #p",
            "local p = newproxy(true) getmetatable(p).__tostring = function() return 'px' end return tostring(p)",
            "local p = newproxy(true) local q = newproxy(p) getmetatable(p).__eq = function() return true end "
                + "return {p == q, rawequal(p, q)}",
            "return {pcall(newproxy, {})}", "return {pcall(newproxy, 1)}", "return tostring(newproxy()):sub(1, 10)",
            "return cjson.encode(newproxy())", "return #cmsgpack.pack(newproxy())", "return newproxy().x",
            "return {pcall(function() return #newproxy() end)}", "return {pcall(setmetatable, newproxy(), {})}",
            // load and string.dump
            "return type(load)", "return type(string.dump)",
            "local t = {} for k, v in pairs(string) do t[#t + 1] = k end table.sort(t) return t",
            "local i = 0 local f = load(function() i = i + 1 if i == 1 then return 'return 42' end end) return f()",
            "local f, e = load(function() return nil end) return {type(f), tostring(e)}",
            "local f, e = load(function() return 'return +' end) return {type(f), e}",
            "local i = 0 return {load(function() i = i + 1 if i == 1 then return 'return +' end end, 'name')}",
            "local i = 0 return select(2, load(function() i = i + 1 if i == 1 then return 'return +' end end, '=nm'))",
            "local i = 0 return load(function() i = i + 1 if i == 1 then return 'return ' elseif i == 2 then return 7 "
                + "end end)()",
            "local i = 0 return {pcall(load(function() i = i + 1 if i == 1 then return 'return x' end end))}",
            "local i = 0 return {pcall(load(function() i = i + 1 if i == 1 then return 'error(\"x\")' end end))}",
            "return {pcall(load)}", "return {pcall(load, 'x')}", "return {pcall(string.dump)}",
            "return {pcall(string.dump, 1)}", "return {pcall(string.dump, tostring)}",
            "local s = string.dump(function() return 1 end) return {string.byte(s, 1, 44)}",
            "local s = string.dump(function(a, b, ...) return 1 end) return {string.byte(s, 42, 44)}",
            "return select(2, loadstring(string.dump(function() end)))",
            "local i = 0 return select(2, load(function() i = i + 1 if i == 1 then return string.dump(function() end) "
                + "end end))",
            "return select(2, loadstring('\\27Lua'))", "return select(2, loadstring('x\\0y'))",
            "return select(2, loadstring('return +', string.rep('z', 100)))",
            "return select(2, loadstring('return +', '=' .. string.rep('x', 100)))",
            "return select(2, loadstring('return +', '@' .. string.rep('y', 100)))");
    }

    @Test
    void coroutines() throws IOException {
        evalAll(
            "return type(coroutine)", "return coroutine.create(function() end)",
            "return type(coroutine.create(function() end))",
            "return tostring(coroutine.create(function() end)):sub(1, 10)",
            "local t = {} for k in pairs(coroutine) do t[#t + 1] = k end table.sort(t) return t",
            "return cjson.encode(coroutine.create(function() end))",
            "return #cmsgpack.pack(coroutine.create(function() end))",
            "local co = coroutine.create(function(a) local b = coroutine.yield(a + 1) return b * 2 end) "
                + "local _, x = coroutine.resume(co, 1) local _, y = coroutine.resume(co, 10) return {x, y, "
                + "coroutine.status(co)}",
            "local f = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) return {f(), f(), f()}",
            "local co = coroutine.create(function() end) coroutine.resume(co) return {coroutine.resume(co)}",
            "local co = coroutine.create(function() end) coroutine.resume(co) return select(2, coroutine.resume(co))",
            "local co co = coroutine.create(function() return select(2, coroutine.resume(co)) end) "
                + "return select(2, coroutine.resume(co))",
            "local outer outer = coroutine.create(function() local inner = coroutine.create(function() "
                + "return select(2, coroutine.resume(outer)) .. ' / ' .. coroutine.status(outer) end) "
                + "return select(2, coroutine.resume(inner)) end) return select(2, coroutine.resume(outer))",
            "return select(2, coroutine.resume(coroutine.create(function() error('boom') end)))",
            "return select(2, coroutine.resume(coroutine.create(function() local x = nil return x.y end)))",
            "return coroutine.wrap(function() error('x') end)()", "coroutine.wrap(function() end)() "
                + "local f = coroutine.wrap(function() end) f() return f()",
            "return {pcall(coroutine.wrap(function() error('in wrap') end))}",
            "coroutine.yield(1)", "return {pcall(coroutine.yield, 1)}",
            "return select(2, coroutine.resume(coroutine.create(function() return pcall(coroutine.yield, 1) end)))",
            "return {coroutine.resume(coroutine.create(function() return pcall(coroutine.yield, 1) end))}",
            "return select(2, coroutine.resume(coroutine.create(function() local t = setmetatable({}, "
                + "{__index = function(t, k) return coroutine.yield(k) end}) return t.x end)))",
            "return select(2, coroutine.resume(coroutine.create(function() table.sort({3, 2, 1}, "
                + "function(a, b) coroutine.yield() return a < b end) end)))",
            "return select(2, coroutine.resume(coroutine.create(function() "
                + "for x in function() coroutine.yield('it') end do end end)))",
            "return type(coroutine.running())", "return coroutine.wrap(function() "
                + "return type(coroutine.running()) end)()",
            "return {pcall(coroutine.create, tostring)}", "return {pcall(coroutine.create)}",
            "return {pcall(coroutine.resume, 1)}", "return {pcall(coroutine.status, {})}",
            "return {pcall(coroutine.wrap, tostring)}",
            "local co = coroutine.create(function(...) local r = {coroutine.yield(select('#', ...), ...)} "
                + "return #r, unpack(r) end) local a = {coroutine.resume(co, 1, 2, 3)} "
                + "local b = {coroutine.resume(co, 'a', 'b')} return {a[2], a[3], a[5], b[2], b[3], b[4]}",
            "local co = coroutine.create(function() redis.call('SET', 'co:k', 'v') "
                + "coroutine.yield(redis.call('GET', 'co:k')) return redis.call('nosuch') end) "
                + "local a = {coroutine.resume(co)} local b = {coroutine.resume(co)} "
                + "return {a[2], tostring(b[1]), type(b[2]), b[2].err}",
            "local co = coroutine.create(function() return redis.pcall('nosuch') end) "
                + "local ok, r = coroutine.resume(co) return {tostring(ok), r.err}",
            "return coroutine.wrap(function() redis.call('nosuch') end)()",
            "local gen = coroutine.wrap(function() local i = 0 while true do i = i + 1 coroutine.yield(i) end end) "
                + "local last for i = 1, 10000 do last = gen() end return last",
            "local t = {} for i = 1, 30 do t[i] = coroutine.create(function(x) coroutine.yield(x) "
                + "coroutine.yield(x * 2) end) coroutine.resume(t[i], i) end local s = 0 for i = 1, 30 do "
                + "local _, v = coroutine.resume(t[i]) s = s + v end return s");
    }

    @Test
    void recursionLimits() throws IOException {
        String f = "local function f(n) if n == 0 then return 0 end return 1 + f(n - 1) end ";
        evalAll(
            f + "return f(10000)", f + "return f(100000)", f + "return {pcall(f, 100000)}",
            "local d = 0 local function g() d = d + 1 return 1 + g() end local ok, e = pcall(g) "
                + "return {d > 15000 and d <= 20000, e}",
            "local d = 0 local function h() d = d + 1 local ok, e = pcall(h) if not ok then error(e, 0) end end "
                + "local ok, e = pcall(h) return {d, e}",
            "local d = 0 local function k() d = d + 1 return tostring(setmetatable({}, {__tostring = k})) end "
                + "local ok, e = pcall(k) return {d, e}",
            "local d = 0 local t = setmetatable({}, {__index = function(t, k) d = d + 1 return t[k] end}) "
                + "local ok, e = pcall(function() return t.x end) return {d, e}",
            "local d = 0 local function g() d = d + 1 return string.gsub('a', 'a', g) end "
                + "local ok, e = pcall(g) return {d, e}",
            "local d = 0 local function m() d = d + 1 local co = coroutine.create(m) local ok, e = "
                + "coroutine.resume(co) if not ok then error(e, 0) end end local ok, e = pcall(m) return {d, e}",
            "local function h() return pcall(h) end return {h()}");
    }
}
