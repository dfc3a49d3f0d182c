-- Acquires a lock and issues its fencing token, in one step.
-- KEYS[1] the lock, KEYS[2] the fence counter (same hash tag; no TTL: it must outlive every lease)
-- ARGV[1] owner id (unique per lease), ARGV[2] lease in ms,
-- ARGV[3] '0' one attempt, '1' a waiter (marks the lock so that its release publishes), '2' a waiter that has
--         waited long enough to claim the next turn (the release hands the lock to it); absent means '0',
-- ARGV[4] '1' when more waiters of this client wait for the lock (the new value keeps the 'waiters' mark); absent
--         means '0'. (Every argument costs the client and the server a little on each call: the common calls omit
--         the defaults.)
-- Returns the token (> 0) on success; otherwise 0 for a single attempt, or -(ms the lock still lives) for a waiter.
--
-- The lock's value is the holder's owner id, optionally followed by a mark:
--   <owner>            held, nobody waits            <owner>|w         held, waiters wait for its release
--   <owner>|n:<id>     held, waiter <id> has the next turn
--   r:<id>             reserved for waiter <id> after a release (expires after a short hand-off time)
local owner = ARGV[1]
local value = owner
if ARGV[4] == '1' then
  value = owner .. '|w'
end
-- SET NX GET (Redis 7.0+): nil when the lock was free and is now ours, else the holder's value, untouched.
local held = redis.call('set', KEYS[1], value, 'NX', 'PX', ARGV[2], 'GET')
if not held then
  return redis.call('incr', KEYS[2])
end
local reserved = 'r:' .. owner
if held == reserved or string.sub(held, 1, #reserved + 1) == reserved .. '|' then
  -- Handed to us by the last release: others were waiting with us, so keep the mark.
  redis.call('set', KEYS[1], owner .. '|w', 'PX', ARGV[2])
  return redis.call('incr', KEYS[2])
end
local mode = ARGV[3] or '0'
if mode == '0' then
  return 0
end
local bar = string.find(held, '|', 1, true)
if mode == '2' and not bar and string.sub(held, 1, 2) ~= 'r:' then
  redis.call('set', KEYS[1], held .. '|n:' .. owner, 'KEEPTTL')
elseif mode == '2' and bar and string.sub(held, bar, bar + 1) == '|w' and string.sub(held, 1, 2) ~= 'r:' then
  redis.call('set', KEYS[1], string.sub(held, 1, bar - 1) .. '|n:' .. owner, 'KEEPTTL')
elseif not bar then
  redis.call('append', KEYS[1], '|w')
end
local ttl = redis.call('pttl', KEYS[1])
if ttl < 1 then
  ttl = 1
end
return -ttl
