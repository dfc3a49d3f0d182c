local t = {1, 2, 3, x = 1, y = 2}
for k in pairs(t) do t[k] = nil end
print(next(t))
local u = {}
for i = 1, 100 do u[i] = i; u["k" .. i] = i end
local n = 0
for k, v in pairs(u) do n = n + 1; u[k] = nil end
print(n, next(u))
local w = {}
for i = 1, 10 do w[i] = i end
for i = 10, 1, -1 do w[i] = nil end
print(#w, next(w))
w[1] = 1; w[3] = 3; w[2] = 2
print(#w)
