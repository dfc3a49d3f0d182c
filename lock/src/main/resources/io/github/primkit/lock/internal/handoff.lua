-- Releases a lock held by the caller's lease and, in the same step, hands it to a waiter of the same process, which
-- gets its fencing token here: one round trip instead of a release, a notification and the waiter's acquire.
-- KEYS[1] the lock, whose name is also its release channel, KEYS[2] the fence counter (same hash tag)
-- ARGV[1] owner id of the releasing lease, ARGV[2] hand-off time in ms,
-- ARGV[3] the waiter's owner id, ARGV[4] the waiter's lease in ms, ARGV[5] '1' when more waiters of this process
-- wait for the lock (the new value keeps the 'waiters' mark).
-- Returns the waiter's token (> 0) when handed over; 0 the lock had expired, -1 another lease holds it (nothing
-- changed in either case); -2 released but not handed over, because a waiter of another process had claimed the
-- next turn (see acquire.lua): the lock is reserved for that one, exactly as release.lua does.
local held = redis.call('get', KEYS[1])
if not held then
  return 0
end
local owner = ARGV[1]
local mark = ''
if held ~= owner then
  if string.sub(held, 1, #owner + 1) ~= owner .. '|' then
    return -1
  end
  mark = string.sub(held, #owner + 2)
end
if string.sub(mark, 1, 2) == 'n:' then
  local next = string.sub(mark, 3)
  redis.call('set', KEYS[1], 'r:' .. next, 'PX', ARGV[2])
  redis.call('publish', KEYS[1], next)
  return -2
end
-- The 'waiters' mark stays while anyone (this process or another) still waits, so the next release notifies.
local value = ARGV[3]
if mark == 'w' or ARGV[5] == '1' then
  value = value .. '|w'
end
redis.call('set', KEYS[1], value, 'PX', ARGV[4])
return redis.call('incr', KEYS[2])
