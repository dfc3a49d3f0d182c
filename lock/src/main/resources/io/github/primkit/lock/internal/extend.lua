-- Extends a lease if, and only if, it still holds the lock (compare-and-extend).
-- KEYS[1] the lock; ARGV[1] owner id of the lease, ARGV[2] new lease in ms, counted from now.
-- Returns 1 extended, 0 the lock had expired (nobody holds it), -1 another lease holds it now.
local held = redis.call('get', KEYS[1])
if not held then
  return 0
end
local owner = ARGV[1]
if held ~= owner and string.sub(held, 1, #owner + 1) ~= owner .. '|' then
  return -1
end
redis.call('pexpire', KEYS[1], ARGV[2])
return 1
