-- Moves ARGV[1] units from KEYS[1] to KEYS[2] atomically; refuses when funds are short.
-- KEYS come from one KeyGroup, so on Redis Cluster they share a slot and this script may touch them together.
local amount = tonumber(ARGV[1])
local balance = tonumber(redis.call('GET', KEYS[1]) or '0')
if balance < amount then
  return redis.error_reply('INSUFFICIENT funds: have ' .. balance .. ', need ' .. amount)
end
return {redis.call('DECRBY', KEYS[1], amount), redis.call('INCRBY', KEYS[2], amount)}
