-- Applies one write only if its fencing token is at least the highest token the resource has accepted.
-- KEYS[1] the protected key, KEYS[2] its fence key (same Cluster slot; holds the highest accepted token, no TTL)
-- ARGV[1] the token (decimal, > 0), ARGV[2] the write: 'set' | 'hset' | 'rpush', ARGV[3..] its arguments.
-- Returns {1, token} when applied, {0, highest} when refused as stale.
local function at_least(a, b)
  -- Exact comparison of non-negative decimal integers without leading zeros (Lua numbers lose precision past 2^53).
  if #a ~= #b then
    return #a > #b
  end
  return a >= b
end
local token = ARGV[1]
local highest = redis.call('get', KEYS[2])
if highest and not at_least(token, highest) then
  return {0, highest}
end
local write = ARGV[2]
if write == 'set' then
  redis.call('set', KEYS[1], ARGV[3])
elseif write == 'hset' then
  redis.call('hset', KEYS[1], unpack(ARGV, 3))
elseif write == 'rpush' then
  redis.call('rpush', KEYS[1], ARGV[3])
else
  return redis.error_reply('ERR unknown fenced write ' .. write)
end
if highest ~= token then
  redis.call('set', KEYS[2], token)
end
return {1, token}
