-- Releases a lock if, and only if, the caller's lease still holds it.
-- KEYS[1] the lock, whose name is also its release channel; ARGV[1] owner id of the lease, ARGV[2] hand-off time in ms.
-- Returns 1 released, 0 the lock had expired (nobody holds it), -1 another lease holds it now.
-- Publishes on the channel only when waiters marked the lock (see acquire.lua): the message is the id of the waiter
-- the lock is handed to, or empty when any waiter may take it.
local held = redis.call('get', KEYS[1])
if not held then
  return 0
end
local owner = ARGV[1]
if held == owner then
  redis.call('del', KEYS[1])
  return 1
end
if string.sub(held, 1, #owner + 1) ~= owner .. '|' then
  return -1
end
local mark = string.sub(held, #owner + 2)
if string.sub(mark, 1, 2) == 'n:' then
  local next = string.sub(mark, 3)
  redis.call('set', KEYS[1], 'r:' .. next, 'PX', ARGV[2])
  redis.call('publish', KEYS[1], next)
else
  redis.call('del', KEYS[1])
  redis.call('publish', KEYS[1], '')
end
return 1
