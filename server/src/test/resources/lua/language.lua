-- closures: each iteration's locals are fresh; shared upvalues
local fns = {}
for i = 1, 3 do local j = i * 10; fns[i] = function() j = j + 1; return i, j end end
print(fns[1](), fns[1](), fns[2](), fns[3]())
local function counter() local n = 0; return function() n = n + 1; return n end, function() return n end end
local inc, get = counter()
inc(); inc(); print(get())
local acc = {}
local k = 1
while k <= 3 do local v = k; acc[k] = function() return v end; k = k + 1 end
print(acc[1](), acc[2](), acc[3]())
for _, v in ipairs({"a", "b"}) do acc[v] = function() return v end end
print(acc.a(), acc.b())
-- varargs and multiple results
local function pack(...) return {n = select('#', ...), ...} end
local function three() return 1, 2, 3 end
local p = pack(three(), three())
print(p.n, p[1], p[2], p[4])
print((three()))
local t = {three(), three(), x = 1}
print(#t, t[4])
local a, b, c, d = three()
print(a, b, c, d)
local x, y = 1
print(x, y)
x, y = y, x
print(x, y)
local function va(...) local a, b = ... return a, b, select('#', ...) end
print(va(), va(nil), va(1, 2, 3))
print(select('#', nil, nil), select('#'))
print(unpack({1, nil, 3}))
print(unpack({1, 2, 3}, 2), unpack({1, 2, 3}, 2, 3), unpack({}, 1, 2))
-- assignment evaluates all expressions before assigning
local arr = {1, 2, 3}
local i = 1
i, arr[i] = i + 1, 20
print(i, arr[1], arr[2])
-- metatables
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x}, V) end
V.__eq = function(a, b) return a.x == b.x end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(v) return "V(" .. v.x .. ")" end
V.__concat = function(a, b) return tostring(a) .. "|" .. tostring(b) end
V.__unm = function(a) return setmetatable({x = -a.x}, V) end
V.__call = function(self, arg) return "called " .. self.x .. " " .. tostring(arg) end
V.__len = function() return 99 end
function V.new(x) return setmetatable({x = x}, V) end
function V:double() return V.new(self.x * 2) end
local v1, v2 = V.new(1), V.new(2)
print(tostring(v1 + v2), v1 == V.new(1), v1 ~= v2, v1 < v2, v1 <= v2, v1 > v2, v2 >= v1)
print(v1 .. v2, v1 .. "s", "s" .. v1, tostring(-v1), v1(5), v1:double().x, #v1)
local log = {}
local proxy = setmetatable({}, {__index = function(t, k) log[#log + 1] = k; return k .. "?" end,
  __newindex = function(t, k, v) rawset(t, k, v * 2) end})
print(proxy.foo, proxy.bar, #log)
proxy.z = 5
print(proxy.z, rawget(proxy, "z"), rawget(proxy, "foo"))
local base = {greet = function() return "hi" end}
local derived = setmetatable({}, {__index = setmetatable({}, {__index = base})})
print(derived.greet())
local store = {}
local w = setmetatable({}, {__newindex = store})
w.a = 1
print(rawget(w, "a"), store.a)
print(getmetatable("x").__index == string, getmetatable({}), getmetatable(setmetatable({}, {__metatable = "no"})))
print(("abc"):upper(), ("%d-%s"):format(1, "x"), #"hello", ("x"):rep(3, ","))
-- string coercion
print("10" + 1, "3" * "4", 10 .. "", 1.5 .. "|", "0x10" + 0, " 5 " * 2, -"2", "1e1" + 0)
print(10 == "10", 1 < 2, "a" < "b", "abc" < "abd", "Z" < "a", "" < "a", "10" < "9")
-- numbers
print(0x10, 0xff, 1e3, 1.5e-3, 3.0, .5, 5e+2, 0xA, 1e308 * 10, -1e308 * 10)
print(100, -100, 1e14, 1e15, 123456789012, 12345678901234567, 0.1, 1/3, 2/3, 3.14159265358979)
print(1e-5, 123.456, -0.0001, 2^63, -2^63, 2^53 + 1, 1e100, 5 % 3, -5 % 3, 5 % -3, 5.25 % 1, 2^-1)
print(math.huge, -math.huge, 7 / 2, 8 / 2, 3 - 5, 10 * 0.1, 0.1 + 0.2, 1 - 0.9)
print(string.format("%.14g", 0.1 + 0.2))
-- loops
local s = 0
for i = 1, 0 do s = s + 1 end
for i = 0, 1, 0.25 do s = s + i end
for i = 5, 1, -1 do s = s + i end
for i = 1.5, 3 do s = s + i end
print(s)
local n = 0
repeat local done = n >= 3; n = n + 1 until done
print(n)
for i = 1, 10 do if i % 2 == 0 then goto_ = i end if i > 6 then break end end
print(goto_)
local keys = {}
for k2, v2 in pairs({10, 20, 30}) do keys[#keys + 1] = k2 .. "=" .. v2 end
print(table.concat(keys, ","))
for i2, v3 in ipairs({1, 2, nil, 4}) do n = i2 end
print(n)
local function iter(st, ctl) if ctl < st then return ctl + 1, ctl * 2 end end
for a3, b3 in iter, 3, 0 do itr = (itr or "") .. a3 .. ":" .. b3 .. " " end
print(itr)
-- long strings, comments and escapes
local ls = [[
line1
line2]]
print(ls, #ls)
print([==[a]]b]=]c]==], [[]], "tab\tq\"\'\\", 'nl\
x', "\65\066\0067", "\x41", #"\0\0")
--[[ block
comment ]] print("after comment") --[==[ another ]==] print("x")
-- and/or/not
print(nil and 1, false or nil, 1 and nil, nil or false, not 0, not "", 0 and "zero", false == nil)
print(1 == 1.0, "1" == 1, {} == {}, nil == false)
-- recursion and tail calls
local function fact(n) if n <= 1 then return 1 end return n * fact(n - 1) end
print(fact(10), fact(20), fact(25))
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(100000, 0))
local t2 = {}
function t2.a(x) return x end
function t2:b(x) return self == t2, x end
print(t2.a(1), t2:b(2), t2.b(t2, 3))
-- # on strings and tables
local h = {}
h[1] = 1; h[2] = 2; h[3] = 3
print(#h, #"", #{n = 1}, #{1, 2, nil}, #{nil, nil, 3})
h[#h] = nil
print(#h)
h[#h + 1] = "x"
print(#h, h[3])
