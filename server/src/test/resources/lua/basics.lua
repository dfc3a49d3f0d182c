local x, y = 1, 2
print(x + y, x .. y, x / 3, 10 % 3, -7 % 3, 2^10)
local t = {1, 2, 3, a = "b"}
print(#t, t.a, t[2])
local function fib(n) if n < 2 then return n end return fib(n-1) + fib(n-2) end
print(fib(20))
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local function va(...) return select('#', ...), ... end
print(va(1, nil, 3))
for k, v in pairs({10, 20, x = 30}) do print(k, v) end
for i, v in ipairs({"a", "b", nil, "d"}) do print(i, v) end
local mt = {__index = function(t, k) return k .. "!" end, __add = function(a, b) return 42 end}
local o = setmetatable({}, mt)
print(o.foo, o + 1, 1 + o)
print(pcall(error, "x"))
print(pcall(function() error("boom") end))
print(pcall(function() local t = nil; return t.x end))
print(pcall(function() return undefinedvar + 1 end))
print(pcall(function() undefinedfn() end))
print(pcall(function() local t = {} t.x.y = 1 end))
print(pcall(function() return 1 < "x" end))
print(pcall(function() return {} .. "" end))
local function count(n) if n == 0 then return "done" end return count(n - 1) end
print(count(1000000))
print(tostring(1/3), 1e15, 1e14, 123456789012345, 2^53, 1e100, 0.1, 100, -5)
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("ff", 16), tonumber("x"))
print(unpack({1, 2, 3}))
print(type(nil), type(print), type({}), type("x"), type(2))
local a = {}
a.b = {c = {}}
function a.b.c.f(x) return x * 2 end
function a.b.c:m(x) return self == a.b.c, x end
print(a.b.c.f(21), a.b.c:m(5))
local s = 0
for i = 10, 1, -2.5 do s = s + i end
print(s)
local i = 0
repeat local j = i; i = i + 1 until j >= 3
print(i)
while true do i = i + 1; if i > 10 then break end end
print(i)
print(select(-1, 1, 2, 3), select(2, "a", "b", "c"))
print(rawequal("a", "a"), rawget({5}, 1), next({}))
print(not nil, 1 and 2, nil or "d", false and 1)
