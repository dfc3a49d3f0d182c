-- coroutine library (Lua 5.1): create, resume, yield, status, wrap, running, and their errors
local co = coroutine.create(function(a, b)
  print('start', a, b)
  local c, d = coroutine.yield(a + b)
  print('got', c, d)
  local e = coroutine.yield(c * d)
  return e, 'done'
end)
print(type(co), coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 3, 4))
print(coroutine.resume(co, 'x'))
print(coroutine.status(co))
print(coroutine.resume(co))
print(coroutine.resume(co, 1))

-- errors inside a coroutine come back from resume; the coroutine is dead
local bad = coroutine.create(function() local x = nil; return x.y end)
print(coroutine.resume(bad))
print(coroutine.status(bad))
local bad2 = coroutine.create(function() error({code = 42}) end)
local ok, e = coroutine.resume(bad2)
print(ok, type(e), e.code)
local bad3 = coroutine.create(function() error('plain', 0) end)
print(coroutine.resume(bad3))
local bad4 = coroutine.create(function() coroutine.yield(1) error('later') end)
print(coroutine.resume(bad4))
print(coroutine.resume(bad4))
print(coroutine.resume(bad4))

-- status: running, normal
local outer
outer = coroutine.create(function()
  print('outer sees itself', coroutine.status(outer), coroutine.running() == outer)
  local inner = coroutine.create(function()
    print('inner sees outer', coroutine.status(outer))
    print('resume outer from inner', coroutine.resume(outer))
    print('resume self', coroutine.resume(coroutine.running()))
    coroutine.yield('from inner')
  end)
  print('inner yielded', coroutine.resume(inner))
  print('inner status', coroutine.status(inner))
  return 'outer done'
end)
print(coroutine.resume(outer))
print(coroutine.running())

-- wrap
local gen = coroutine.wrap(function(n)
  for i = 1, n do coroutine.yield(i, i * i) end
  return 'end'
end)
print(gen(3))
print(gen())
print(gen())
print(gen())
print(pcall(gen))
local werr = coroutine.wrap(function() error('inside wrap') end)
print(pcall(werr))
local werr2 = coroutine.wrap(function() error({}) end)
local okw, ew = pcall(werr2) print(okw, type(ew))
for v in coroutine.wrap(function() for i = 10, 12 do coroutine.yield(i) end end) do print('iter', v) end

-- yield across a C-call boundary
print(coroutine.resume(coroutine.create(function() return pcall(coroutine.yield, 1) end)))
print(coroutine.resume(coroutine.create(function()
  local t = setmetatable({}, {__index = function(t, k) return coroutine.yield(k) end})
  return t.x
end)))
print(coroutine.resume(coroutine.create(function()
  table.sort({3, 2, 1}, function(a, b) coroutine.yield() return a < b end)
end)))
print(coroutine.resume(coroutine.create(function()
  return string.gsub('ab', '%w', function(c) coroutine.yield(c) end)
end)))
print(coroutine.resume(coroutine.create(function()
  for x in function() coroutine.yield('it') end do end
end)))
print(pcall(coroutine.yield, 1))
print(select('#', coroutine.running()))

-- argument checks
print(pcall(coroutine.create, print))
print(pcall(coroutine.create, 1))
print(pcall(coroutine.create))
print(pcall(coroutine.resume, 1))
print(pcall(coroutine.resume))
print(pcall(coroutine.status, {}))
print(pcall(coroutine.wrap, print))
print(pcall(coroutine.wrap))

-- values: varargs, nils, many values
local many = coroutine.create(function(...)
  local n = select('#', ...)
  local r = {coroutine.yield(n, ...)}
  return #r, unpack(r)
end)
print(coroutine.resume(many, 1, nil, 3, nil))
print(coroutine.resume(many, 'a', 'b', 'c'))
print(coroutine.resume(coroutine.create(function() end)))
print(select('#', coroutine.resume(coroutine.create(function() return nil, nil end))))

-- a generator pipeline
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({'alpha', 'beta', 'gamma'}) do coroutine.yield(w) end
  end)
end
local function filter(p)
  return coroutine.create(function()
    while true do
      local ok, w = coroutine.resume(p)
      if not w then break end
      coroutine.yield(w:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local ok, w = coroutine.resume(f)
  if not w then break end
  print(w)
end

-- many coroutines, each left suspended
local live = {}
for i = 1, 50 do
  local c = coroutine.create(function(x) coroutine.yield(x) coroutine.yield(x * 2) end)
  coroutine.resume(c, i)
  live[i] = c
end
local sum = 0
for i = 1, 50 do local _, v = coroutine.resume(live[i]) sum = sum + v end
print('sum', sum, coroutine.status(live[1]))

-- many switches
local counter = coroutine.wrap(function() local i = 0 while true do i = i + 1 coroutine.yield(i) end end)
local last
for i = 1, 20000 do last = counter() end
print('switches', last)

-- tostring, equality, as table keys
local c1 = coroutine.create(function() end)
print(tostring(c1):sub(1, 8), c1 == c1, c1 == coroutine.create(function() end))
local keys = {[c1] = 'one'}
print(keys[c1])
print(type(coroutine), type(coroutine.create), type(coroutine.wrap(function() end)))

-- errors carry positions; a wrapped error gets the caller's position too
local pos = coroutine.wrap(function()
  error('deep')
end)
print(pcall(pos))
print(coroutine.resume(coroutine.create(function() return 1 + {} end)))
-- a dead coroutine through wrap
local once = coroutine.wrap(function() end)
once()
print(pcall(once))
