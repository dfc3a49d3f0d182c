local t = {}
for i = 1, 200 do t[i] = (i * 7919) % 101 end
table.sort(t)
print(table.concat(t, ","))
local recs = {}
for i = 1, 50 do recs[i] = {k = (i * 37) % 7, id = i} end
table.sort(recs, function(a, b) return a.k < b.k end)
local ids = {}
for i, r in ipairs(recs) do ids[i] = r.id end
print(table.concat(ids, ","))
local words = {}
for w in ("the quick brown fox jumps over the lazy dog again and again"):gmatch("%a+") do words[#words + 1] = w end
table.sort(words, function(a, b) return #a < #b end)
print(table.concat(words, " "))
print(string.format("[%5.1s][%-3c][%3c][%.3d][%+.2d][%x][%5.0f][%#g][%g][%g]", "abc", 65, 66, 7, 3, 3.9, 2.5, 1.0, 1e15, 1e16))
print(string.format("%q", "tab\there\r\n\\ \0 end"))
print(string.gsub("hello world", "^h", "H"), string.gsub("abc", "b*", "-"), string.gsub("a,b,,c", ",", ";", 2))
print(string.find("abc", "", 10), string.find("abc", "", 4), string.find("", ""), string.match("abc", "()", 4))
print(string.gsub("abc", "(a)(b)(c)", "%3%2%1"), pcall(string.gsub, "abc", "(a)", "%9"))
print(string.match("  x", "^%s*()"), string.find("a+b", "+", 1, true), string.find("a.b", "%."))
print(tostring(nil), tostring(true), tonumber("  -0x1A  "), tonumber("1 2"), tonumber(""), tonumber("0x"), tonumber("1e+"), tonumber(".e1"))
print(math.max(-0.0, 0), math.min(1), 2^1023 * 2, -(2^1023 * 2), math.floor(-3.5), math.ceil(-3.5), math.abs(-0.0))
print(select("#", unpack({1, 2, nil, 4})), #{1, 2, nil, 4}, #{nil}, #{nil, nil}, #{1, nil}, #{n = 3, 1})
local z = {10, 20, 30, nil, 50}
print(#z)
local big = {}
for i = 1, 10 do big[i] = i end
big[5] = nil
print(#big)
big[10] = nil; big[9] = nil
print(#big)
print(string.rep("=", 3) .. 1 .. 2, 1 .. "", -1 .. "", 1e100 .. "", (2^53) .. "")
print(8 % 3.5, -8 % 3.5, 2^2^3, -2^2, not nil == true, 1 .. 2 == "12", "a" .. "b" == "ab")
local m = setmetatable({}, {__index = string})
print(m.upper("x"), rawequal(m, m), rawlen)
print(type(getfenv), type(getfenv(1)), getfenv(1) == _G, getfenv(0) == _G)
local function envtest() return x_in_env end
setfenv(envtest, {x_in_env = "from env"})
print(envtest(), x_in_env)
print(string.format("%-10s|", "hi"), string.format("%10.4f|", math.pi), string.format("%-+8.2f|", 2.5), string.format("% d", 42))
print(#string.format("%099d", 1), pcall(string.format, "%100d", 1))
print(string.byte(""), string.char(), string.sub("", 1, 1), string.upper(""), ("x"):len())
